"""Participant lists for the organiser: CSV (UTF-8 with BOM, so Excel reads å, ä, ö) and XLSX."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _

from motesplats.common.exports import csv_text, xlsx_append

from ..models import Event, Registration
from ..selectors import participant_rows


def _header() -> list[str]:
    return [_("Namn"), _("E-post"), _("Organisation"), _("Projekt"), _("Status"), _("Kost och allergier"),
            _("Tillgänglighetsbehov"), _("Incheckad"), _("Kom utan anmälan"), _("Anmäld")]


def _row(registration: Registration) -> list[str]:
    person = registration.person
    return [
        person.name if person else "",
        person.email if person else "",
        person.organisation.name if person else "",
        registration.project.title if registration.project else "",
        str(registration.get_status_display()),
        registration.dietary,
        registration.accessibility,
        timezone.localtime(registration.checked_in_at).strftime("%Y-%m-%d %H:%M") if registration.checked_in_at else "",
        _("ja") if registration.is_walk_in else "",
        timezone.localtime(registration.created).strftime("%Y-%m-%d %H:%M"),
    ]


def participants_csv(event: Event) -> str:
    return csv_text(_header(), (_row(registration) for registration in participant_rows(event)))


def participants_xlsx(event: Event) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Deltagare")[:31]
    xlsx_append(sheet, [str(name) for name in _header()])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for registration in participant_rows(event):
        xlsx_append(sheet, _row(registration))
    for column, width in zip("ABCDEFGHIJ", (28, 32, 30, 34, 14, 28, 28, 17, 10, 17), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
