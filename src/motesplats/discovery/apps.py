from django.apps import AppConfig


class DiscoveryConfig(AppConfig):
    name = "motesplats.discovery"
    label = "discovery"
