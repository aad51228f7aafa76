from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "motesplats.registry"
    label = "registry"

    def ready(self) -> None:
        from motesplats.accounts.personal_data import PersonalData, personal_data
        from motesplats.registry import services, tasks

        services.email_change_requested.connect(tasks.email_change_requested_received,
                                                dispatch_uid="registry.email_change_mail")
        from motesplats.registry.portfolio_io.jobs import portfolio_import_requested

        portfolio_import_requested.connect(tasks.portfolio_import_requested_received,
                                           dispatch_uid="registry.run_portfolio_import")

        personal_data.register(PersonalData("registry", export=services.person_gdpr_export,
                                            erase=services.person_anonymise))
