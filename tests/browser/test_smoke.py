import pytest

from tests.conftest import assert_accessible, set_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("language", "heading"), [("sv", "Mötesplats Smart stad"), ("en", "Mötesplats")])
def test_home_page_renders_in_both_languages_and_is_accessible(page, live_server, language, heading):
    page.goto("/")
    set_language(page, language)
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == language
    assert heading in page.locator("h1").inner_text()
    assert_accessible(page)
