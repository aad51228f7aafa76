from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "motesplats.registry"
    label = "registry"

    def ready(self) -> None:
        from motesplats.accounts.personal_data import PersonalData, personal_data
        from motesplats.registry import services

        personal_data.register(PersonalData("registry", export=services.person_gdpr_export,
                                            erase=services.person_anonymise))
