from django.contrib import admin
from django.urls import include, path

from motesplats.api import api
from motesplats.common import views as common_views
from motesplats.registry.views import HomeView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("language/", common_views.set_language, name="set_language"),
    path("accounts/", include("motesplats.accounts.urls")),
    path("", include("motesplats.registry.urls")),
    path("discovery/", include("motesplats.discovery.urls")),
    path("", include("motesplats.insight.urls")),  # before events/: it adds events/<slug>/report.pdf
    path("events/", include("motesplats.events.urls")),
    path("networking/", include("motesplats.networking.urls")),
    path("data/", include("motesplats.datasharing.urls")),
    path("accessibility/", include("motesplats.accessibility.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]
