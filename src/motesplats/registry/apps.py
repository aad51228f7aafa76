from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "motesplats.registry"
    label = "registry"
