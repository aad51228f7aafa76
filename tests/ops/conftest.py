from tests.events.conftest import make_event, make_person, organisation, series  # noqa: F401 - shared fixtures
