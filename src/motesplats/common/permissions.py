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
