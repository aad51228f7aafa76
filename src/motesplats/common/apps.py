from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "motesplats.common"
    label = "common"
