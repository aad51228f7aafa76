from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "motesplats.audit"
    label = "audit"
    verbose_name = _("Händelselogg")

    def ready(self) -> None:
        from motesplats.common.menu import MenuItem, menu

        menu.register(MenuItem("audit", _("Händelselogg"), "audit:entries", "organiser"))

        from motesplats.datasharing.audit import DecisionRecorder, decision_recorders

        from .recorders import record_data_request_decision

        decision_recorders.register(DecisionRecorder("audit", record_data_request_decision))
