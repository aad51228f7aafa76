from django.urls import path

from . import views

app_name = "networking"
urlpatterns = [
    path("", views.index, name="index"),
    path("programpunkt/<int:item_id>/", views.plan_page, name="plan"),
    path("programpunkt/<int:item_id>/berakna/", views.plan_start, name="plan_start"),
    path("plan/<int:pk>/status/", views.plan_progress, name="plan_progress"),
    path("plan/<int:pk>/andra/<str:action>/", views.plan_adjust, name="plan_adjust"),
    path("plan/<int:pk>/publicera/", views.plan_publish, name="plan_publish"),
    path("plan/<int:pk>/bordskort/", views.table_cards, name="table_cards"),
    path("plan/<int:pk>/lokal/", views.room_overview, name="room"),
    path("plan/<int:pk>/projektor/", views.projector, name="projector"),
    path("plan/<int:pk>/resultat/", views.outcomes, name="outcomes"),
    path("plan/<int:pk>/resultat.csv", views.outcomes_csv, name="outcomes_csv"),
    path("bord/<str:token>/", views.outcome_form, name="outcome"),
    path("serie/<slug:slug>/natverk/", views.series_picture, name="picture"),
]
