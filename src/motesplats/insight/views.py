"""Insight for every signed-in user (the leadership's first page), its CSV downloads and PDF reports, and
"Min sida" (a project member's first page)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from motesplats.common import permissions
from motesplats.common.csv_export import csv_response
from motesplats.common.views import gate, require
from motesplats.events.models import Event

from . import my_page as my_page_sections
from . import pdf, sections, selectors


@require(permissions.can_view_insight)
def insight_index(request: HttpRequest) -> HttpResponse:
    return render(request, "insight/index.html", {
        "nav": "insight",
        "sections": sections.fill_sections(request.user),
        "numbers": selectors.key_numbers(user=request.user),
        "held": list(Event.objects.filter(status=selectors.EventStatus.AVSLUTAD).order_by("-starts_at")[:12]),
    })


@require(permissions.can_view_insight)
def figure_csv(request: HttpRequest, key: str) -> HttpResponse:
    figure = sections.figure_named(request.user, key)
    if figure is None:
        raise Http404
    return csv_response(figure.csv_rows(), f"insight-{key}.csv")


@require(permissions.can_view_insight)
def insight_report_pdf(request: HttpRequest) -> HttpResponse:
    filled = sections.fill_sections(request.user)
    first, last = selectors.report_period()
    content = pdf.render_pdf(request, "insight/report_pdf.html", {
        "sections": filled,
        "pictures": {f.key: pdf.svg_data_uri(f) for s in filled for f in s.figures if not f.is_empty},
        "numbers": selectors.key_numbers(user=request.user),
        "first": first, "last": last, "made": timezone.localtime(),
    })
    return pdf.pdf_response(content, f"motesplats-rapport-{timezone.localdate().isoformat()}.pdf")


def event_report_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event.objects.select_related("series"), slug=slug)
    gate(request, permissions.can_view_event_report(request.user, event), hide=event.is_draft)
    report = selectors.event_report(event)
    content = pdf.render_pdf(request, "insight/event_report_pdf.html", {
        "report": report, "event": event, "made": timezone.localtime(),
        "attendance_picture": None if report.attendance.is_empty else pdf.svg_data_uri(report.attendance),
    })
    return pdf.pdf_response(content, f"{event.slug}-rapport.pdf")


@require(permissions.can_view_my_page)
def my_page(request: HttpRequest) -> HttpResponse:
    person = permissions.person_of(request.user)
    return render(request, "insight/my_page.html", {
        "nav": "my_page", "person": person,
        "sections": my_page_sections.fill_sections(person, request.user),
    })
