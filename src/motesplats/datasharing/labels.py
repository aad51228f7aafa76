"""Names of the steps in a request's history, in the reader's language."""

from django.utils.translation import gettext as _


def step_label(action: str) -> str:
    labels = {"create": _("Förfrågan skickad"), "ask": _("Fråga ställd"), "reply": _("Fråga besvarad"),
              "accept": _("Accepterad"), "decline": _("Avböjd"), "withdraw": _("Återkallad"),
              "agree": _("Överenskommelse med villkor"), "deliver": _("Leverans påbörjad"),
              "in_use": _("Datan används"), "end": _("Avslutad")}
    return str(labels.get(action, action))
