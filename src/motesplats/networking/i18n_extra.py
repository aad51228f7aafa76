"""Strings of `events/_my_day_networking.html` (the "Min dag" include networking fills), so that networking's
catalogue carries their translations."""

from django.utils.translation import gettext_noop

MY_DAY_STRINGS = (gettext_noop("varför:"), gettext_noop("med"), gettext_noop("och"),
                  gettext_noop("Runda %(n)s"), gettext_noop("Bord %(n)s"))
