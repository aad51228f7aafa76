"""Reasons of the engine (codes and terms) in the reader's language."""

from __future__ import annotations

from django.utils.translation import gettext as _

from motesplats.discovery.engine.index import (
    REASON_PROVIDES,
    REASON_RECEIVES,
    REASON_TERMS,
    REASON_THEMES,
    REASON_VERDICT,
    REASON_WORDING,
    Reason,
)


def render_reason(reason: Reason, *, me: str, other: str) -> str:
    if reason.code == REASON_THEMES:
        return _("Gemensamma teman: %(themes)s") % {"themes": ", ".join(reason.terms)}
    if reason.code == REASON_TERMS:
        return _("Gemensamma nyckelord: %(terms)s") % {"terms": ", ".join(reason.terms)}
    if reason.code == REASON_PROVIDES:
        dataset, need = reason.terms
        return _("%(other)s samlar in data «%(dataset)s» som %(me)s behöver («%(need)s»)") % {
            "other": other, "dataset": dataset, "me": me, "need": need}
    if reason.code == REASON_RECEIVES:
        dataset, need = reason.terms
        return _("%(me)s samlar in data «%(dataset)s» som %(other)s behöver («%(need)s»)") % {
            "other": other, "dataset": dataset, "me": me, "need": need}
    if reason.code == REASON_VERDICT:
        return _("Programkontoret har markerat paret som kontaktat eller samarbetande")
    if reason.code == REASON_WORDING:
        return _("Liknande ordval i beskrivningarna")
    return reason.code


def render_reasons(reasons: tuple[Reason, ...], *, me: str, other: str) -> list[str]:
    return [render_reason(r, me=me, other=other) for r in reasons]
