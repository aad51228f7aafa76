from tests.events.conftest import make_event, make_person, organisation, series  # noqa: F401 - shared fixtures
from tests.networking.conftest import world  # noqa: F401 - the small series
