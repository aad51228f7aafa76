from django.urls import path

from motesplats.discovery import views

app_name = "discovery"
urlpatterns = [
    path("projects/<slug:slug>/related/", views.ProjectRelatedView.as_view(), name="project_related"),
    path("projects/<slug:slug>/data-matches/", views.ProjectDataMatchesView.as_view(), name="project_data_matches"),
    path("people/<int:pk>/related/", views.PersonRelatedView.as_view(), name="person_related"),
    path("overlap/", views.OverlapView.as_view(), name="overlap"),
    path("overlap/recompute/", views.OverlapRecomputeView.as_view(), name="overlap_recompute"),
    path("verdicts/", views.VerdictCreateView.as_view(), name="verdict_create"),
]
