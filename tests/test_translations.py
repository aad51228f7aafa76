"""Every catalogue is complete: Swedish (the source language, mapped to itself) and English."""

from motesplats.common.i18n import catalogues, missing


def test_every_app_has_swedish_and_english_catalogues():
    languages = {(path.parents[3].name, path.parents[1].name) for path in catalogues()}
    apps = {app for app, _ in languages}
    assert {"common", "accounts", "registry", "discovery", "events", "networking"} <= apps
    assert {(app, language) for app in apps for language in ("sv", "en")} <= languages


def test_no_entry_is_untranslated_or_fuzzy():
    assert missing() == []
