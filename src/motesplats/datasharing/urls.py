from django.urls import path

from motesplats.datasharing import views

app_name = "datasharing"
urlpatterns = [
    path("", views.CatalogueView.as_view(), name="catalogue"),
    path("catalog.ttl", views.catalog_export, {"fmt": "turtle"}, name="catalog_ttl"),
    path("catalog.rdf", views.catalog_export, {"fmt": "xml"}, name="catalog_rdf"),
    path("catalog.jsonld", views.catalog_export, {"fmt": "json-ld"}, name="catalog_jsonld"),
    path("<int:pk>/", views.DatasetView.as_view(), name="dataset_detail"),
    path("<int:pk>/request/", views.RequestCreateView.as_view(), name="request_create"),
    path("<int:pk>/contact/", views.ContactOwnerView.as_view(), name="contact_owner"),
    path("requests/", views.RequestListView.as_view(), name="requests"),
    path("requests/history.csv", views.AllHistoryExportView.as_view(), name="history_export"),
    path("requests/notices/", views.NoticeSettingsView.as_view(), name="notice_settings"),
    path("requests/<int:pk>/", views.RequestDetailView.as_view(), name="request_detail"),
    path("requests/<int:pk>/<slug:step>/", views.RequestStepView.as_view(), name="request_step"),
    path("requests/<int:pk>/history.csv", views.RequestHistoryExportView.as_view(), name="request_history"),
    path("agreements/<int:pk>/", views.AgreementDetailView.as_view(), name="agreement_detail"),
    path("agreements/<int:pk>/history.csv", views.AgreementHistoryExportView.as_view(), name="agreement_history"),
    path("flows/", views.FlowsView.as_view(), name="flows"),
]
