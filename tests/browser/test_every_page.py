"""Every GET page of the site, in every role and both languages, against the WCAG 2.1 AA checks we can automate.

The pages are found in the URL resolver, not listed by hand: a new page is checked the day it is added, and
the sweep fails for a URL pattern it can neither visit nor finds a written reason to skip. URL arguments are
filled from the demo data (`load_demo`). Each page reached is checked for: axe-core (no serious or critical
violation), `<html lang>`, exactly one `<h1>`, a `<title>`, no horizontal scrolling at 320 px (WCAG 1.4.10),
an accessible name on every form control, a visible focus indicator on what the Tab key reaches, and an
English h1 that is not the Swedish one. The failure lists every problem as page | role | language | rule.

A page a role may not see (403, or a redirect to the login page, or 404 for a private object) counts as
visited correctly; the refusal page itself is checked once per language. To keep the sweep short, axe and the
focus check run once per structure of a page's <main> (the same page seen by another role or in the other
language usually has the same structure; the first page of each role and language is always checked whole,
header included), and the 320 px check once per structure and language.

Run it alone: `.venv/bin/pytest tests/browser/test_every_page.py -q`; EVERY_PAGE_REPORT=file.json also writes
what was visited, refused and skipped (with reasons), the seconds per phase and the problems.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

from tests.conftest import AXE_JS, browser_login, set_language

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

LANGUAGES = ("sv", "en")
ROLES: dict[str, str | None] = {
    "anonymous": None,
    "reader": "ledning@motesplats.example",
    "member": "projektledare@motesplats.example",
    "organiser": "programkontoret@motesplats.example",
}
NARROW = 320
WIDE = {"width": 1280, "height": 900}

# Where a URL pattern is not a page. Prefixes of the route; then names ("namespace:name") with a reason.
SKIP_PREFIXES = {
    "admin/": "Django's admin site: a staff tool from Django itself, not a page of the service",
    "api/": "REST API endpoints answer JSON, not pages (the interactive docs /api/docs are visited)",
    "static/": "static files",
    "media/": "uploaded files",
}
VISIT_DESPITE_PREFIX = {"api/docs"}
SKIP_NAMES = {
    "set_language": "POST-only: the header form that sets the language cookie (on every page)",
    "accounts:logout": "POST-only: the header's log-out button (on every page of a signed-in person)",
    "accounts:oidc_login": "single sign-on, off in the demo (404); its whole flow, with axe on the login page, "
                           "in tests/browser/test_oidc_sign_in.py",
    "accounts:oidc_callback": "single sign-on's return from the provider; in tests/browser/test_oidc_sign_in.py",
    "datasharing:request_step": "POST-only: the answer forms of a data request (on the request's page)",
    "datasharing:notice_settings": "POST-only: the match-mail setting (on the data requests page)",
    "mailings:detail": "no mailing in the demo data (loading it would send mail); visited with axe in "
                       "tests/browser/test_outreach.py",
    "mailings:unsubscribe": "behind a signed link from a mail; visited in tests/outreach (role matrix)",
    "followups:status": "behind a signed link from a mail; visited in tests/outreach (role matrix)",
    "events:guest_confirm": "behind a signed link from a mail; visited with axe in tests/browser/test_outreach.py",
    "events:invited_register": "behind a signed link from a mail; visited with axe in "
                               "tests/browser/test_outreach.py",
    "events:guest_day": "behind a signed link from a mail; visited with axe in tests/browser/test_outreach.py",
    "datasharing:request_create": "a form for another project's dataset; visited with axe in "
                                  "tests/browser/test_datasharing.py",
    "datasharing:contact_owner": "a form for another project's dataset; visited with axe in "
                                 "tests/browser/test_datasharing.py",
    "events:import_status": "the progress page of a participant import, made by an import; visited in "
                            "tests/events (the import view tests)",
    "registry:portfolio_import_status": "the progress page of a large portfolio import, made by an import; "
                                        "visited in tests/registry/test_views.py (every role, bar and report)",
    "registry:person_email_confirm": "behind a signed one-time link from a mail; visited in "
                                     "tests/registry/test_email_identity.py",
}
# Pages drawn in the browser after loading: wait for what they draw before checking them.
RENDERED_BY_SCRIPT = {"api:openapi-view": "#swagger-ui .opblock"}
# Pages also visited for the past seminar (attendance, outcomes and networking plans only exist there).
PAST_EVENT_TOO = {"events:event_detail", "events:event_dashboard", "events:my_day", "networking:event"}
DOWNLOAD_SUFFIXES = (".csv", ".xlsx", ".ics", ".json", ".pdf", ".zip")

# The English heading may equal the Swedish one when it is a name: of a project, person, event, ...
NAME_FIELDS = {
    "registry.Project": "title", "registry.Organisation": "name", "registry.Person": "name",
    "events.Series": "name", "events.Event": "title", "events.AgendaItem": "title", "registry.Dataset": "name",
    "news.Post": "title",
}


@dataclass
class Route:
    route: str  # e.g. "events/<slug:slug>/agenda/"
    name: str  # "namespace:name", or the route when the pattern has no name
    pattern: URLPattern

    @property
    def kwargs(self) -> list[tuple[str, str]]:
        return re.findall(r"<(?:(\w+):)?(\w+)>", self.route)


@dataclass
class Sweep:
    problems: list[str] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)  # route name -> reason
    visited: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # name -> "role/lang" seen
    denied: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # name -> roles refused
    h1: dict[tuple[str, str, str], str] = field(default_factory=dict)  # (name, role, lang) -> h1 text
    checks: int = 0
    axe_runs: int = 0
    shapes: set[tuple[str, str]] = field(default_factory=set)  # (page, shape of its <main>) axe has seen
    contexts_checked: set[tuple[str, str]] = field(default_factory=set)  # (role, lang) whose header axe saw
    reflowed: set[tuple[str, str, str]] = field(default_factory=set)  # (page, shape, lang) seen at 320 px

    def axe_needed(self, where: str, shape: str, role: str, language: str) -> bool:
        first_in_context = (role, language) not in self.contexts_checked
        if first_in_context or (where, shape) not in self.shapes:
            self.contexts_checked.add((role, language))
            self.shapes.add((where, shape))
            self.axe_runs += 1
            return True
        return False

    timings: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    found: dict[tuple[str, str], list[Any]] = field(default_factory=dict)  # (page, rule) -> [detail, who...]

    def problem(self, where: str, role: str, language: str, rule: str, detail: str = "") -> None:
        self.problems.append(f"{where} | {role} | {language} | {rule}" + (f" | {detail}" if detail else ""))
        entry = self.found.setdefault((where, rule), [detail])
        entry.append(f"{role}/{language}")

    def time(self, phase: str, since: float) -> None:
        self.timings[phase] += time.monotonic() - since

    def grouped(self) -> list[str]:
        """One line per page and rule, with every role/language it happened in."""
        return [f"{where} | {rule} | {', '.join(entry[1:])}" + (f" | {entry[0]}" if entry[0] else "")
                for (where, rule), entry in sorted(self.found.items())]


# --- the URL patterns ----------------------------------------------------------------------------------


def walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[Route]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else (
                entry.namespace or namespace)
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            name = f"{namespace}:{entry.name}" if namespace and entry.name else (entry.name or route)
            yield Route(route=route, name=name, pattern=entry)


def skip_reason(route: Route) -> str | None:
    from motesplats.common.views import is_legacy_redirect

    if route.name in SKIP_NAMES:
        return SKIP_NAMES[route.name]
    if is_legacy_redirect(route.pattern.callback):
        return "an old (Swedish) path: a permanent redirect to the English one (tests/test_urls.py)"
    if route.route not in VISIT_DESPITE_PREFIX:
        for prefix, reason in SKIP_PREFIXES.items():
            if route.route.startswith(prefix):
                return reason
    if route.route.rstrip("/").endswith(DOWNLOAD_SUFFIXES):
        return "file download (not an HTML page)"
    return None


# --- demo objects for the URL arguments ---------------------------------------------------------------


def demo_objects() -> dict[str, Any]:
    """The objects whose slugs and keys fill the URL arguments: those the demo member works with."""
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from motesplats.accounts.models import User
    from motesplats.events.models import Event, Registration, Series
    from motesplats.news.models import Post
    from motesplats.registry.models import Person, Project

    member = User.objects.get(email=ROLES["member"])
    person = Person.objects.filter(user=member).first() or Person.objects.first()
    project = (Project.objects.filter(contacts=person).first() if person else None) or Project.objects.first()
    event = Event.objects.filter(status="publicerad").order_by("starts_at").first() or Event.objects.first()
    if event and person and not Registration.objects.filter(event=event, person=person).exists():
        from motesplats.events.services import register  # the member's own pages need a registration

        register(event=event, person=person, project=project, consent=True)
    past = Event.objects.exclude(pk=getattr(event, "pk", None)).order_by("starts_at").first()
    reader = User.objects.get(email=ROLES["reader"])
    from motesplats.datasharing.models import Agreement, DataRequest
    from motesplats.registry.models import Dataset

    mine = DataRequest.objects.filter(dataset__project__contacts=person).order_by("pk").first() if person else None
    from datetime import timedelta

    from django.utils import timezone

    from motesplats.networking.models import Plan

    Plan.objects.update(outcomes_open_until=timezone.now() + timedelta(days=1))  # the organiser's override
    return {
        "dataset": Dataset.objects.filter(project=project).order_by("pk").first() if project else None,
        "data_request": mine or DataRequest.objects.order_by("pk").first(),
        "agreement": Agreement.objects.order_by("pk").first(),
        "project": project,
        "organisation": project.owner if project else None,
        "person": person,
        "series": event.series if event else Series.objects.first(),
        "event": event,
        "past_event": past,
        "registration": Registration.objects.filter(event=event).order_by("pk").first() if event else None,
        "news_post": Post.objects.filter(published_at__isnull=False).order_by("pk").first(),
        "uidb64": urlsafe_base64_encode(force_bytes(reader.pk)),
        "token": default_token_generator.make_token(reader),
    }


SEGMENT_OBJECTS = {  # the literal path segment before an argument -> which demo object it names
    "projects": "project", "organisations": "organisation", "people": "person", "series": "series",
    "events": "event", "registrations": "registration", "check-in": "registration",
    "data": "dataset", "requests": "data_request", "agreements": "agreement", "news": "news_post",
}


def model_object(namespace: str, segment: str) -> Any:
    """A later app's object by the segment before its argument ("plans/<int:pk>" -> the first Plan)."""
    from django.apps import apps

    try:
        config = apps.get_app_config(namespace.split(":")[0])
    except LookupError:
        return None
    from django.utils import translation

    singular = segment.rstrip("s").replace("-", "").lower()
    for model in config.get_models():
        with translation.override("en"):  # URL segments are English
            verbose = str(model._meta.verbose_name).replace(" ", "").lower()
        names = {model._meta.model_name, verbose}
        if singular in names or segment.lower() in names:
            return model._default_manager.order_by("pk").first()
    return None


def fill(route: Route, objects: dict[str, Any]) -> tuple[str | None, str]:
    """The URL with its arguments filled, or None and why not."""
    path = route.route
    for converter, argument in route.kwargs:
        marker = f"<{converter + ':' if converter else ''}{argument}>"
        before = path.split(marker)[0].rstrip("/").split("/")[-1]
        if argument in objects:
            value: Any = objects[argument]
        else:
            key = SEGMENT_OBJECTS.get(before)
            obj = objects.get(key) if key else model_object(route.name, before)
            if obj is None:
                return None, f"no demo object for <{argument}> after '{before}/'"
            value = getattr(obj, argument, None) if argument != "pk" else obj.pk
            if value is None:
                return None, f"the demo {type(obj).__name__} has no attribute {argument}"
        path = path.replace(marker, str(value), 1)
    return "/" + path, ""


# --- probing with the test client: which role sees what -----------------------------------------------


@dataclass
class Probe:
    status: int
    content_type: str
    location: str
    full_page: bool


def probe(client: Any, url: str) -> Probe:
    response = client.get(url)
    content_type = response.get("Content-Type", "")
    body = response.content[:4000].lower() if "html" in content_type else b""
    return Probe(status=response.status_code, content_type=content_type,
                 location=response.get("Location", ""),
                 full_page=b"<html" in body or response.status_code != 200)


def is_refusal(result: Probe) -> bool:
    from django.shortcuts import resolve_url

    login = resolve_url(settings.LOGIN_URL)
    return result.status in (403, 404) or (result.status == 302 and result.location.startswith(login))


# --- the checks on one page in the browser ------------------------------------------------------------

PAGE_FACTS = """() => {
  const visible = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
  const name = (el) => {
    if (el.getAttribute('aria-label') && el.getAttribute('aria-label').trim()) return true;
    const by = el.getAttribute('aria-labelledby');
    if (by && by.split(/\\s+/).some(id => document.getElementById(id)
        && document.getElementById(id).textContent.trim())) return true;
    if (el.labels && Array.from(el.labels).some(l => l.textContent.trim())) return true;
    if (el.getAttribute('title') && el.getAttribute('title').trim()) return true;
    if (el.tagName === 'BUTTON' && el.textContent.trim()) return true;
    if (el.tagName === 'INPUT' && ['submit', 'reset', 'button'].includes(el.type) && el.value) return true;
    if (el.tagName === 'INPUT' && el.type === 'image' && el.alt) return true;
    return false;
  };
  const controls = Array.from(document.querySelectorAll('input, select, textarea, button'))
    .filter(el => el.type !== 'hidden' && visible(el));
  let focusRule = false;
  for (const sheet of Array.from(document.styleSheets)) {
    let rules;
    try { rules = sheet.cssRules; } catch (e) { continue; }
    for (const rule of Array.from(rules || [])) {
      if (rule.selectorText && rule.selectorText.includes(':focus-visible')) focusRule = true;
    }
  }
  return {
    lang: document.documentElement.getAttribute('lang'),
    h1: Array.from(document.querySelectorAll('h1')).map(h => h.textContent.replace(/\\s+/g, ' ').trim()),
    title: document.title.trim(),
    unnamed: controls.filter(el => !name(el)).map(el =>
      el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.name ? '[name=' + el.name + ']' : '')),
    focusRule,
  };
}"""

FOCUS_STYLE = """() => {
  const shown = (el) => {
    const s = getComputedStyle(el);
    return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || (s.boxShadow && s.boxShadow !== 'none');
  };
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\\s+/)[0] : '');
  const failures = [];
  const seen = new Set();
  const header = Array.from(document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]'))
    .filter(el => el.tabIndex >= 0 && !el.disabled && (el.offsetWidth || el.offsetHeight));
  const inMain = header.filter(el => el.closest('main'));
  for (const el of header.slice(0, 6).concat(inMain.slice(0, 40))) {
    if (seen.has(el)) continue;
    seen.add(el);
    el.focus();
    if (document.activeElement === el && !shown(el)) failures.push(describe(el));
  }
  if (document.activeElement) document.activeElement.blur();
  return failures.slice(0, 5);
}"""

OVERFLOW = """(limit) => {
  const width = document.documentElement.scrollWidth;
  if (width <= limit + 1) return null;
  const culprits = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.right > limit + 1 && r.width > 0) {
      const parentRight = el.parentElement ? el.parentElement.getBoundingClientRect().right : 0;
      if (parentRight <= limit + 1) culprits.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
        + (el.className && typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\\s+/).join('.') : '')
        + ' (' + Math.round(r.width) + 'px)');
    }
    if (culprits.length >= 3) break;
  }
  return {width, culprits};
}"""


MAIN_SHAPE = """() => {
  // The structure of <main> without its text: the same shape in another role or language gives axe the same
  // answer, so axe runs once per shape (and on the whole document, header and footer included).
  const parts = [];
  const keep = ['id', 'class', 'type', 'role', 'for', 'tabindex', 'disabled', 'hidden', 'open'];
  const visit = (el) => {
    let key = el.tagName;
    for (const attr of Array.from(el.attributes)) {
      key += ' ' + attr.name + (keep.includes(attr.name) || attr.name.startsWith('aria-') && attr.name !== 'aria-label'
        ? '=' + attr.value : '');
    }
    parts.push(key + (el.childElementCount === 0 && el.textContent.trim() === '' ? ' empty' : ''));
    for (const child of el.children) visit(child);
  };
  const main = document.querySelector('main') || document.body;
  visit(main);
  const text = parts.join('|');
  let hash = 0;
  for (let i = 0; i < text.length; i++) hash = (hash * 31 + text.charCodeAt(i)) | 0;
  return hash + ':' + text.length;
}"""


def run_axe(page: Any) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.0/2.1 A and AA rules; serious and critical violations (details only for violations)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
    violations = page.evaluate(
        "async () => (await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']})).violations")
    return [v for v in violations if v.get("impact") in ("serious", "critical")]


ALL_FACTS = f"() => ({{facts: ({PAGE_FACTS})(), shape: ({MAIN_SHAPE})()}})"


def check_page(page: Any, sweep: Sweep, where: str, role: str, language: str) -> dict[str, Any]:
    """Every page: lang, h1, title, names of controls. Once per structure of <main> (the same page in another
    role often has the same): axe and the focus style; once per structure and language: reflow at 320 px."""
    sweep.checks += 1
    clock = time.monotonic()
    page.keyboard.press("Tab")  # keyboard first: programmatic focus then shows the keyboard focus style
    found = page.evaluate(ALL_FACTS)
    facts = found["facts"]
    if facts["lang"] != language:
        sweep.problem(where, role, language, "html-lang", f"lang={facts['lang']!r}")
    if len(facts["h1"]) != 1:
        sweep.problem(where, role, language, "one-h1", f"{len(facts['h1'])} h1: {facts['h1']}")
    if not facts["title"]:
        sweep.problem(where, role, language, "title", "empty <title>")
    if facts["unnamed"]:
        sweep.problem(where, role, language, "control-name", ", ".join(facts["unnamed"][:8]))
    if not facts["focusRule"]:
        sweep.problem(where, role, language, "focus-visible", "no :focus-visible rule in the page's stylesheets")
    sweep.time("facts", clock)
    clock = time.monotonic()
    if sweep.axe_needed(where, found["shape"], role, language):
        for unfocused in page.evaluate(FOCUS_STYLE):
            sweep.problem(where, role, language, "focus-visible", f"no visible focus on {unfocused}")
        for violation in run_axe(page):
            targets = "; ".join(" ".join(node["target"]) for node in violation["nodes"][:4])
            sweep.problem(where, role, language, f"axe:{violation['id']} ({violation['impact']})",
                          f"{violation['help']}: {targets}")
        sweep.time("axe", clock)
    clock = time.monotonic()
    if (where, found["shape"], language) not in sweep.reflowed:
        sweep.reflowed.add((where, found["shape"], language))
        page.set_viewport_size({"width": NARROW, "height": 640})
        overflow = page.evaluate(OVERFLOW, NARROW)
        if overflow:
            sweep.problem(where, role, language, "reflow-320",
                          f"scrollWidth {overflow['width']}px; widest: {', '.join(overflow['culprits'])}")
        page.set_viewport_size(WIDE)
        sweep.time("reflow", clock)
    return facts


# --- the sweep ----------------------------------------------------------------------------------------


def proper_names() -> set[str]:
    from django.apps import apps

    from motesplats.api import api

    names: set[str] = {api.title}
    for label, attribute in NAME_FIELDS.items():
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        names.update(str(v).strip() for v in model._default_manager.values_list(attribute, flat=True))
    return names


def english_catalogue() -> dict[str, str]:
    """Swedish source strings with a different English translation, from every app's English catalogue."""
    import gettext

    source = Path(settings.BASE_DIR) if hasattr(settings, "BASE_DIR") else Path.cwd()
    found: dict[str, str] = {}
    for mo in Path(source).rglob("locale/en/LC_MESSAGES/django.mo"):
        if ".venv" in mo.parts:
            continue
        with mo.open("rb") as handle:
            catalogue = gettext.GNUTranslations(handle)
        for msgid, msgstr in catalogue._catalog.items():  # noqa: SLF001
            if isinstance(msgid, str) and msgid and msgstr and msgid != msgstr and len(msgid) >= 4:
                found[msgid.strip()] = msgstr
    return found


@pytest.mark.timeout(1200)
def test_every_page_in_every_role_and_language(browser: Any, live_server: Any) -> None:
    from django.core.management import call_command
    from django.test import Client

    from motesplats.accounts.models import User

    started = time.monotonic()
    sweep = Sweep()
    call_command("load_demo", verbosity=0)
    sweep.time("load_demo", started)
    objects = demo_objects()

    # 1. every pattern: skipped with a reason, or given a URL
    to_probe: list[tuple[Route, str]] = []
    dummies: list[tuple[Route, str]] = []  # no demo object for an argument: only a POST-only endpoint may pass
    for route in walk(get_resolver().url_patterns):
        reason = skip_reason(route)
        if reason:
            sweep.skipped[route.name] = reason
            continue
        url, why = fill(route, objects)
        if url is None:
            dummies.append((route, why))
            continue
        to_probe.append((route, url))
        if route.name in PAST_EVENT_TOO and objects.get("past_event"):
            past_url, _ = fill(route, {**objects, "event": objects["past_event"]})
            if past_url and past_url != url:
                to_probe.append((route, past_url))

    # 2. which role may see which page; POST-only endpoints, downloads and partials are found here
    clock = time.monotonic()
    clients: dict[str, Client] = {}
    for role, email in ROLES.items():
        clients[role] = Client()
        if email:
            clients[role].force_login(User.objects.get(email=email))
    visits: dict[str, list[tuple[Route, str]]] = defaultdict(list)
    forbidden: dict[str, str] = {}  # role -> a URL it gets 403 for
    for route, why in dummies:
        dummy = "/" + re.sub(r"<(?:(\w+):)?(\w+)>", lambda m: "0" if m.group(1) == "int" else "x", route.route)
        statuses = {probe(client, dummy).status for client in clients.values()}
        if 405 in statuses and 200 not in statuses:
            sweep.skipped[route.name] = "POST-only (GET answers 405)"
        else:
            sweep.problem(route.name, "-", "-", "no-url", f"{route.route}: {why} (fill it or skip it with a reason)")
    for route, url in to_probe:
        results = {role: probe(client, url) for role, client in clients.items()}
        if any(r.status == 405 for r in results.values()) and not any(r.status == 200 for r in results.values()):
            sweep.skipped[route.name] = "POST-only (GET answers 405)"
            continue
        if any(r.status == 200 and "html" not in r.content_type for r in results.values()):
            sweep.skipped[route.name] = f"not a page ({results['organiser'].content_type})"
            continue
        if any(r.status == 200 and not r.full_page for r in results.values()):
            sweep.skipped[route.name] = "htmx partial: checked inside its host page"
            continue
        for role, result in results.items():
            if result.status >= 500:
                sweep.problem(url, role, "-", "server-error", f"GET answered {result.status}")
            elif result.status == 405 or is_refusal(result):
                sweep.denied[route.name].add(role)
                if result.status == 403:
                    forbidden.setdefault(role, url)
            else:
                visits[role].append((route, url))
        if all(r.status == 405 or is_refusal(r) for r in results.values()):
            sweep.problem(url, "all", "-", "nobody-sees-it",
                          f"every role was refused ({ {r: v.status for r, v in results.items()} }): "
                          "the demo object chosen may be wrong")

    sweep.time("probe", clock)

    # 3. each role and language in its own browser context
    refusal_checked: set[str] = set()
    for language in LANGUAGES:
        for role, email in ROLES.items():
            context = browser.new_context(base_url=live_server.url, viewport=WIDE, bypass_csp=True)  # see conftest.page
            context.set_default_timeout(15_000)
            page = context.new_page()
            clock = time.monotonic()
            page.goto("/")
            set_language(page, language)
            if email:
                browser_login(page, email)
            sweep.time("login", clock)
            for route, url in visits[role]:
                clock = time.monotonic()
                response = page.goto(url)
                if route.name in RENDERED_BY_SCRIPT:
                    page.wait_for_selector(RENDERED_BY_SCRIPT[route.name])
                sweep.time("goto", clock)
                status = response.status if response else 0
                if status >= 400:
                    sweep.problem(url, role, language, "http-status", f"{status} in the browser")
                    continue
                facts = check_page(page, sweep, url, role, language)
                sweep.visited[route.name].add(f"{role}/{language}")
                if facts["h1"]:
                    sweep.h1[(url, role, language)] = facts["h1"][0]
            if role == "anonymous":  # the 404 page, once per language
                page.goto("/sidan-finns-inte/")
                check_page(page, sweep, "/sidan-finns-inte/ (the 404 page)", role, language)
            if forbidden.get(role) and language not in refusal_checked:  # the 403 page, once per language
                page.goto(forbidden[role])
                check_page(page, sweep, f"{forbidden[role]} (the 403 page)", role, language)
                refusal_checked.add(language)
            context.close()

    # 4. English headings that are the Swedish ones
    names = proper_names()
    catalogue = english_catalogue()
    for (url, role, language), heading in sweep.h1.items():
        if language != "en":
            continue
        swedish = sweep.h1.get((url, role, "sv"))
        if heading in names:
            continue
        if heading in catalogue:
            sweep.problem(url, role, "en", "untranslated-h1", f"{heading!r} (catalogue has {catalogue[heading]!r})")
        elif swedish == heading and not any(len(n) >= 4 and n in heading for n in names):
            sweep.problem(url, role, "en", "untranslated-h1", f"h1 is the same in Swedish and English: {heading!r}")

    # 5. every pattern accounted for
    for route in walk(get_resolver().url_patterns):
        if route.name not in sweep.skipped and route.name not in sweep.visited and route.name not in sweep.denied:
            if not any(p.startswith(route.name + " |") for p in sweep.problems):
                sweep.problem(route.name, "-", "-", "not-visited", "neither visited nor skipped with a reason")

    elapsed = time.monotonic() - started
    summary = {
        "seconds": round(elapsed, 1), "page_checks": sweep.checks, "axe_runs": sweep.axe_runs,
        "patterns_visited": len(sweep.visited), "patterns_skipped": len(sweep.skipped),
        "visited": {name: sorted(seen) for name, seen in sorted(sweep.visited.items())},
        "denied": {name: sorted(roles) for name, roles in sorted(sweep.denied.items())},
        "skipped": dict(sorted(sweep.skipped.items())),
        "timings": {phase: round(seconds, 1) for phase, seconds in sweep.timings.items()},
        "problems": sweep.grouped(),
    }
    if os.environ.get("EVERY_PAGE_REPORT"):
        Path(os.environ["EVERY_PAGE_REPORT"]).write_text(json.dumps(summary, indent=2, ensure_ascii=False))
    print(f"\nevery page: {sweep.checks} page checks ({sweep.axe_runs} axe runs) of {len(sweep.visited)} patterns "
          f"in {elapsed:.0f} s; "
          f"{len(sweep.skipped)} patterns skipped with a reason; seconds by phase: {summary['timings']}")
    problems = sweep.grouped()
    assert not problems, f"{len(problems)} problems (page | rule | role/language | detail):\n" + "\n".join(problems)


# --- keyboard use on the most interactive pages -------------------------------------------------------

TAB_WALK = """() => {
  const reachable = Array.from(document.querySelectorAll(
      'a[href], button, input, select, textarea, summary, [tabindex]'))
    .filter(el => el.tabIndex >= 0 && !el.disabled && el.type !== 'hidden'
                  && (el.offsetWidth || el.offsetHeight || el.getClientRects().length)
                  && getComputedStyle(el).visibility !== 'hidden');
  reachable.forEach((el, i) => el.setAttribute('data-kbd', String(i)));
  return reachable.map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (el.name ? '[name=' + el.name + ']' : '') + ' ' + (el.textContent || '').trim().slice(0, 30));
}"""


def tab_walk(page: Any, limit: int = 600) -> tuple[list[str], list[str]]:
    """Tab from the top of the page until focus comes round again; (elements never reached, problems)."""
    expected = page.evaluate(TAB_WALK)
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); }")
    page.keyboard.press("Tab")
    first = page.evaluate("() => document.activeElement && document.activeElement.getAttribute('data-kbd')")
    seen: list[str | None] = [first]
    problems = []
    run = 0  # Tab presses on the same element: a time or date field takes one per part (hour, minute, ...)
    for _ in range(limit):
        page.keyboard.press("Tab")
        current = page.evaluate("() => document.activeElement && document.activeElement.getAttribute('data-kbd')")
        if current == first:
            break
        run = run + 1 if current == seen[-1] else 0
        described = expected[int(current)] if current is not None else "the page itself"
        if run > 6:
            problems.append(f"keyboard trap: focus stays on {described}")
            break
        if current is not None and current != seen[-1] and current in seen:
            problems.append(f"focus loops back to {described} before reaching the rest of the page")
            break
        seen.append(current)
    else:
        problems.append(f"focus did not come round to the first element in {limit} Tab presses")
    reached = {int(s) for s in seen if s is not None}
    missing = [text for index, text in enumerate(expected) if index not in reached]
    return missing, problems


def focused_text(page: Any) -> str:
    return page.evaluate("() => (document.activeElement && document.activeElement.textContent || '').trim()")


def tab_to(page: Any, pattern: str, limit: int = 400) -> None:
    """Press Tab until the focused element's text matches; the way a keyboard user gets to a button."""
    wanted = re.compile(pattern)
    for _ in range(limit):
        page.keyboard.press("Tab")
        if wanted.search(focused_text(page)):
            return
    raise AssertionError(f"Tab never reached an element matching {pattern!r}")


@pytest.mark.timeout(600)
def test_agenda_editor_works_with_the_keyboard_alone(browser: Any, live_server: Any) -> None:
    """Every control of the agenda editor is reached with Tab, none traps focus, and moving, adding and saving
    work with Enter and Space (no mouse, no programmatic focus)."""
    from django.core.management import call_command

    from motesplats.events.models import AgendaItem, Event

    call_command("load_demo", verbosity=0)
    event = Event.objects.filter(status="publicerad").order_by("starts_at").first()
    assert event is not None, "the demo has no upcoming event"
    before = list(AgendaItem.objects.filter(event=event).order_by("order").values_list("title", flat=True))
    assert len(before) >= 2
    context = browser.new_context(base_url=live_server.url, viewport=WIDE, bypass_csp=True)  # see conftest.page
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto("/")
    set_language(page, "sv")
    browser_login(page, ROLES["organiser"])
    page.goto(f"/events/{event.slug}/agenda/")

    missing, problems = tab_walk(page)
    assert problems == []
    assert missing == [], f"not reachable with Tab: {missing}"

    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    tab_to(page, r"^↓ Flytta ner\s+punkt 1$")
    page.keyboard.press("Space")  # item 1 moves down; focus stays with it, on its button
    page.wait_for_function(f"document.querySelector('#id_item-1-title').value === {json.dumps(before[0])}")
    page.wait_for_function("document.activeElement && document.activeElement.closest('li')"
                           " && document.activeElement.closest('li').id === 'item-1'")
    tab_to(page, r"^↑ Flytta upp\s+punkt 2$")
    page.keyboard.press("Enter")  # and back up
    page.wait_for_function(f"document.querySelector('#id_item-0-title').value === {json.dumps(before[0])}")
    tab_to(page, r"Lägg till punkt")
    page.keyboard.press("Enter")
    new_index = len(before)
    page.wait_for_function(f"document.activeElement && document.activeElement.id === 'id_item-{new_index}-title'")
    page.keyboard.type("Frågestund")
    tab_to(page, rf"^Ta bort\s+punkt {new_index + 1}$")
    page.keyboard.press("Space")  # remove the new item again
    page.wait_for_function(f"!document.querySelector('#id_item-{new_index}-title')")
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    tab_to(page, r"^Spara programmet$")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/events/{event.slug}/$"))
    assert "Programmet är sparat" in page.locator(".messages").inner_text()
    after = list(AgendaItem.objects.filter(event=event).order_by("order").values_list("title", flat=True))
    assert after == before
    context.close()


def focus_stays_in_the_plan(page: Any) -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function("() => !!document.activeElement.closest('#plan-grid')", timeout=5_000)
    except PlaywrightTimeout:
        raise AssertionError("after the change focus fell back to the top of the page") from None


@pytest.mark.timeout(900)
def test_networking_plan_adjustment_works_with_the_keyboard_alone(browser: Any, live_server: Any) -> None:
    """The plan adjustment page: every control reached with Tab, no keyboard trap; locking a seat and swapping
    two people work with Tab, the arrow keys and Enter, and focus stays in the plan after each change."""
    from django.core.management import call_command

    adjust = next((r for r in walk(get_resolver().url_patterns) if r.name == "networking:plan_adjust"), None)
    if adjust is None:
        pytest.skip("the networking app has no plan adjustment page (networking:plan_adjust)")
    call_command("load_demo", verbosity=0)
    from motesplats.networking.models import Plan, Seat

    plan = Plan.objects.filter(seats__isnull=False).order_by("pk").first()
    assert plan is not None, "the demo has no networking plan"
    context = browser.new_context(base_url=live_server.url, viewport=WIDE, bypass_csp=True)  # see conftest.page
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto("/")
    set_language(page, "sv")
    browser_login(page, ROLES["organiser"])
    response = page.goto(f"/networking/plan/{plan.pk}/")
    assert response is not None and response.status == 200
    missing, problems = tab_walk(page, limit=3000)
    assert problems == []
    assert missing == [], f"not reachable with Tab: {missing[:10]}"

    # swap the first two people of round 1: choose them with the arrow keys, then Enter on "Byt"
    first, second = page.evaluate("() => Array.from(document.querySelectorAll('#swap-a-1 option'))"
                                  ".slice(0, 2).map(o => o.value)")
    seats_before = {s.person_id: s.table for s in Seat.objects.filter(plan=plan, round=0,
                                                                      person_id__in=[first, second])}
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    for _ in range(3000):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "swap-b-1":
            break
    page.keyboard.press("ArrowDown")
    assert page.locator("#swap-b-1").input_value() == second
    page.keyboard.press("Tab")
    assert focused_text(page) == "Byt"
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('#plan-grid .messages') !== null"
                           " || document.querySelector('#confirm-change') !== null")
    if page.locator("#confirm-change").count():  # a published plan asks first, saying how many seats change
        for _ in range(50):
            if page.evaluate("document.activeElement.id") == "confirm-change":
                break
            page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "confirm-change"
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.querySelector('#plan-grid .messages') !== null")
    seats_after = {s.person_id: s.table for s in Seat.objects.filter(plan=plan, round=0,
                                                                     person_id__in=[first, second])}
    message = page.locator("#plan-grid .messages").inner_text()
    if seats_before[int(first)] != seats_before[int(second)]:
        assert seats_after == {int(first): seats_before[int(second)], int(second): seats_before[int(first)]}, message
    focus_stays_in_the_plan(page)
    # lock the first seat of round 1 with the keyboard
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    tab_to(page, r"^Lås ", limit=3000)
    name = focused_text(page).removeprefix("Lås").strip()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('#round-1') && Array.from(document.querySelectorAll("
                           "'#plan-grid button[aria-pressed=true]')).length > 0")
    seat = Seat.objects.get(plan=plan, round=0, person__name=name)
    assert seat.locked
    focus_stays_in_the_plan(page)

    context.close()
