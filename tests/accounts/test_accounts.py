import json
import re

import pytest
from django.core import mail
from django.urls import reverse

from motesplats.accounts import services
from motesplats.accounts.models import User
from motesplats.accounts.personal_data import PersonalData, personal_data
from motesplats.registry import services as registry_services
from motesplats.registry.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(make_user):
    org = registry_services.organisation_create(name="Stadsbyggnadskontoret", kind="förvaltning")
    user = make_user("anna@example.se", role="member")
    person = registry_services.person_create(name="Anna Andersson", organisation=org, email="anna@example.se",
                                             title="Planarkitekt", interests=["3D", "planering"],
                                             languages=["svenska"], user=user)
    registry_services.project_create(title="Digital tvilling", owner=org, contacts=[person])
    return person


def test_login_with_email_in_any_case_and_logout(client, person):
    response = client.post(reverse("accounts:login"), {"username": "ANNA@example.se",
                                                       "password": "demo-password-1"})
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_wrong_password_gives_a_clear_message(client, person):
    response = client.post(reverse("accounts:login"), {"username": "anna@example.se", "password": "fel"})
    assert "Fel e-postadress eller lösenord" in response.content.decode()


def test_password_reset_end_to_end(client, person):
    page = client.get(reverse("accounts:password_reset"))
    assert "Återställ lösenord" in page.content.decode()  # our template, not the admin's
    response = client.post(reverse("accounts:password_reset"), {"email": "anna@example.se"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["anna@example.se"]
    assert "Byt lösenord på Mötesplats" in message.subject
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", message.body).group(1)
    confirm = client.get(link, follow=True)
    assert "Välj nytt lösenord" in confirm.content.decode()
    form_url = confirm.redirect_chain[-1][0]
    done = client.post(form_url, {"new_password1": "ett-nytt-langt-losen-42",
                                  "new_password2": "ett-nytt-langt-losen-42"})
    assert done.status_code == 302
    assert client.login(username="anna@example.se", password="ett-nytt-langt-losen-42")


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.se"}, follow=True)
    assert response.status_code == 200
    assert mail.outbox == []


def test_profile_shows_the_person(client, person):
    client.force_login(person.user)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert "Anna Andersson" in html and "Planarkitekt" in html and "Digital tvilling" in html
    assert reverse("accounts:data_export") in html and reverse("accounts:erase") in html


def test_profile_needs_sign_in(client):
    assert client.get(reverse("accounts:profile")).status_code == 302
    assert client.get(reverse("accounts:data_export")).status_code == 302
    assert client.get(reverse("accounts:erase")).status_code == 302


def test_gdpr_export_contains_everything_stored_about_the_person(client, person):
    client.force_login(person.user)
    response = client.get(reverse("accounts:data_export"))
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == "anna@example.se"
    assert data["person"]["name"] == "Anna Andersson"
    assert data["person"]["interests"] == ["3D", "planering"]
    assert data["projects_as_contact"][0]["title"] == "Digital tvilling"


@pytest.fixture
def another_app(monkeypatch):
    """An app that stores personal data registers its export and erasure (as in its AppConfig.ready)."""
    from tests.accounts import hooks

    calls = []
    monkeypatch.setattr(hooks, "CALLS", calls)
    personal_data.register(PersonalData("seminars", export=hooks.export, erase=hooks.erase))
    yield calls
    personal_data.unregister("seminars")


def test_other_apps_can_add_to_the_export_and_the_erasure(person, another_app):
    assert services.gdpr_export(user=person.user)["seminars"] == ["Höstseminariet"]
    services.account_erase(user=person.user)
    assert another_app == [("erase", person.pk)]


def test_the_apps_that_store_personal_data_register_both_halves():
    assert [entry.key for entry in personal_data] == ["registry", "events", "events_guests", "networking",
                                                      "datasharing", "accessibility", "mailings", "news",
                                                      "followups"]
    assert all(callable(entry.export) and callable(entry.erase) for entry in personal_data)


def test_erasure_needs_the_password_and_the_confirmation(client, person):
    client.force_login(person.user)
    response = client.post(reverse("accounts:erase"), {"password": "fel", "confirm": "on"})
    assert response.status_code == 400
    response = client.post(reverse("accounts:erase"), {"password": "demo-password-1"})
    assert response.status_code == 400
    person.refresh_from_db()
    assert not person.is_anonymised and person.user.is_active


def test_erasure_deactivates_the_account_and_anonymises_the_person(client, person):
    user = person.user
    client.force_login(user)
    response = client.post(reverse("accounts:erase"), {"password": "demo-password-1", "confirm": "on"})
    assert response.status_code == 302
    user = User.objects.get(pk=user.pk)
    assert not user.is_active and not user.has_usable_password()
    assert user.email != "anna@example.se"
    person = Person.objects.get(pk=person.pk)
    assert person.name == "Anonymiserad person" and person.email == "" and person.interests == []
    assert person.is_anonymised
    assert not person.projects.exists()
    assert client.get(reverse("accounts:profile")).status_code == 302  # signed out
    assert not client.login(username="anna@example.se", password="demo-password-1")


def test_erasure_is_all_or_nothing(person):
    from tests.accounts import hooks

    personal_data.register(PersonalData("failing", export=hooks.export, erase=hooks.fail))
    try:
        with pytest.raises(RuntimeError):
            services.account_erase(user=person.user)
    finally:
        personal_data.unregister("failing")
    person.refresh_from_db()
    assert person.name == "Anna Andersson" and person.user.is_active


def test_password_change(client, person):
    client.force_login(person.user)
    response = client.post(reverse("accounts:password_change"), {
        "old_password": "demo-password-1", "new_password1": "ett-annat-langt-losen-7",
        "new_password2": "ett-annat-langt-losen-7"})
    assert response.status_code == 302
    assert client.login(username="anna@example.se", password="ett-annat-langt-losen-7")
