"""The consent a person gives when registering (GDPR art. 6.1 a and 9.2 a for dietary/accessibility needs).

The text is versioned: each registration stores the version it was given under. Change the text → new version.
Both languages are kept here (not in the gettext catalogues) so the exact wording of every version stays on record.
"""

from __future__ import annotations

from django.utils import translation

CONSENT_VERSION = "2026-11"
ON_BEHALF_VERSION = f"{CONSENT_VERSION}/ombud"
RETENTION_MONTHS = 12

CONSENT_TEXT = {
    "sv": (
        "Vi sparar ditt namn, din e-postadress, din organisation, vilket projekt du representerar och de behov "
        "av kost och tillgänglighet som du själv anger. Vi använder uppgifterna för att ordna seminariet: "
        "deltagarlista, namnbricka, incheckning, mat, anpassning av lokalen och grupper för speed dating och "
        "rundabordssamtal. Kost- och tillgänglighetsbehov ser bara programkontoret. Uppgifterna lämnas inte "
        "ut till någon annan. Tolv månader efter seminariet raderar vi dina behov och tar bort kopplingen "
        "mellan dig och anmälan; kvar blir bara anonym statistik. Du kan när som helst avboka, se vad vi "
        "har sparat och be oss radera det."
    ),
    "en": (
        "We store your name, your e-mail address, your organisation, the project you represent and the dietary "
        "and accessibility needs you tell us. We use them to run the seminar: list of participants, name badge, "
        "check-in, food, adapting the venue and groups for speed dating and round tables. Only the programme "
        "office sees dietary and accessibility needs. We do not pass your data on to anyone else. Twelve months "
        "after the seminar we delete your needs and remove the link between you and the registration; only "
        "anonymous statistics remain. You can cancel at any time, see what we have stored and ask us to delete it."
    ),
}


def consent_text(language: str | None = None) -> str:
    language = (language or translation.get_language() or "sv")[:2]
    return CONSENT_TEXT.get(language, CONSENT_TEXT["sv"])
