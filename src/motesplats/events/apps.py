from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "motesplats.events"
    label = "events"
