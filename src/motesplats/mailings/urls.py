from django.urls import path

from . import views

app_name = "mailings"

urlpatterns = [
    path("", views.index, name="index"),
    path("events/<slug:slug>/invite/", views.invite, name="invite"),
    path("events/<slug:slug>/message/", views.message, name="message"),
    path("<int:pk>/", views.detail, name="detail"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
