"""Writes to the registry. Every write of a registry row goes through here: pages, the API, the portfolio
import and other apps (events resolves walk-ins and imported participants with `person_resolve`).

Services take data (keyword arguments and the dataclasses below), never forms. Each runs in one transaction,
checks what it writes (django.core.exceptions.ValidationError, with the fields named), and announces the
projects it changed with `registry.signals.projects_changed`, once per transaction, after the commit.
New organisations, people and projects are always written by the bulk services (the one-row services call
them with one row); a bulk service's queries do not grow with the number of rows (inserts go in batches).

tags.py
    parse_tags(text) -> list        (slugs: motesplats.common.slugs, unique_slug / unique_slugs)
themes.py
    themes_get_or_create(*, names) -> list[Theme]          # case-insensitive, in the given order
organisations.py
    OrganisationData(name, kind, description, website, key)
    organisation_bulk_create(*, organisations) -> list ; organisation_create(*, name, ...) ;
    organisation_update(*, organisation, **fields)
people.py
    PersonData(name, organisation, email, title, interests, languages, user, key)
    person_bulk_create(*, people) -> list ; person_create(*, name, organisation, ...) ;
    person_update(*, person, **fields) ; person_link_user(*, person, user)
        # a new e-mail address waits for the new address to confirm it (email_change.py):
        # person_email_change_request(*, person, email) -> token ; person_email_change_confirm(*, token) -> Person
    people_resolve(*, people) -> [(Person, created)] ; person_resolve(*, data) -> (Person, created)
        # by e-mail address; a new person needs a name and an organisation
    person_gdpr_export / person_anonymise            # registered in accounts.personal_data
projects.py
    ProjectData(title, owner, ..., themes, partners, contacts, datasets, needs)
    project_bulk_create(*, projects) -> list ;
    project_create(*, title, owner, ..., datasets=(), needs=(), by=None)   # a member `by` becomes a contact ;
    project_update(*, project, themes=None, partners=None, contacts=None, datasets=None, needs=None, **fields) ;
    project_delete(*, project)
project_data.py
    DatasetData(name, ..., id=None) ; DataNeedData(description, id=None)
    project_data_replace(*, project, datasets=None, needs=None) -> DataChanges (created/updated/unchanged/removed)
    ProjectLists(project, datasets=None, needs=None) ; project_data_bulk_replace(*, lists) -> {project id: DataChanges}
    dataset_create / dataset_update / dataset_delete ; data_need_create / data_need_update / data_need_delete
"""

from .email_change import email_change_requested, person_email_change_confirm, person_email_change_request
from .organisations import (
    OrganisationData,
    organisation_bulk_create,
    organisation_create,
    organisation_update,
)
from .people import (
    ANONYMISED_NAME,
    PersonData,
    people_resolve,
    person_anonymise,
    person_bulk_create,
    person_create,
    person_gdpr_export,
    person_link_user,
    person_resolve,
    person_update,
)
from .project_data import (
    DataChanges,
    DataNeedData,
    DatasetData,
    ListChanges,
    ProjectLists,
    data_need_create,
    data_need_delete,
    data_need_update,
    dataset_create,
    dataset_delete,
    dataset_update,
    project_data_bulk_replace,
    project_data_replace,
)
from .projects import ProjectData, project_bulk_create, project_create, project_delete, project_update
from .tags import parse_tags
from .themes import themes_get_or_create

__all__ = [
    "ANONYMISED_NAME", "DataChanges", "DataNeedData", "DatasetData", "ListChanges", "OrganisationData",
    "PersonData", "ProjectData", "ProjectLists", "data_need_create", "data_need_delete", "data_need_update",
    "dataset_create", "dataset_delete", "dataset_update", "organisation_bulk_create", "organisation_create",
    "organisation_update", "parse_tags", "people_resolve", "person_anonymise", "person_bulk_create",
    "person_create", "email_change_requested", "person_email_change_confirm",
    "person_email_change_request", "person_gdpr_export", "person_link_user", "person_resolve", "person_update",
    "project_bulk_create", "project_create", "project_data_bulk_replace", "project_data_replace",
    "project_delete", "project_update", "themes_get_or_create",
]
