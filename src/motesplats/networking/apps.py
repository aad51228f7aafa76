from django.apps import AppConfig


class NetworkingConfig(AppConfig):
    name = "motesplats.networking"
    label = "networking"
