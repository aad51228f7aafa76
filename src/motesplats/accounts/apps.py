from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "motesplats.accounts"
    label = "accounts"
