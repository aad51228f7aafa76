from django.urls import path

from . import views

app_name = "insight"
urlpatterns = [
    path("insight/", views.insight_index, name="index"),
    path("insight/report.pdf", views.insight_report_pdf, name="report_pdf"),
    path("insight/<slug:key>.csv", views.figure_csv, name="figure_csv"),
    path("my-page/", views.my_page, name="my_page"),
    path("events/<slug:slug>/report.pdf", views.event_report_pdf, name="event_report_pdf"),
]
