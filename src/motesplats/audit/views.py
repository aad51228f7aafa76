"""The audit log for the programme office: search and export."""

from __future__ import annotations

import json

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from motesplats.common import permissions
from motesplats.common.exports import csv_text
from motesplats.common.views import require

from . import selectors
from .forms import AuditSearchForm


@require(permissions.can_manage)
def entries(request: HttpRequest) -> HttpResponse:
    form = AuditSearchForm(request.GET or None)
    page = Paginator(selectors.entries(form.filters()), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/entries.html", {"nav": "audit", "form": form, "page": page,
                                                  "query_string": query.urlencode()})


@require(permissions.can_manage)
def export_csv(request: HttpRequest) -> HttpResponse:
    form = AuditSearchForm(request.GET or None)
    rows = ([timezone.localtime(entry.created).strftime("%Y-%m-%d %H:%M:%S"), entry.actor_label,
             entry.get_action_display(), entry.target_type, entry.target_id, entry.target_label,
             json.dumps(entry.data, ensure_ascii=False, sort_keys=True)]
            for entry in selectors.entries(form.filters()).iterator())
    header = [_("Tidpunkt"), _("Utförd av"), _("Händelse"), _("Typ"), _("Id"), _("Gäller"), _("Uppgifter")]
    response = HttpResponse(csv_text(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="handelselogg.csv"'
    return response
