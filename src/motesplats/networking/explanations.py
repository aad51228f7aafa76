"""The engine's reasons for unavoidable same-organisation pairs and repeats, as sentences in the user's language.

The engine returns ``(code, number)`` pairs (``TablePlan.unavoidable_reasons``); the plan stores them in
``stats["unavoidable_reasons"]``. Codes that follow another code carry its extra numbers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import ngettext

from .models import PlanKind


def unavoidable_sentences(reasons: Iterable[Iterable[Any]], *, speed: bool, groups: int) -> list[str]:
    """One translated sentence per reason (unknown codes are skipped)."""
    r: dict[str, int] = {}
    for item in reasons or ():
        code, number = list(item)[:2]
        r[str(code)] = int(number)
    return [s for s in (_sentence(code, r, speed=speed, groups=groups) for code in r) if s]


def _sentence(code: str, r: Mapping[str, int], *, speed: bool, groups: int) -> str | None:
    n = r[code]
    if code == "org_larger_than_tables":
        if speed:
            return ngettext(
                "%(n)d par från samma organisation går inte att undvika: en organisation har fler deltagare "
                "än det finns par i en runda (%(groups)d).",
                "%(n)d par från samma organisation går inte att undvika: en organisation har fler deltagare "
                "än det finns par i en runda (%(groups)d).", n) % {"n": n, "groups": groups}
        return ngettext(
            "%(n)d par från samma organisation går inte att undvika: en organisation har fler deltagare "
            "än det finns bord (%(groups)d).",
            "%(n)d par från samma organisation går inte att undvika: en organisation har fler deltagare "
            "än det finns bord (%(groups)d).", n) % {"n": n, "groups": groups}
    if code == "same_org_remaining":
        return ngettext(
            "%(n)d par från samma organisation återstår; organisationernas storlek kräver minst %(bound)d.",
            "%(n)d par från samma organisation återstår; organisationernas storlek kräver minst %(bound)d.",
            n) % {"n": n, "bound": r.get("same_org_lower_bound", 0)}
    if code == "pigeonhole_repeats":
        return ngettext(
            "%(n)d upprepat möte, och minst %(forced)d går inte att undvika: vid bara %(tables)d bord måste "
            "senare rundor sätta samman några som satt vid samma bord i första rundan.",
            "%(n)d upprepade möten, och minst %(forced)d går inte att undvika: vid bara %(tables)d bord måste "
            "senare rundor sätta samman några som satt vid samma bord i första rundan.",
            n) % {"n": n, "forced": r.get("pigeonhole_forced", 0), "tables": r.get("pigeonhole_tables", groups)}
    if code == "too_few_others":
        return ngettext(
            "%(n)d upprepat möte: var och en träffar omkring %(meetings)d personer men det finns bara "
            "%(others)d andra.",
            "%(n)d upprepade möten: var och en träffar omkring %(meetings)d personer men det finns bara "
            "%(others)d andra.",
            n) % {"n": n, "meetings": r.get("meetings_per_person", 0), "others": r.get("others", 0)}
    if code == "remaining_repeats":
        return ngettext(
            "%(n)d upprepat möte återstår efter sökningen (fasta platser, låsta personer, tidigare möten och "
            "organisationerna begränsar valet).",
            "%(n)d upprepade möten återstår efter sökningen (fasta platser, låsta personer, tidigare möten och "
            "organisationerna begränsar valet).", n) % {"n": n}
    return None


def plan_explanation(plan: Any) -> list[str]:
    """The sentences for a plan's stored stats (empty when the engine gave no machine-readable reasons)."""
    stats = plan.stats or {}
    return unavoidable_sentences(stats.get("unavoidable_reasons") or (), speed=plan.kind == PlanKind.SPEED,
                                 groups=int((plan.options or {}).get("tables_count", 0)))

