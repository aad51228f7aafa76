"""Shared fixtures: roles, a Playwright browser on Debian's chromium, and the axe-core check."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by tests are still
# synchronous and safe there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

AXE_JS = Path(__file__).parent / "vendor" / "axe.min.js"
TEST_DATA = Path(__file__).parent / "data"
CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")


def database_is_postgres() -> bool:
    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


def pytest_configure(config: pytest.Config) -> None:
    """Compiled catalogues are build products (not in git): build them before any test renders a page (once:
    with pytest-xdist the controller builds them before it starts the workers)."""
    from motesplats.common.i18n import compile_all

    if not os.environ.get("PYTEST_XDIST_WORKER"):
        compile_all()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """PostgreSQL-only tests run whenever DATABASE_URL points at PostgreSQL (and then fail if it is down).
    The topology tests (processes on PostgreSQL and Redis, minutes long) run under `make topology-test` or
    `-k topology` only, and there they never skip."""
    if not (os.environ.get("TOPOLOGY_DATABASE_URL") or "topology" in (config.option.keyword or "")):
        topology = [item for item in items if "topology" in item.keywords]
        if topology:
            config.hook.pytest_deselected(items=topology)
            items[:] = [item for item in items if "topology" not in item.keywords]
    if database_is_postgres():
        return
    skip = pytest.mark.skip(reason="PostgreSQL-only: set DATABASE_URL=postgres://... to run it")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


ENGINE_TESTS = (Path(__file__).parent / "optimiser", Path(__file__).parent.parent / "src" / "optimiser")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """The engine's tests and doctests never skip: the data they need is in tests/data (see its README), so a
    skip there (for missing data, say) is reported as a failure."""
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if report.skipped and not hasattr(report, "wasxfail") and any(
            Path(str(item.path)).is_relative_to(folder) for folder in ENGINE_TESTS):
        report.outcome = "failed"
        report.longrepr = f"an engine test may not skip (tests/data/README.md): {report.longrepr}"


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    """Every test starts with an empty cache: ids repeat between tests, and cached pages ("Min dag") must not."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def fresh_discovery_index(settings: Any, tmp_path: Path) -> Iterator[None]:
    """The discovery index lives in process memory: every test starts from its own database, so from no index."""
    from motesplats.discovery import index_store, services

    services._pending.ids = set()
    index_store.reset()
    yield
    index_store.reset()


@pytest.fixture(autouse=True)
def fresh_cache() -> Iterator[None]:
    """The cache holds throttling counters (sign-in, password reset, API tokens): every test starts at zero."""
    from django.core.cache import cache

    cache.clear()
    yield


ENGINE_ITERATIONS = 4000
"""The search budget of every plan made through the web application in tests (see `engine_budget`)."""


@pytest.fixture(autouse=True)
def engine_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    """Plans made through the web application (views, tasks, the demo) search for a fixed number of
    iterations from a fixed seed instead of for seconds: the same plan on a fast or a loaded machine."""
    from motesplats.networking import planning

    monkeypatch.setattr(planning, "budget_for", lambda n: planning.Budget(seconds=60.0, iterations=ENGINE_ITERATIONS))
    monkeypatch.setattr(planning, "new_seed", lambda: 1)


@pytest.fixture(scope="session")
def test_data() -> Path:
    """The small instances shipped with the tests (see tests/data/README.md)."""
    return TEST_DATA


# --- users and roles -------------------------------------------------------------------------------


@pytest.fixture
def make_user(db: Any) -> Any:
    from motesplats.accounts.models import User

    def make(email: str = "user@example.se", role: str = "reader", password: str = "demo-password-1", **extra: Any):
        return User.objects.create_user(email=email, password=password, role=role, **extra)

    return make


@pytest.fixture
def organiser(make_user: Any) -> Any:
    return make_user("organiser@example.se", role="organiser")


@pytest.fixture
def reader(make_user: Any) -> Any:
    return make_user("reader@example.se", role="reader")


# --- browser ---------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage"],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    # bypass_csp: Playwright's own helpers (wait_for_function with an expression, add_script_tag) use eval and
    # inline scripts, which the site's Content-Security-Policy refuses; the pages' own compliance is held by
    # tests/events/test_security_headers.py (no inline handler, script or style in any template).
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900}, bypass_csp=True)
    context.set_default_timeout(30_000)
    page = context.new_page()
    yield page
    context.close()


def browser_login(page: Any, email: str, password: str = "demo-password-1") -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def set_language(page: Any, language: str) -> None:
    """Choose the interface language the way a person does: the language cookie set by the header form."""
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": page_base(page)}])


def page_base(page: Any) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(page.url) if page.url.startswith("http") else None
    if parts:
        return f"{parts.scheme}://{parts.netloc}"
    return page.context._impl_obj._options.get("baseURL")  # noqa: SLF001


def axe_violations(page: Any, impacts: tuple[str, ...] = ("serious", "critical")) -> list[dict[str, Any]]:
    """Run axe-core (WCAG 2.0/2.1 A and AA rules) on the page and return the violations of the given impact."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # through DevTools, not an inline <script>: the page's Content-Security-Policy (rightly) refuses those
        page.evaluate("() => { " + AXE_JS.read_text(encoding="utf-8") + "\n}")
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [v for v in result["violations"] if v.get("impact") in impacts]


def assert_accessible(page: Any) -> None:
    violations = axe_violations(page)
    assert violations == [], json.dumps(
        [{"id": v["id"], "impact": v["impact"], "help": v["help"],
          "nodes": [n["target"] for n in v["nodes"][:5]]} for v in violations], indent=2, ensure_ascii=False)


@pytest.fixture
def axe() -> Any:
    return assert_accessible
