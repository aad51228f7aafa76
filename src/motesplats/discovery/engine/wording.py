"""Reasons in plain Swedish for the command line (the web pages render them through gettext)."""

from __future__ import annotations

from motesplats.discovery.engine.index import (
    REASON_PROVIDES,
    REASON_RECEIVES,
    REASON_TERMS,
    REASON_THEMES,
    REASON_VERDICT,
    REASON_WORDING,
    Reason,
)


def reason_sv(reason: Reason, *, me: str, other: str) -> str:
    if reason.code == REASON_THEMES:
        return "Gemensamma teman: " + ", ".join(reason.terms)
    if reason.code == REASON_TERMS:
        return "Gemensamma nyckelord: " + ", ".join(reason.terms)
    if reason.code == REASON_PROVIDES:
        dataset, need = reason.terms
        return f"{other} samlar in data «{dataset}» som {me} behöver («{need}»)"
    if reason.code == REASON_RECEIVES:
        dataset, need = reason.terms
        return f"{me} samlar in data «{dataset}» som {other} behöver («{need}»)"
    if reason.code == REASON_VERDICT:
        return "Programkontoret har markerat paret som kontaktat eller samarbetande"
    if reason.code == REASON_WORDING:
        return "Liknande ordval i beskrivningarna"
    return reason.code
