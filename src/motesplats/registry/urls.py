from django.urls import path
from django.views.generic import TemplateView

app_name = "registry"
_placeholder = TemplateView.as_view(template_name="registry/home.html")
urlpatterns = [
    path("projects/", _placeholder, name="project_list"),
    path("projects/<slug:slug>/", _placeholder, name="project_detail"),
    path("organisations/", _placeholder, name="organisation_list"),
    path("organisations/<slug:slug>/", _placeholder, name="organisation_detail"),
    path("people/", _placeholder, name="person_list"),
    path("people/<int:pk>/", _placeholder, name="person_detail"),
]
