from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    name = "motesplats.ops"
    label = "ops"
    verbose_name = _("Drift")

    def ready(self) -> None:
        from . import checks, metrics  # noqa: F401 - registers the start-up check and the metrics collector
