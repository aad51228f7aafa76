from django.db import models
from django.utils.translation import gettext_lazy as _


class EventStatus(models.TextChoices):
    UTKAST = "utkast", _("Utkast")
    PUBLICERAD = "publicerad", _("Publicerad")
    AVSLUTAD = "avslutad", _("Avslutad")
    INSTALLD = "inställd", _("Inställd")


class AgendaKind(models.TextChoices):
    TALK = "talk", _("Föredrag")
    BREAK = "break", _("Paus")
    SPEED_DATING = "speed_dating", _("Speed dating")
    ROUND_TABLES = "round_tables", _("Rundabordssamtal")
    PANEL = "panel", _("Panelsamtal")
    OTHER = "other", _("Övrigt")


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Bekräftad")
    WAITLISTED = "waitlisted", _("På väntelistan")
    CANCELLED = "cancelled", _("Avbokad")


class CheckInOutcome(models.TextChoices):
    OK = "ok", _("Incheckad")
    ALREADY = "already", _("Redan incheckad")
    NOT_CONFIRMED = "not_confirmed", _("Ingen bekräftad plats")
    INVALID = "invalid", _("Ogiltig kod")


NETWORKING_KINDS = frozenset({AgendaKind.SPEED_DATING, AgendaKind.ROUND_TABLES})  # planned by networking
KINDS_WITH_SPEAKERS = frozenset({AgendaKind.TALK, AgendaKind.PANEL, AgendaKind.OTHER})


class RegistrationWindow(models.TextChoices):
    """Where an event stands for someone who wants to register (see `Event.registration_window`)."""

    OPEN = "open", _("Anmälan är öppen")
    NOT_YET_OPEN = "not_yet_open", _("Anmälan har inte öppnat")
    CLOSED = "closed", _("Anmälan är stängd")
    DRAFT = "draft", _("Utkast")
    FINISHED = "finished", _("Avslutad")
    CANCELLED = "cancelled", _("Inställd")
