"""The accessibility statement, in the reader's language, with the form to report a barrier (anyone may)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from motesplats.common.throttle import Throttle, client_ip, over_limit, throttled_page

from . import selectors, services
from .forms import BarrierReportForm


def _report_throttle() -> Throttle:
    """Barrier reports per address: BARRIER_REPORTS_PER_IP (default 10) an hour."""
    return Throttle("barrier-report", limit=int(getattr(settings, "BARRIER_REPORTS_PER_IP", 10)), window=3600)


def statement(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and (window := over_limit(request, (_report_throttle(), client_ip(request)))):
        return throttled_page(request, window=window)
    form = BarrierReportForm(request.POST or None, initial={"page": request.GET.get("page", "")[:500]})
    if request.method == "POST" and form.is_valid():
        services.barrier_report_create(**form.cleaned_data, language=get_language() or "sv", user=request.user)
        messages.success(request, _("Tack! Din rapport har skickats till programkontoret."))
        return redirect("accessibility:statement")
    return render(request, "accessibility/statement.html", {
        "statement": selectors.statement_for(get_language() or "sv"), "form": form, "nav": "accessibility",
    }, status=400 if request.method == "POST" else 200)
