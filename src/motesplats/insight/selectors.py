"""The figures of insight, computed from the registry, the seminars, the networking and discovery.

Each function returns one `Figure` (or a small dataclass of key numbers) and runs a fixed number of queries,
whatever the size of the portfolio. Sections (`sections.py`) group them; other apps add or replace sections.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from motesplats.discovery.models import Verdict, VerdictKind, VerdictStatus
from motesplats.events.enums import EventStatus, RegistrationStatus
from motesplats.events.models import Event, Registration
from motesplats.networking.models import Encounter, PlanKind, TableOutcome
from motesplats.registry.models import Project, ProjectStatus
from motesplats.registry.selectors import visible_projects

from .figures import Figure, Series

MAX_YEARS = 12
FUTURE_YEARS = 4  # planned years shown beyond this one
MAX_THEMES = 12

# --- the portfolio ---------------------------------------------------------------------------------


def _project_years(project: dict[str, Any], this_year: int) -> tuple[int, int]:
    """The first and last year a project runs: its dates, else the year it was registered; a project
    that is not finished and has no end date runs until this year. Plans further ahead than a few years
    are cut."""
    start = project["start_date"].year if project["start_date"] else timezone.localtime(project["created"]).year
    if project["end_date"]:
        end = project["end_date"].year
    elif project["status"] == ProjectStatus.AVSLUTAD:
        end = start
    else:
        end = max(this_year, start)
    return start, max(start, min(end, this_year + FUTURE_YEARS))


def portfolio_over_time(*, user: Any) -> Figure:
    """Projects by the year they started and their status now, with the organisations taking part (owner or
    partner) in the projects running each year. Two queries."""
    projects = list(visible_projects(user).order_by().values("pk", "status", "start_date", "end_date", "created",
                                                             "owner_id"))
    partners: dict[int, set[int]] = defaultdict(set)
    for project_id, organisation_id in Project.partners.through.objects.filter(
            project_id__in=[p["pk"] for p in projects]).values_list("project_id", "organisation_id"):
        partners[project_id].add(organisation_id)
    this_year = timezone.localdate().year
    started: dict[int, Counter[str]] = defaultdict(Counter)
    taking_part: dict[int, set[int]] = defaultdict(set)
    for project in projects:
        start, end = _project_years(project, this_year)
        started[start][project["status"]] += 1
        for year in range(max(start, this_year - 50), end + 1):
            taking_part[year] |= {project["owner_id"], *partners[project["pk"]]}
    years = sorted(set(started) | set(taking_part))
    if years:
        years = list(range(max(years[0], years[-1] - MAX_YEARS + 1), years[-1] + 1))
    series = [Series(str(label), [started[y][status] for y in years]) for status, label in ProjectStatus.choices]
    series.append(Series(_("Organisationer som deltar"), [len(taking_part[y]) for y in years], kind="line"))
    return Figure(
        key="portfolio", title=_("Portföljen över tid"),
        summary=_("Projekt efter startår och nuvarande status (staplar), och antalet organisationer som deltar "
                  "i de projekt som pågår varje år (linje)."),
        category_label=_("År"), categories=[str(y) for y in years], series=series, chart="stacked",
        note=_("Startår är projektets startdatum, annars året det registrerades. Ett projekt utan slutdatum "
               "som inte är avslutat räknas som pågående till i år."),
    )


def portfolio_by_theme(*, user: Any) -> Figure:
    """Projects per theme (the most common themes) by status. One query."""
    rows = (Project.themes.through.objects.filter(project__in=visible_projects(user))
            .values_list("theme__name", "project__status").order_by())
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for theme, status in rows:
        counts[theme][status] += 1
    themes = sorted(counts, key=lambda t: (-sum(counts[t].values()), t.casefold()))[:MAX_THEMES]
    series = [Series(str(label), [counts[t][status] for t in themes]) for status, label in ProjectStatus.choices]
    return Figure(
        key="themes", title=_("Projekt per tema"),
        summary=_("De vanligaste temana och hur många projekt i varje tema som är idéer, planerade, pågående "
                  "eller avslutade."),
        category_label=_("Tema"), categories=themes, series=series, chart="hstacked",
        note=_("Ett projekt med flera teman räknas under vart och ett av dem."),
    )


# --- seminars ----------------------------------------------------------------------------------------


def _event_label(event: Event) -> str:
    return f"{event.title} ({event.date.isoformat()})"


def held_and_coming_events() -> list[Event]:
    return list(Event.objects.filter(status__in=[EventStatus.PUBLICERAD, EventStatus.AVSLUTAD])
                .order_by("starts_at", "pk"))


def seminars(*, user: Any) -> Figure:
    """Per published or finished seminar: registered (confirmed), checked in, and organisations present
    (the organisations of the people checked in). One query for the events, one for the figures."""
    events = held_and_coming_events()
    checked_in = Q(registrations__status=RegistrationStatus.CONFIRMED, registrations__checked_in_at__isnull=False)
    figures = {row["pk"]: row for row in Event.objects.filter(pk__in=[e.pk for e in events]).values("pk").annotate(
        registered=Count("registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)),
        checked_in=Count("registrations", filter=checked_in),
        organisations=Count("registrations__person__organisation", filter=checked_in, distinct=True),
    ).order_by()}
    empty = {"registered": 0, "checked_in": 0, "organisations": 0}
    rows = [figures.get(e.pk, empty) for e in events]
    return Figure(
        key="seminars", title=_("Seminarier"),
        summary=_("För varje seminarium: anmälda, incheckade och antalet organisationer på plats."),
        category_label=_("Seminarium"), categories=[_event_label(e) for e in events],
        series=[Series(_("Anmälda"), [r["registered"] for r in rows]),
                Series(_("Incheckade"), [r["checked_in"] for r in rows]),
                Series(_("Organisationer på plats"), [r["organisations"] for r in rows])],
        chart="bar",
        note=_("Anmälda är bekräftade platser. Organisationer på plats räknas bland de incheckade."),
    )


# --- networking: new ties per held seminar -----------------------------------------------------------


@dataclass(frozen=True)
class EventTies:
    event: Event
    participants: int  # checked in
    new_cross_org_ties: int
    met_someone_new: int  # participants with at least one pair they had not met before

    @property
    def share_met_new(self) -> float:
        return round(100 * self.met_someone_new / self.participants, 1) if self.participants else 0.0


def ties_per_held_seminar(events: list[Event] | None = None) -> list[EventTies]:
    """New ties per finished seminar, in the order they were held. Only people checked in at a seminar count:
    a pair met there when the networking plan put them together and both came. A tie is new when the two
    had not met at an earlier finished seminar (of any series); it is cross-organisation when they work for
    different organisations. Three queries."""
    held = events if events is not None else list(
        Event.objects.filter(status=EventStatus.AVSLUTAD).order_by("starts_at", "pk"))
    ids = [e.pk for e in held]
    present: dict[int, set[int]] = defaultdict(set)
    for event_id, person_id in Registration.objects.filter(
            event_id__in=ids, status=RegistrationStatus.CONFIRMED, checked_in_at__isnull=False,
            person__isnull=False).values_list("event_id", "person_id"):
        present[event_id].add(person_id)
    pairs: dict[int, set[tuple[int, int, bool]]] = defaultdict(set)
    for event_id, a, b, org_a, org_b in Encounter.objects.filter(event_id__in=ids).values_list(
            "event_id", "person_a_id", "person_b_id", "person_a__organisation_id", "person_b__organisation_id"):
        pairs[event_id].add((a, b, org_a != org_b))
    met_before: set[tuple[int, int]] = set()
    out = []
    for event in held:
        here = present[event.pk]
        new_cross, newcomers, counted = 0, set(), set()
        for a, b, cross in pairs[event.pk]:
            if a not in here or b not in here or (a, b) in counted:
                continue
            counted.add((a, b))
            if (a, b) in met_before:
                continue
            newcomers |= {a, b}
            new_cross += cross
        met_before |= counted
        out.append(EventTies(event, len(here), new_cross, len(newcomers)))
    return out


def network_ties(*, user: Any) -> Figure:
    ties = ties_per_held_seminar()
    return Figure(
        key="ties", title=_("Nya kontakter mellan organisationer"),
        summary=_("För varje genomfört seminarium: nya kontakter mellan personer från olika organisationer "
                  "(staplar) och andelen deltagare som träffade någon ny (linje, procent)."),
        category_label=_("Seminarium"), categories=[_event_label(t.event) for t in ties],
        series=[Series(_("Nya kontakter mellan organisationer"), [t.new_cross_org_ties for t in ties]),
                Series(_("Andel som träffade någon ny (%)"), [t.share_met_new for t in ties], kind="line",
                       percent=True),
                Series(_("Incheckade deltagare"), [t.participants for t in ties])],
        chart="bar",
        note=_("Bara incheckade personer på avslutade seminarier räknas. En kontakt är ny när de två inte "
               "träffats på ett tidigare seminarium."),
    )


def network_pictures(facts: Any) -> list[tuple[str, str]]:
    """Links to the network picture of each series where people have met (organisations and counts only)."""
    from django.urls import reverse

    from motesplats.events.models import Series

    return [(_("Nätverksbilden: %(series)s") % {"series": series.name},
             reverse("networking:picture", kwargs={"slug": series.slug}))
            for series in Series.objects.filter(encounters__isnull=False).distinct().order_by("name")]


# --- overlaps and data matches: what became of them ------------------------------------------------------

OUTCOME_ORDER = (VerdictStatus.KONTAKTAD, VerdictStatus.SAMARBETAR, VerdictStatus.INTE_RELEVANT)


def _outcome_counts(kind: str, open_count: int) -> tuple[list[str], list[int]]:
    decided = dict(Verdict.objects.filter(kind=kind).order_by().values_list("status").annotate(n=Count("pk")))
    labels = [str(label) for value, label in VerdictStatus.choices if value in OUTCOME_ORDER]
    values = [decided.get(value, 0) for value, _label in VerdictStatus.choices if value in OUTCOME_ORDER]
    return [*labels, _("Öppna")], [*values, open_count]


def overlap_of(facts: Any) -> Any:
    """The overlap overview (from the stored snapshot), computed once for the sections that need it."""
    from motesplats.discovery import selectors as discovery

    return facts.memo("overlap", lambda: discovery.overlap(user=facts.user))


def overlaps(facts: Any) -> Figure:
    found = overlap_of(facts)
    open_pairs = sum(len(pairs) for _members, pairs in found.clusters)
    labels, values = _outcome_counts(VerdictKind.PAIR, open_pairs)
    return Figure(
        key="overlaps", title=_("Överlapp mellan projekt och vad som blev av dem"),
        summary=_("Par av närliggande projekt i olika organisationer som hittats, efter vad programkontoret "
                  "noterat: kontaktade, samarbetar, inte relevanta eller öppna."),
        category_label=_("Läge"), categories=labels, series=[Series(_("Projektpar"), values)], chart="hbar",
        note=_("Öppna par är de som överlappsöversikten föreslår och som ingen ännu bedömt."),
    )


def data_matches(facts: Any) -> Figure:
    found = overlap_of(facts)
    labels, values = _outcome_counts(VerdictKind.DATA, len(found.opportunities))
    return Figure(
        key="data_matches", title=_("Data som en organisation samlar in och en annan behöver"),
        summary=_("Föreslagna matchningar mellan datamängder och databehov i olika organisationer, efter läge."),
        category_label=_("Läge"), categories=labels, series=[Series(_("Datamatchningar"), values)], chart="hbar",
        note=_("Öppna matchningar är de som upptäckten föreslår och som ingen ännu bedömt; en förfrågan om "
               "data kan börja från en matchning."),
    )


# --- round-table findings ---------------------------------------------------------------------------


def findings_per_seminar(*, user: Any) -> Figure:
    """Round-table findings per seminar: the tables that wrote answers and the questions discussed."""
    rows = (TableOutcome.objects.filter(plan__kind=PlanKind.TABLES)
            .values_list("plan__agenda_item__event_id", "answers").order_by())
    written: Counter[int] = Counter()
    answers: Counter[int] = Counter()
    for event_id, table_answers in rows:
        texts = [a for a in (table_answers or []) if isinstance(a, str) and a.strip()]
        if texts:
            written[event_id] += 1
            answers[event_id] += len(texts)
    events = list(Event.objects.filter(pk__in=list(written)).order_by("starts_at", "pk"))
    return Figure(
        key="findings", title=_("Rundabordens slutsatser"),
        summary=_("För varje seminarium: bord som skrivit ner sina slutsatser och antalet svar."),
        category_label=_("Seminarium"), categories=[_event_label(e) for e in events],
        series=[Series(_("Bord med slutsatser"), [written[e.pk] for e in events]),
                Series(_("Svar"), [answers[e.pk] for e in events])],
        chart="bar",
        note=_("Uppföljningar av slutsatserna, med ansvarig och status, visas här när uppföljningarna finns "
               "på plats."),
    )


# --- key numbers -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KeyNumbers:
    projects: int
    organisations: int
    seminars_held: int
    people_checked_in: int
    new_cross_org_ties: int
    collaborations: int


def key_numbers(*, user: Any) -> KeyNumbers:
    projects = visible_projects(user)
    owners = set(projects.values_list("owner_id", flat=True))
    partners = set(Project.partners.through.objects.filter(project__in=projects)
                   .values_list("organisation_id", flat=True))
    held = Event.objects.filter(status=EventStatus.AVSLUTAD)
    people = (Registration.objects.filter(event__in=held, checked_in_at__isnull=False, person__isnull=False)
              .values("person_id").distinct().count())
    return KeyNumbers(
        projects=projects.count(), organisations=len(owners | partners), seminars_held=held.count(),
        people_checked_in=people,
        new_cross_org_ties=sum(t.new_cross_org_ties for t in ties_per_held_seminar()),
        collaborations=Verdict.objects.filter(status=VerdictStatus.SAMARBETAR).count(),
    )


def report_period() -> tuple[dt.date | None, dt.date | None]:
    first = Event.objects.filter(status=EventStatus.AVSLUTAD).order_by("date").values_list("date", flat=True).first()
    last = Event.objects.filter(status=EventStatus.AVSLUTAD).order_by("-date").values_list("date", flat=True).first()
    return first, last


# --- one seminar's report ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    question: str
    summary: str  # the programme office's published summary, when there is one
    answers: list[str]  # what the tables wrote


@dataclass(frozen=True)
class TablesFindings:
    title: str
    tables: int
    findings: list[Finding]


@dataclass(frozen=True)
class EventReport:
    event: Event
    agenda: list[Any]
    counts: Any
    by_organisation: list[Any]
    ties: EventTies | None
    findings: list[TablesFindings]
    attendance: Figure


def _findings(event: Event) -> list[TablesFindings]:
    from motesplats.networking.models import Plan

    plans = (Plan.objects.filter(agenda_item__event=event, kind=PlanKind.TABLES)
             .select_related("agenda_item").prefetch_related("outcomes").order_by("agenda_item__order", "pk"))
    out = []
    for plan in plans:
        questions = list(plan.agenda_item.questions or [])
        outcomes = list(plan.outcomes.all())
        summary = list(plan.summary or []) if plan.summary_published_at else []
        findings = []
        for i, question in enumerate(questions):
            answers = [o.answers[i].strip() for o in outcomes
                       if i < len(o.answers or []) and isinstance(o.answers[i], str) and o.answers[i].strip()]
            text = summary[i].strip() if i < len(summary) and isinstance(summary[i], str) else ""
            findings.append(Finding(str(question), text, answers))
        tables = sum(1 for o in outcomes if any(isinstance(a, str) and a.strip() for a in (o.answers or [])))
        out.append(TablesFindings(plan.agenda_item.title, tables, findings))
    return out


def event_report(event: Event) -> EventReport:
    from motesplats.events import selectors as events

    counts = events.event_counts(event)
    by_organisation = events.registrations_by_organisation(event)
    ties = None
    if event.is_finished:
        held = list(Event.objects.filter(status=EventStatus.AVSLUTAD, starts_at__lte=event.starts_at)
                    .order_by("starts_at", "pk"))
        ties = next((t for t in ties_per_held_seminar(held) if t.event.pk == event.pk), None)
    top = sorted(by_organisation, key=lambda g: (-g.total, g.name))[:15]
    attendance = Figure(
        key=f"attendance-{event.slug}", title=_("Anmälda och incheckade per organisation"),
        summary=_("För de organisationer som hade flest anmälda: bekräftade platser och incheckade."),
        category_label=_("Organisation"), categories=[g.name for g in top],
        series=[Series(_("Bekräftade"), [g.confirmed for g in top]),
                Series(_("Incheckade"), [g.checked_in for g in top])],
        chart="hbar",
    )
    return EventReport(event, events.agenda(event), counts, by_organisation, ties, _findings(event), attendance)


# --- data sharing: requests and agreements between organisations (the datasharing app) -----------------


def data_requests_over_time(*, user: Any) -> Figure:
    """Data requests made, answered and accepted per month (counts of every request: they name no one)."""
    from motesplats.datasharing.selectors import flow_figures

    flow = flow_figures(user=user)
    note = _("Alla förfrågningar räknas; de namnger ingen.")
    if flow.median_days_to_answer is not None:
        note = _("Alla förfrågningar räknas; de namnger ingen. Mediantid till svar: %(days)s dagar.") % {
            "days": flow.median_days_to_answer}
    return Figure(
        key="data_requests", title=_("Dataförfrågningar per månad"),
        summary=_("Förfrågningar om data mellan organisationer som gjorts, besvarats och accepterats, per månad "
                  "det senaste året."),
        category_label=_("Månad"), categories=flow.months,
        series=[Series(_("Gjorda"), flow.made), Series(_("Besvarade"), flow.answered),
                Series(_("Accepterade"), flow.accepted)],
        chart="bar", note=note,
    )


def data_requests_by_state(*, user: Any) -> Figure:
    from motesplats.datasharing.models import DataRequest, RequestStatus

    counts = dict(DataRequest.objects.order_by().values_list("status").annotate(n=Count("pk")))
    return Figure(
        key="data_request_states", title=_("Dataförfrågningar efter läge"),
        summary=_("Hur många förfrågningar om data som väntar på svar, har frågor, är accepterade, avböjda eller "
                  "återkallade."),
        category_label=_("Läge"), categories=[str(label) for _value, label in RequestStatus.choices],
        series=[Series(_("Förfrågningar"), [counts.get(value, 0) for value, _label in RequestStatus.choices])],
        chart="hbar", note=_("Alla förfrågningar räknas; de namnger ingen."),
    )


def data_agreements_between_organisations(*, user: Any) -> Figure:
    """Agreements the reader may see, per pair of organisations (who delivers to whom), by status."""
    from motesplats.datasharing.models import AgreementStatus
    from motesplats.datasharing.selectors import agreement_list

    pairs: dict[str, Counter[str]] = defaultdict(Counter)
    for producer, consumer, status in agreement_list(user=user).values_list(
            "producer__name", "consumer__name", "status"):
        pairs[f"{producer} → {consumer}"][status] += 1
    top = sorted(pairs, key=lambda p: (-sum(pairs[p].values()), p.casefold()))[:MAX_THEMES]
    return Figure(
        key="data_agreements", title=_("Dataavtal mellan organisationer"),
        summary=_("Avtal om data mellan organisationer: vem som levererar till vem, efter avtalets läge."),
        category_label=_("Levererar → tar emot"), categories=top,
        series=[Series(str(label), [pairs[p][value] for p in top]) for value, label in AgreementStatus.choices],
        chart="hstacked",
        note=_("Avtal som hör till förfrågningar du får se. De organisationspar som har flest avtal visas."),
    )
