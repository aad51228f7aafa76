from django.urls import path

from . import views

app_name = "networking"
urlpatterns = [
    path("", views.index, name="index"),
    path("plan/<int:pk>/", views.plan_adjust_page, name="plan_adjust"),
    path("events/<slug:slug>/", views.event_page, name="event"),
    path("events/<slug:slug>/berakna/", views.plan_start, name="plan_start"),
    path("plan/<int:pk>/status/", views.plan_progress, name="plan_progress"),
    path("plan/<int:pk>/flytta/", views.plan_move, name="plan_move"),
    path("plan/<int:pk>/byt/", views.plan_swap, name="plan_swap"),
    path("plan/<int:pk>/las/", views.plan_lock, name="plan_lock"),
    path("plan/<int:pk>/las-bord/", views.plan_lock_table, name="plan_lock_table"),
    path("plan/<int:pk>/publicera/", views.plan_publish, name="plan_publish"),
    path("plan/<int:pk>/bordskort/", views.table_cards, name="table_cards"),
    path("plan/<int:pk>/lokal/", views.room_overview, name="room"),
    path("plan/<int:pk>/projektor/", views.projector, name="projector"),
    path("plan/<int:pk>/resultat/", views.outcomes, name="outcomes"),
    path("plan/<int:pk>/resultat.csv", views.outcomes_csv, name="outcomes_csv"),
    path("bordsresultat/<str:code>/", views.outcome_form, name="outcome"),
    path("serie/<slug:slug>/natverk/", views.series_picture, name="picture"),
]
