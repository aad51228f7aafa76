"""Who may do what. Every view and API call asks these functions; nothing else decides.

Roles: organiser (programme office: everything), member (own projects and own profile),
reader (signed in: reads everything), anonymous (reads what is public).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from motesplats.registry.models import Person, Project


def is_signed_in(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_organiser(user: Any) -> bool:
    return is_signed_in(user) and user.is_organiser


def person_of(user: Any) -> Person | None:
    if not is_signed_in(user):
        return None
    return getattr(user, "person", None)


def can_read_private(user: Any) -> bool:
    """Signed-in people read everything; the public reads what is marked public."""
    return is_signed_in(user)


def can_view_project(user: Any, project: Project) -> bool:
    return project.is_public or can_read_private(user)


def can_create_project(user: Any) -> bool:
    return is_organiser(user) or (is_signed_in(user) and user.is_member and person_of(user) is not None)


def can_edit_project(user: Any, project: Project) -> bool:
    if is_organiser(user):
        return True
    person = person_of(user)
    if person is None or not user.is_member:
        return False
    return project.contacts.filter(pk=person.pk).exists()


def can_view_people(user: Any) -> bool:
    """People are personal data: only signed-in users see the people register."""
    return is_signed_in(user)


def can_edit_person(user: Any, person: Person) -> bool:
    if is_organiser(user):
        return True
    own = person_of(user)
    return own is not None and own.pk == person.pk


def can_manage(user: Any) -> bool:
    """Imports, exports of personal data, organisations, events: the programme office."""
    return is_organiser(user)


def can_review_links(user: Any) -> bool:
    """The overlap view and verdicts on proposed links (related projects, data one collects and another needs)."""
    return is_organiser(user)


# --- seminar series (events) -----------------------------------------------------------------------


def can_manage_events(user: Any) -> bool:
    """Create, edit, publish and cancel events; edit agendas; see every registration; check people in."""
    return is_organiser(user)


def can_view_event(user: Any, event: Any) -> bool:
    """Published, finished and cancelled events are public; drafts only for organisers."""
    return not event.is_draft or can_manage_events(user)


def can_register_for(user: Any, person: Person) -> bool:
    """A signed-in person registers themselves; organisers register anyone on their behalf."""
    if can_manage_events(user):
        return True
    own = person_of(user)
    return own is not None and own.pk == person.pk


def can_view_registration(user: Any, registration: Any) -> bool:
    if can_manage_events(user):
        return True
    own = person_of(user)
    return own is not None and registration.person_id == own.pk


def can_cancel_registration(user: Any, registration: Any) -> bool:
    return can_view_registration(user, registration)


def can_check_in(user: Any) -> bool:
    return can_manage_events(user)


# --- registry pages and API ------------------------------------------------------------------------


def can_view_organisation(user: Any, organisation: Any) -> bool:
    """Organisations are public: names, kinds and descriptions of the city's partners."""
    return True


def can_delete_project(user: Any, project: Project) -> bool:
    return is_organiser(user)


def can_manage_organisations(user: Any) -> bool:
    return is_organiser(user)


def can_import_portfolio(user: Any) -> bool:
    return is_organiser(user)


def can_export_projects(user: Any) -> bool:
    """Signed-in people download the project list they see (it names contact people)."""
    return is_signed_in(user)


def can_view_contact_details(user: Any) -> bool:
    """E-mail addresses of contact people: only for signed-in people."""
    return is_signed_in(user)


# --- API tokens --------------------------------------------------------------------------------------


def can_revoke_api_token(user: Any, token: Any) -> bool:
    return is_signed_in(user) and token.user_id == user.pk


# --- data sharing: the catalogue, data requests and agreements --------------------------------------
# The owner side of a request is the contacts of the project that collects the dataset; the requesting side
# is the person who asked and the contacts of the project they asked for. The programme office sees all.


def can_view_dataset(user: Any, dataset: Any) -> bool:
    """The public sees open datasets of public projects; signed-in people see every dataset."""
    if can_read_private(user):
        return True
    return dataset.openness == "öppen" and dataset.project.is_public


def _is_contact(person: Any, project_id: int | None) -> bool:
    if person is None or project_id is None:
        return False
    from motesplats.registry.models import Project

    return Project.contacts.through.objects.filter(project_id=project_id, person_id=person.pk).exists()


def is_data_owner(user: Any, dataset: Any) -> bool:
    return _is_contact(person_of(user), dataset.project_id)


def is_owner_side(user: Any, data_request: Any) -> bool:
    return is_data_owner(user, data_request.dataset)


def is_requester_side(user: Any, data_request: Any) -> bool:
    person = person_of(user)
    if person is None:
        return False
    return data_request.requester_id == person.pk or _is_contact(person, data_request.project_id)


def is_party(user: Any, data_request: Any) -> bool:
    return is_requester_side(user, data_request) or is_owner_side(user, data_request)


def can_request_data(user: Any, dataset: Any) -> bool:
    """Members and organisers with a person in the registry ask for data that is not their own project's."""
    if not is_signed_in(user) or person_of(user) is None or not (user.is_member or user.is_organiser):
        return False
    return not is_data_owner(user, dataset)


def can_contact_owner(user: Any, dataset: Any) -> bool:
    return can_request_data(user, dataset)


def can_view_data_request(user: Any, data_request: Any) -> bool:
    """Only the parties and the programme office see a request that is not public."""
    if is_organiser(user) or is_party(user, data_request):
        return True
    return bool(data_request.is_public) and is_signed_in(user)


def can_answer_data_request(user: Any, data_request: Any) -> bool:
    return is_signed_in(user) and is_owner_side(user, data_request)


def can_act_as_requester(user: Any, data_request: Any) -> bool:
    return is_signed_in(user) and is_requester_side(user, data_request)


def can_view_data_flows(user: Any) -> bool:
    return is_signed_in(user)


def can_export_all_data_steps(user: Any) -> bool:
    return is_organiser(user)


# --- insight and reports -----------------------------------------------------------------------------


def can_view_insight(user: Any) -> bool:
    """The figures of the programme (portfolio, seminars, ties, overlaps): every signed-in user."""
    return is_signed_in(user)


def can_view_event_report(user: Any, event: Any) -> bool:
    """A seminar's report (programme, attendance in figures, networking, findings): signed-in users, for an
    event they may see."""
    return is_signed_in(user) and can_view_event(user, event)


def can_view_my_page(user: Any) -> bool:
    return is_signed_in(user)


# --- outreach: mailings, news, follow-ups ---------------------------------------------------------------


def can_send_mailings(user: Any) -> bool:
    """Invitations, messages to participants and the delivery log: the programme office."""
    return is_organiser(user)


def can_write_news(user: Any) -> bool:
    return is_organiser(user)


def can_moderate_news(user: Any) -> bool:
    return is_organiser(user)


def can_comment(user: Any) -> bool:
    return is_signed_in(user)


def can_view_followups(user: Any) -> bool:
    """Follow-ups of round-table findings: every signed-in user (leadership reads them in insight)."""
    return is_signed_in(user)


def can_manage_followups(user: Any) -> bool:
    return is_organiser(user)
