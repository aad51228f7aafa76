from django.urls import path

from . import feeds, views

app_name = "news"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("feed/rss/", feeds.NewsFeed(), name="feed_rss"),
    path("feed/atom/", feeds.AtomNewsFeed(), name="feed_atom"),
    path("reports/", views.reports, name="reports"),
    path("comments/<int:pk>/moderate/", views.moderate, name="moderate"),
    path("comments/<int:pk>/report/", views.report, name="report"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/edit/", views.edit, name="edit"),
]
