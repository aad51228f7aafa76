from django.urls import path

from motesplats.common.views import legacy_redirects

from . import views

app_name = "networking"

# The Swedish paths of the first release, redirected for good (old links and printed table cards).
OLD_PATHS = {
    "events/<slug:slug>/berakna/": "networking:plan_start",
    "plan/<int:pk>/flytta/": "networking:plan_move",
    "plan/<int:pk>/byt/": "networking:plan_swap",
    "plan/<int:pk>/las/": "networking:plan_lock",
    "plan/<int:pk>/las-bord/": "networking:plan_lock_table",
    "plan/<int:pk>/publicera/": "networking:plan_publish",
    "plan/<int:pk>/bordskort/": "networking:table_cards",
    "plan/<int:pk>/lokal/": "networking:room",
    "plan/<int:pk>/projektor/": "networking:projector",
    "plan/<int:pk>/resultat/": "networking:outcomes",
    "plan/<int:pk>/resultat.csv": "networking:outcomes_csv",
    "bordsresultat/<str:code>/": "networking:outcome",
    "serie/<slug:slug>/natverk/": "networking:picture",
}

urlpatterns = [
    *legacy_redirects(OLD_PATHS),
    path("", views.index, name="index"),
    path("plan/<int:pk>/", views.plan_adjust_page, name="plan_adjust"),
    path("events/<slug:slug>/", views.event_page, name="event"),
    path("events/<slug:slug>/compute/", views.plan_start, name="plan_start"),
    path("events/<slug:slug>/people/", views.people_search, name="people"),
    path("events/<slug:slug>/plan-day/", views.plan_day, name="plan_day"),
    path("events/<slug:slug>/tables/", views.item_tables, name="item_tables"),
    path("plan/<int:pk>/pending/", views.plan_pending, name="plan_pending"),
    path("plan/<int:pk>/status/", views.plan_progress, name="plan_progress"),
    path("plan/<int:pk>/move/", views.plan_move, name="plan_move"),
    path("plan/<int:pk>/swap/", views.plan_swap, name="plan_swap"),
    path("plan/<int:pk>/lock/", views.plan_lock, name="plan_lock"),
    path("plan/<int:pk>/lock-table/", views.plan_lock_table, name="plan_lock_table"),
    path("plan/<int:pk>/publish/", views.plan_publish, name="plan_publish"),
    path("plan/<int:pk>/table-cards/", views.table_cards, name="table_cards"),
    path("plan/<int:pk>/room/", views.room_overview, name="room"),
    path("plan/<int:pk>/projector/", views.projector, name="projector"),
    path("plan/<int:pk>/outcomes/", views.outcomes, name="outcomes"),
    path("plan/<int:pk>/outcomes.csv", views.outcomes_csv, name="outcomes_csv"),
    path("plan/<int:pk>/outcomes/reopen/", views.outcomes_reopen, name="outcomes_reopen"),
    path("table-outcome/<str:code>/", views.outcome_form, name="outcome"),
    path("series/<slug:slug>/network/", views.series_picture, name="picture"),
]
