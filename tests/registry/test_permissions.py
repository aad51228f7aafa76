import pytest
from django.contrib.auth.models import AnonymousUser

from motesplats.common import permissions

pytestmark = pytest.mark.django_db


def test_anonymous_reads_public_projects_and_organisations_but_no_people(public_project, private_project, org):
    anonymous = AnonymousUser()
    assert permissions.can_view_project(anonymous, public_project)
    assert not permissions.can_view_project(anonymous, private_project)
    assert permissions.can_view_organisation(anonymous, org)
    assert not permissions.can_view_people(anonymous)
    assert not permissions.can_create_project(anonymous)
    assert not permissions.can_edit_project(anonymous, public_project)
    assert not permissions.can_export_projects(anonymous)
    assert not permissions.can_view_contact_details(anonymous)


def test_reader_reads_everything_and_writes_nothing(reader, public_project, private_project, member_person):
    assert permissions.can_view_project(reader, private_project)
    assert permissions.can_view_people(reader)
    assert permissions.can_view_contact_details(reader)
    assert not permissions.can_create_project(reader)
    assert not permissions.can_edit_project(reader, public_project)
    assert not permissions.can_edit_person(reader, member_person)
    assert not permissions.can_manage_organisations(reader)
    assert not permissions.can_import_portfolio(reader)


def test_member_edits_own_projects_and_own_profile_only(member, member_person, other_member, public_project,
                                                        private_project):
    assert permissions.can_create_project(member)
    assert permissions.can_edit_project(member, public_project)       # contact person of it
    assert not permissions.can_edit_project(member, private_project)  # not a contact
    assert not permissions.can_edit_project(other_member, public_project)
    assert permissions.can_edit_person(member, member_person)
    assert not permissions.can_edit_person(other_member, member_person)
    assert not permissions.can_delete_project(member, public_project)
    assert not permissions.can_manage_organisations(member)


def test_member_without_a_person_cannot_create_projects(make_user):
    assert not permissions.can_create_project(make_user("lonely@example.se", role="member"))


def test_organiser_manages_everything(organiser, public_project, private_project, member_person):
    for check in (permissions.can_edit_project, permissions.can_delete_project):
        assert check(organiser, public_project) and check(organiser, private_project)
    assert permissions.can_create_project(organiser)
    assert permissions.can_edit_person(organiser, member_person)
    assert permissions.can_manage_organisations(organiser)
    assert permissions.can_import_portfolio(organiser)


def test_a_deactivated_account_has_no_rights(organiser, public_project):
    organiser.is_active = False
    assert not permissions.can_edit_project(organiser, public_project)
    assert not permissions.can_view_people(organiser)
