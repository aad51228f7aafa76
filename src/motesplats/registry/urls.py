from django.urls import path

from motesplats.registry import views

app_name = "registry"
urlpatterns = [
    path("projects/", views.ProjectListView.as_view(), name="project_list"),
    path("projects/new/", views.ProjectCreateView.as_view(), name="project_create"),
    path("projects/export.csv", views.ProjectExportView.as_view(), {"fmt": "csv"}, name="project_export_csv"),
    path("projects/export.xlsx", views.ProjectExportView.as_view(), {"fmt": "xlsx"}, name="project_export_xlsx"),
    path("projects/import/", views.PortfolioImportView.as_view(), name="portfolio_import"),
    path("projects/import/<int:pk>/", views.portfolio_import_status, name="portfolio_import_status"),
    path("projects/<slug:slug>/", views.ProjectDetailView.as_view(), name="project_detail"),
    path("projects/<slug:slug>/edit/", views.ProjectUpdateView.as_view(), name="project_update"),
    path("projects/<slug:slug>/delete/", views.ProjectDeleteView.as_view(), name="project_delete"),
    path("organisations/", views.OrganisationListView.as_view(), name="organisation_list"),
    path("organisations/new/", views.OrganisationFormView.as_view(), name="organisation_create"),
    path("organisations/<slug:slug>/", views.OrganisationDetailView.as_view(), name="organisation_detail"),
    path("organisations/<slug:slug>/edit/", views.OrganisationFormView.as_view(), name="organisation_update"),
    path("people/", views.PersonListView.as_view(), name="person_list"),
    path("people/pick/", views.PersonPickView.as_view(), name="person_pick"),
    path("people/<int:pk>/", views.PersonDetailView.as_view(), name="person_detail"),
    path("people/<int:pk>/edit/", views.PersonUpdateView.as_view(), name="person_update"),
    path("people/email/confirm/<str:token>/", views.person_email_confirm, name="person_email_confirm"),
]
