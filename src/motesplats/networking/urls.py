from django.urls import path  # noqa: F401

app_name = "networking"
urlpatterns: list = []
