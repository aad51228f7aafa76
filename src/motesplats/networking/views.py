"""Pages of networking. Thin: permissions through common.permissions, writes through services."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from motesplats.common import permissions, person_picker
from motesplats.common.throttle import Throttle, client_ip, over_limit, throttled_page
from motesplats.common.views import partial_or_page, require
from motesplats.events.enums import NETWORKING_KINDS
from motesplats.events.models import AgendaItem, Event, Series
from motesplats.registry.models import Theme

from . import picture as picture_reads
from . import planning, selectors, services
from .forms import OutcomeForm, PictureFilterForm, PlanOptionsForm
from .models import Plan, TableOutcome

organiser_only = require(permissions.can_manage_events)


@organiser_only
def index(request: HttpRequest) -> HttpResponse:
    events = (Event.objects.filter(agenda_items__kind__in=NETWORKING_KINDS).distinct()
              .select_related("series").order_by("-starts_at"))
    rows = []
    plans = {p.agenda_item_id: p for p in Plan.objects.filter(agenda_item__event__in=events)}
    for event in events:
        items = selectors.networking_items(event)
        rows.append({"event": event, "items": [(i, plans.get(i.pk)) for i in items]})
    series = Series.objects.order_by("name")
    return render(request, "networking/index.html", {"nav": "networking", "rows": rows, "series": series})


def _form(item: AgendaItem, plan: Plan | None, data: Any = None) -> PlanOptionsForm:
    people = planning.participants_of(item.event)
    choices = [(p.id, f"{p.name} ({people.persons[p.id].organisation.name})") for p in people.participants]
    opts = plan.options if plan else {}
    speed = item.is_speed_dating
    initial = {
        "rounds": opts.get("rounds") or (item.rounds if speed else 1) or 3,
        "tables": opts.get("tables", item.tables) if opts else item.tables,
        "table_size": opts.get("table_size"),
        "w_organisation": opts.get("w_organisation", 1.0), "w_related": opts.get("w_related", 0.5),
        "w_role": opts.get("w_role", 0.3),
        "hosts": [str(h[0]) for h in opts.get("hosts", [])],
        "apart": [f"{a}-{b}" for a, b in opts.get("apart", [])],
        "checked_in_only": opts.get("checked_in_only", False),
    }
    apart_pairs = [(str(a), str(b)) for a, b in opts.get("apart", [])]
    return PlanOptionsForm(data, initial=initial, people=choices, speed=speed, apart_pairs=apart_pairs,
                           search_url=reverse("networking:people", kwargs={"slug": item.event.slug}))


def _plan_context(plan: Plan | None) -> dict[str, Any]:
    if plan is None or not plan.seats.exists():
        return {"grid": [], "counts": None}
    grid = selectors.seats_of(plan)
    counts = selectors.plan_counts(plan, grid)
    rounds = []
    for r, rnd in enumerate(grid):
        tables = [{"index": t, "number": t + 1, "seats": seats,
                   "locked": bool(seats) and all(s.locked for s in seats),
                   "same_org": (r, t) in counts.same_org_tables, "repeat": (r, t) in counts.repeat_tables,
                   "met": counts.repeats.get((r, t), [])}
                  for t, seats in enumerate(rnd)]
        people = sorted((s for table in rnd for s in table), key=lambda s: s.person.name)
        rounds.append({"index": r, "number": r + 1, "tables": tables, "people": people})
    return {"grid": rounds, "counts": counts}


def _event_item(request: HttpRequest, slug: str, item_id: Any) -> tuple[Event, AgendaItem | None, list[AgendaItem]]:
    event = get_object_or_404(Event.objects.select_related("series"), slug=slug)
    items = selectors.networking_items(event)
    try:
        wanted = int(item_id) if item_id else None
    except ValueError:
        raise Http404 from None
    item = next((i for i in items if i.pk == wanted), None) if wanted else (items[0] if items else None)
    if wanted and item is None:
        raise Http404
    return event, item, items


def _page(request: HttpRequest, event: Event, item: AgendaItem | None, items: list[AgendaItem],
          form: PlanOptionsForm | None = None, status: int = 200) -> HttpResponse:
    plan = selectors.plan_of(item) if item else None
    context: dict[str, Any] = {"nav": "networking", "event": event, "item": item, "items": items, "plan": plan}
    if item is not None:
        confirmed = planning.participant_registrations(event).count()
        checked_in = planning.participant_registrations(event, checked_in_only=True).count()
        context.update({
            "form": form or _form(item, plan),
            "participants": confirmed, "checked_in": checked_in,
            "size_advice": selectors.item_size_advice(item, plan, confirmed=confirmed, checked_in=checked_in),
            "versions": list(plan.versions.select_related("by")[:10]) if plan else [],
            **_plan_context(plan)})
    return render(request, "networking/plan.html", context, status=status)


def plan_url(item: AgendaItem) -> str:
    return reverse("networking:event", kwargs={"slug": item.event.slug}) + f"?item={item.pk}"


@organiser_only
def event_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The event's networking: a tab per speed-dating or round-table item, its options, plan and adjustments."""
    wanted = request.GET.get("item") or request.GET.get("punkt")  # "punkt": the old name of the parameter
    event, item, items = _event_item(request, slug, wanted)
    return _page(request, event, item, items)


@organiser_only
def plan_adjust_page(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.select_related("agenda_item__event"), pk=pk)
    event, item, items = _event_item(request, plan.event.slug, plan.agenda_item_id)
    return _page(request, event, item, items)


PICKER_FIELDS = {"hosts": True, "apart_a": False, "apart_b": False}  # field -> several people


@organiser_only
def people_search(request: HttpRequest, slug: str) -> HttpResponse:
    """The person pickers' answers (htmx): the event's participants matching what was typed, or the one picked."""
    event = get_object_or_404(Event, slug=slug)
    field = request.GET.get("field", "")
    if not field:
        return HttpResponse("")  # nothing asked, nothing found
    if field not in PICKER_FIELDS:
        raise Http404
    return person_picker.answer(
        request, field=field, multiple=PICKER_FIELDS[field],
        search=lambda query, chosen: selectors.pickable_people(event, query, exclude=chosen),
        pick=lambda value: selectors.pickable_person(event, value))


@require_POST
@organiser_only
def plan_start(request: HttpRequest, slug: str) -> HttpResponse:
    event, item, items = _event_item(request, slug, request.POST.get("item"))
    if item is None:
        raise Http404
    plan = selectors.plan_of(item)
    form = _form(item, plan, request.POST)
    if not form.is_valid():
        return _page(request, event, item, items, form=form, status=400)
    try:
        services.plan_request(item=item, options=form.options(), by=request.user,
                              recompute=bool(request.POST.get("recompute")))
    except services.NetworkingError as error:
        messages.error(request, error.message)
    return redirect(plan_url(item))


@organiser_only
def plan_progress(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan, pk=pk)
    response = render(request, "networking/_progress.html", {"plan": plan})
    if not plan.is_busy:
        response["HX-Refresh"] = "true"
    return response


def _adjusted(request: HttpRequest, plan: Plan) -> HttpResponse:
    def grid() -> dict[str, Any]:
        plan.refresh_from_db()
        return {"plan": plan, "item": plan.agenda_item, **_plan_context(plan)}

    return partial_or_page(request, "networking/_grid.html", grid,
                           page=lambda: redirect(plan_url(plan.agenda_item) + "#plan-grid"))


def _int(request: HttpRequest, name: str) -> int:
    try:
        return int(request.POST.get(name, ""))
    except ValueError:
        raise services.NetworkingError(_("Välj i listan.")) from None


def _confirm(request: HttpRequest, plan: Plan, *, action_url: str, question: str, button: str) -> HttpResponse:
    """Ask before changing what participants were promised: the same POST again, with ``confirm=1``."""
    fields = [(k, v) for k, v in request.POST.items() if k not in ("csrfmiddlewaretoken", "confirm")]
    context = {"plan": plan, "action_url": action_url, "question": question, "button": button, "fields": fields,
               "back": plan_url(plan.agenda_item), "heading": _("Bekräfta ändringen"),
               "back_url": plan_url(plan.agenda_item), "back_label": plan.agenda_item.title}
    return partial_or_page(request, "networking/_confirm.html", context, page="common/partial_page.html")


def _plan_change(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.select_related("agenda_item__event"), pk=pk)
    confirmed = request.POST.get("confirm") == "1"
    try:
        round_ = _int(request, "round") - 1
        if action == "move":
            services.seat_move(plan=plan, person_id=_int(request, "person"), round_=round_,
                               table=_int(request, "table") - 1, by=request.user, confirmed=confirmed)
            messages.success(request, _("Personen är flyttad."))
        elif action == "swap":
            services.seat_swap(plan=plan, person_a=_int(request, "person_a"), person_b=_int(request, "person_b"),
                               round_=round_, by=request.user, confirmed=confirmed)
            messages.success(request, _("Platserna är bytta."))
        elif action == "lock":
            services.seat_lock(plan=plan, person_id=_int(request, "person"), round_=round_,
                               locked=request.POST.get("locked") == "1", by=request.user)
        elif action == "lock_table":
            services.table_lock(plan=plan, round_=round_, table=_int(request, "table") - 1,
                                locked=request.POST.get("locked") == "1", by=request.user)
        else:
            raise Http404
    except services.ConfirmationNeeded as needed:
        return _confirm(request, plan, action_url=request.path, button=_("Ja, ändra och mejla dem"),
                        question=ngettext(
                            "Planen är publicerad. Ändringen flyttar %(n)d person, som får ett mejl om sin nya plats.",
                            "Planen är publicerad. Ändringen flyttar %(n)d personer, som får ett mejl om sin nya "
                            "plats.", needed.people) % {"n": needed.people})
    except services.NetworkingError as error:
        messages.error(request, error.message)
    return _adjusted(request, plan)


@require_POST
@organiser_only
def plan_move(request: HttpRequest, pk: int) -> HttpResponse:
    return _plan_change(request, pk, "move")


@require_POST
@organiser_only
def plan_swap(request: HttpRequest, pk: int) -> HttpResponse:
    return _plan_change(request, pk, "swap")


@require_POST
@organiser_only
def plan_lock(request: HttpRequest, pk: int) -> HttpResponse:
    return _plan_change(request, pk, "lock")


@require_POST
@organiser_only
def plan_lock_table(request: HttpRequest, pk: int) -> HttpResponse:
    return _plan_change(request, pk, "lock_table")


@require_POST
@organiser_only
def plan_publish(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.select_related("agenda_item__event"), pk=pk)
    try:
        if request.POST.get("unpublish"):
            if request.POST.get("confirm") != "1":
                people = plan.seats.values("person_id").distinct().count()
                return _confirm(request, plan, action_url=request.path, button=_("Ja, avpublicera"),
                                question=ngettext(
                                    "Efter avpubliceringen ser %(n)d deltagare inte längre sin plats under Min dag.",
                                    "Efter avpubliceringen ser %(n)d deltagare inte längre sina platser under Min "
                                    "dag.", people) % {"n": people})
            services.plan_unpublish(plan=plan, by=request.user)
            messages.success(request, _("Planen är inte längre publicerad."))
        else:
            services.plan_publish(plan=plan, by=request.user)
            messages.success(request, _("Planen är publicerad. Deltagarna ser sina platser under Min dag."))
    except services.NetworkingError as error:
        messages.error(request, error.message)
    return redirect(plan_url(plan.agenda_item))


@require_POST
@organiser_only
def plan_pending(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm (or discard) a new computation of a published plan."""
    plan = get_object_or_404(Plan.objects.select_related("agenda_item__event"), pk=pk)
    try:
        if request.POST.get("discard"):
            services.plan_pending_discard(plan=plan, by=request.user)
            messages.success(request, _("Den nya beräkningen är kasserad; planen är oförändrad."))
        else:
            version = services.plan_pending_apply(plan=plan, by=request.user)
            n = len(version.people) if version else 0
            messages.success(request, ngettext("Planen är ändrad. %(n)d person får ett mejl om sin nya plats.",
                                               "Planen är ändrad. %(n)d personer får ett mejl om sina nya platser.",
                                               n) % {"n": n})
    except services.NetworkingError as error:
        messages.error(request, error.message)
    return redirect(plan_url(plan.agenda_item))


@require_POST
@organiser_only
def plan_day(request: HttpRequest, slug: str) -> HttpResponse:
    """Plan every networking item of the event at once (published items stay as they are)."""
    event, item, _items = _event_item(request, slug, request.POST.get("item"))
    try:
        services.day_request(event=event, by=request.user)
        messages.success(request, _("Hela dagen planeras: alla pass med nätverkande på en gång."))
    except services.NetworkingError as error:
        messages.error(request, error.message)
    return redirect(plan_url(item) if item else reverse("networking:event", kwargs={"slug": event.slug}))


@require_POST
@organiser_only
def item_tables(request: HttpRequest, slug: str) -> HttpResponse:
    """Accept the proposed table count with one click."""
    event, item, _items = _event_item(request, slug, request.POST.get("item"))
    if item is None:
        raise Http404
    try:
        services.item_tables_set(item=item, tables=_int(request, "tables"), by=request.user)
        messages.success(request, _("Antalet bord är ändrat till %(n)d.") % {"n": item.tables})
    except services.NetworkingError as error:
        messages.error(request, error.message)
    return redirect(plan_url(item))


def _printable(request: HttpRequest, pk: int, template: str, extra: dict[str, Any] | None = None) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.select_related("agenda_item__event"), pk=pk)
    return render(request, template, {"plan": plan, "item": plan.agenda_item, "event": plan.event,
                                      **_plan_context(plan), **(extra or {})})


@organiser_only
def table_cards(request: HttpRequest, pk: int) -> HttpResponse:
    from .qr import outcome_qr

    plan = get_object_or_404(Plan.objects.select_related("agenda_item__event"), pk=pk)
    context = _plan_context(plan)
    outcomes = {(o.round, o.table): o for o in plan.outcomes.all()}
    for rnd in context["grid"]:
        for table in rnd["tables"]:
            o = outcomes.get((rnd["index"], table["index"]))
            if o is not None:
                url = request.build_absolute_uri(reverse("networking:outcome", kwargs={"code": o.token}))
                table["code"] = {"url": url, "svg": outcome_qr(url, _("Bord %(n)d") % {"n": o.number})}
    return render(request, "networking/table_cards.html", {"plan": plan, "item": plan.agenda_item,
                                                            "event": plan.event, **context,
                                                            "questions": plan.agenda_item.questions or []})


@organiser_only
def room_overview(request: HttpRequest, pk: int) -> HttpResponse:
    return _printable(request, pk, "networking/room.html")


@organiser_only
def projector(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.select_related("agenda_item__event"), pk=pk)
    context = _plan_context(plan)
    minutes = selectors.timer_minutes(plan.agenda_item, len(context["grid"]) or 1)
    return render(request, "networking/projector.html", {"plan": plan, "item": plan.agenda_item,
                                                          "event": plan.event, "minutes": minutes, **context})


def _outcome_throttles(request: HttpRequest, code: str) -> tuple[tuple[Throttle, str], ...]:
    """Saves of the table-result form within OUTCOME_THROTTLE_WINDOW seconds (default 600): per link
    (OUTCOME_SAVES_PER_LINK, default 30) and per address (OUTCOME_SAVES_PER_IP, default 300: a venue's tables
    often share one address)."""
    window = int(getattr(settings, "OUTCOME_THROTTLE_WINDOW", 600))
    return ((Throttle("outcome-link", limit=int(getattr(settings, "OUTCOME_SAVES_PER_LINK", 30)), window=window),
             code),
            (Throttle("outcome-ip", limit=int(getattr(settings, "OUTCOME_SAVES_PER_IP", 300)), window=window),
             client_ip(request)))


def outcome_form(request: HttpRequest, code: str) -> HttpResponse:
    """The table's short form: reached by the secret link on its card (no sign-in needed). Saves are throttled
    per link and per address (429 with Retry-After), before the link is even looked up."""
    if request.method == "POST" and (window := over_limit(request, *_outcome_throttles(request, code))):
        return throttled_page(request, window=window)
    outcome = get_object_or_404(TableOutcome.objects.select_related("plan__agenda_item__event"), token=code)
    if not outcome.plan.outcomes_open and not permissions.can_manage_events(request.user):
        return render(request, "networking/outcome_closed.html", {
            "outcome": outcome, "event": outcome.plan.event, "item": outcome.plan.agenda_item}, status=410)
    questions = list(outcome.plan.agenda_item.questions or [])
    initial = {f"q{i}": a for i, a in enumerate(outcome.answers)}
    form = OutcomeForm(request.POST or None, initial=initial, questions=questions)
    saved = False
    if request.method == "POST" and form.is_valid():
        try:
            services.outcome_save(outcome=outcome, answers=form.answers(), by=request.user)
            saved = True
        except services.NetworkingError as error:
            form.add_error(None, error.message)
    return render(request, "networking/outcome_form.html", {
        "outcome": outcome, "form": form, "saved": saved, "event": outcome.plan.event,
        "item": outcome.plan.agenda_item}, status=400 if form.errors else 200)


@organiser_only
def outcomes(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.select_related("agenda_item__event"), pk=pk)
    questions = list(plan.agenda_item.questions or [])
    draft = services.summary_draft(plan)
    form = OutcomeForm(request.POST or None, initial={f"q{i}": t for i, t in enumerate(draft)}, questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            services.summary_save(plan=plan, texts=form.answers(), publish=bool(request.POST.get("publish")),
                                  by=request.user)
            messages.success(request, _("Sammanfattningen är sparad."))
            return redirect("networking:outcomes", pk=plan.pk)
        except services.NetworkingError as error:
            form.add_error(None, error.message)
    return render(request, "networking/outcomes.html", {
        "nav": "networking", "plan": plan, "item": plan.agenda_item, "event": plan.event, "form": form,
        "by_question": selectors.outcomes_by_question(plan),
        "tables": list(plan.outcomes.all())})


@organiser_only
@require_POST
def outcomes_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    """The organiser's override: the table links take answers for 24 hours more."""
    plan = get_object_or_404(Plan, pk=pk)
    services.outcomes_reopen(plan=plan, by=request.user)
    messages.success(request, _("Bordslänkarna är öppna i 24 timmar till."))
    return redirect("networking:outcomes", pk=plan.pk)


@organiser_only
def outcomes_csv(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.select_related("agenda_item__event"), pk=pk)
    response = HttpResponse(services.outcomes_csv(plan), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="resultat-{plan.event.slug}.csv"'
    return response


def series_picture(request: HttpRequest, slug: str) -> HttpResponse:
    """The series' network of organisations: public, since it shows organisations and counts only. Only
    seminars that took place count; coming ones with published plans are listed as planned."""
    series = get_object_or_404(Series, slug=slug)
    held = picture_reads.held_events(series)
    themes = list(Theme.objects.filter(projects__registrations__event__series=series).distinct().order_by("name"))
    form = PictureFilterForm(request.GET or None, seminars=[(e.slug, f"{e.title} ({e.date:%Y-%m-%d})")
                                                            for e in reversed(held)],
                             themes=[(t.slug, t.name) for t in themes])
    theme_slug = form.value("theme", "")
    picture = picture_reads.network_picture(
        series, seminar=form.value("seminar", None), threshold=form.value("threshold", None),
        theme=next((t for t in themes if t.slug == theme_slug), None))
    return render(request, "networking/picture.html", {
        "nav": "networking", "series": series, "picture": picture, "form": form,
        "view": form.value("view", "graph"), "graph": picture.graph_data()}, status=400 if form.errors else 200)
