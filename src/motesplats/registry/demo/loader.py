"""Load the demo: the portfolio in `portfolio.json`, the demo accounts, then the demo data of later apps.

Later apps add their demo data through a module `motesplats.<app>.demo` with a function
`load(stdout=...)`; it runs after the registry and the accounts exist. Everything is idempotent.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from motesplats.accounts.models import Role, User
from motesplats.registry.models import DataNeed, Dataset, Organisation, Person, Project
from motesplats.registry.portfolio_io import ImportReport, import_portfolio
from motesplats.registry.services import person_link_user

PORTFOLIO_FILE = Path(__file__).resolve().parent / "portfolio.json"
DEMO_PASSWORD = "demo-password-1"  # noqa: S105 - the documented password of the demo accounts
HOOK_APPS = ("events", "networking", "discovery", "datasharing", "news", "followups")
HOOK_LABELS = {"events": gettext_noop("seminarieserien"), "networking": gettext_noop("nätverkandet"),
               "discovery": gettext_noop("upptäckterna"), "datasharing": gettext_noop("datadelningen")}


@dataclass(frozen=True)
class DemoAccount:
    email: str
    role: str
    person_key: str | None  # the person in portfolio.json the account belongs to


DEMO_ACCOUNTS = (
    DemoAccount("programkontoret@motesplats.example", Role.ORGANISER, None),
    DemoAccount("projektledare@motesplats.example", Role.MEMBER, "p-sara-lindqvist"),
    DemoAccount("ledning@motesplats.example", Role.READER, None),
)


@dataclass
class DemoSummary:
    report: ImportReport
    accounts_created: int = 0
    people_accounts_created: int = 0
    hooks: dict[str, Any] = field(default_factory=dict)  # app -> what its load() returned
    counts: dict[str, int] = field(default_factory=dict)


Say = Callable[[str], None]


def _say_to(stdout: TextIO | None) -> Say:
    def say(text: str) -> None:
        if stdout is not None:
            stdout.write(text + ("" if text.endswith("\n") else "\n"))

    return say


def _progress_bar(stdout: TextIO | None, label: str) -> Callable[[int, int], None]:
    """A bar redrawn in place on a terminal; on a pipe, a line at each quarter."""
    interactive = stdout is not None and getattr(stdout, "isatty", lambda: False)()
    shown: set[int] = set()

    def progress(done: int, total: int) -> None:
        if stdout is None or total == 0:
            return
        if interactive:
            width = 30
            filled = width * done // total
            stdout.write(f"\r  {label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
            if done == total:
                stdout.write("\n")
            stdout.flush()
            return
        quarter = 4 * done // total
        if quarter not in shown and (quarter > 0 or done == total):
            shown.add(quarter)
            stdout.write(f"  {label}: {done}/{total}\n")

    return progress


def reset_all(*, say: Say) -> None:
    """Empty every table (the whole database, not only the demo) so the demo loads on a clean slate."""
    from django.core.management import call_command

    say(_("Tömmer databasen …"))
    call_command("flush", interactive=False, verbosity=0)


@transaction.atomic
def ensure_accounts(*, password: str = DEMO_PASSWORD) -> tuple[int, int]:
    """The three role accounts, and a member account for each demo person who has none.

    Returns (role accounts created, person accounts created). Existing accounts keep their password.
    """
    created = 0
    for account in DEMO_ACCOUNTS:
        user = User.objects.filter(email=account.email).first()
        if user is None:
            user = User.objects.create_user(email=account.email, password=password, role=account.role,
                                            is_staff=account.role == Role.ORGANISER)
            created += 1
        elif user.role != account.role:
            user.role = account.role
            user.save(update_fields=["role"])
        if account.person_key:
            person = Person.objects.filter(key=account.person_key, user__isnull=True).first()
            if person is not None and not Person.objects.filter(user=user).exists():
                person_link_user(person=person, user=user)

    # One hash for all person accounts: hashing 70 passwords one by one takes most of a minute.
    people = list(Person.objects.filter(user__isnull=True, is_anonymised=False, key__startswith="p-")
                  .exclude(email=""))
    taken = {e.lower() for e in User.objects.filter(email__in=[p.email for p in people]).values_list(
        "email", flat=True)}
    shared_hash = make_password(password)
    new_users = [User(email=p.email.lower(), password=shared_hash, role=Role.MEMBER)
                 for p in people if p.email.lower() not in taken]
    User.objects.bulk_create(new_users)
    users = {u.email: u for u in User.objects.filter(email__in=[p.email.lower() for p in people])}
    for person in people:
        user = users.get(person.email.lower())
        if user is not None and not Person.objects.filter(user=user).exists():
            person_link_user(person=person, user=user)
    return created, len(new_users)


def run_hooks(*, stdout: TextIO | None, say: Say) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for app in HOOK_APPS:
        name = f"motesplats.{app}.demo"
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name and (name == error.name or name.startswith(error.name + ".")):
                continue  # the app has no demo module (or is not there at all)
            raise
        load = getattr(module, "load", None)
        if load is None:
            continue
        say(_("Demodata för %(app)s …") % {"app": _(HOOK_LABELS[app]) if app in HOOK_LABELS else app})
        results[app] = load(stdout=stdout)
    return results


def load_demo(*, reset: bool = False, stdout: TextIO | None = None, portfolio: Path = PORTFOLIO_FILE,
              hooks: bool = True) -> DemoSummary:
    say = _say_to(stdout)
    steps = 3 + (1 if reset else 0)
    step = 0

    def stage(text: str) -> None:
        nonlocal step
        step += 1
        say(f"[{step}/{steps}] {text}")

    if reset:
        stage(_("Tömmer databasen"))
        reset_all(say=lambda _text: None)
    stage(_("Läser in portföljen (%(file)s)") % {"file": portfolio.name})
    report = import_portfolio(portfolio.read_bytes(), source_name=portfolio.name,
                              progress=_progress_bar(stdout, _("projekt")))
    for line in report.lines():
        say(f"  {line}")
    stage(_("Skapar demokonton"))
    accounts, people_accounts = ensure_accounts()
    summary = DemoSummary(report=report, accounts_created=accounts, people_accounts_created=people_accounts)
    stage(_("Demodata för seminarieserien, nätverkandet och upptäckterna"))
    if hooks:
        summary.hooks = run_hooks(stdout=stdout, say=lambda text: say(f"  {text}"))
    summary.counts = {
        "organisations": Organisation.objects.count(),
        "projects": Project.objects.count(),
        "people": Person.objects.count(),
        "datasets": Dataset.objects.count(),
        "data_needs": DataNeed.objects.count(),
        "accounts": User.objects.count(),
    }
    return summary
