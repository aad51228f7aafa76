from django.urls import path

from . import views

app_name = "followups"

urlpatterns = [
    path("", views.index, name="index"),
    path("events/<slug:slug>/", views.event_findings, name="event"),
    path("events/<slug:slug>/new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("status/<str:token>/", views.status, name="status"),
]
