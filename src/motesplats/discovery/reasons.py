"""The one place where the engine's reasons (codes and terms) become words.

The web renders them in the reader's language through gettext; the command line, which runs without
Django settings, gets the Swedish source text (`translate` defaults to the identity).

>>> from motesplats.discovery.engine.index import Reason
>>> render_reason(Reason("themes", ("luft", "IoT")), me="A", other="B")
'Gemensamma teman: luft, IoT'
"""

from __future__ import annotations

from collections.abc import Callable

from motesplats.discovery.engine.index import (
    BAND_POSSIBLE,
    BAND_STRONG,
    BAND_WEAK,
    REASON_CONTENT,
    REASON_LEARNT,
    REASON_PROVIDES,
    REASON_RECEIVES,
    REASON_TERMS,
    REASON_THEMES,
    REASON_VERDICT,
    Reason,
)

Translate = Callable[[str], str]


def gettext_noop(message: str) -> str:
    """Marks a string for makemessages; Django's own would need settings, which the command line has not."""
    return message


TEXTS = {
    REASON_THEMES: gettext_noop("Gemensamma teman: %(themes)s"),
    REASON_TERMS: gettext_noop("Gemensamma nyckelord: %(terms)s"),
    REASON_PROVIDES: gettext_noop("%(other)s samlar in data «%(dataset)s» som %(me)s behöver («%(need)s»)"),
    REASON_RECEIVES: gettext_noop("%(me)s samlar in data «%(dataset)s» som %(other)s behöver («%(need)s»)"),
    REASON_VERDICT: gettext_noop("Programkontoret har markerat paret som kontaktat eller samarbetande"),
    REASON_LEARNT: gettext_noop("Liknar par som programkontoret har markerat som kontaktade eller samarbetande"),
    REASON_CONTENT: gettext_noop("Liknande innehåll i beskrivningarna (språkmodell)"),
}
BANDS = {
    BAND_STRONG: gettext_noop("stark"),
    BAND_POSSIBLE: gettext_noop("möjlig"),
    BAND_WEAK: gettext_noop("svag"),
}
MATCH_TERMS = gettext_noop("Gemensamma ord: %(terms)s")
MATCH_CONTENT = gettext_noop("Liknande innebörd (språkmodell)")
NO_GOOD_MATCH = gettext_noop("Ingen tydlig matchning; de närmaste kandidaterna:")


def _same(text: str) -> str:
    return text


def render_reason(reason: Reason, *, me: str, other: str, translate: Translate = _same) -> str:
    template = TEXTS.get(reason.code)
    if template is None:
        return reason.code
    values = {"me": me, "other": other, "themes": ", ".join(reason.terms), "terms": ", ".join(reason.terms)}
    if reason.code in {REASON_PROVIDES, REASON_RECEIVES}:
        values["dataset"], values["need"] = reason.terms
    return translate(template) % values


def render_reasons(reasons: tuple[Reason, ...], *, me: str, other: str, translate: Translate = _same) -> list[str]:
    return [render_reason(r, me=me, other=other, translate=translate) for r in reasons]


def render_match(terms: tuple[str, ...], *, translate: Translate = _same) -> str:
    """Why a dataset meets a need: the words they share, or similar meaning found by the language model."""
    if terms:
        return translate(MATCH_TERMS) % {"terms": ", ".join(terms)}
    return translate(MATCH_CONTENT)


def render_band(band: str, *, translate: Translate = _same) -> str:
    return translate(BANDS.get(band, band))
