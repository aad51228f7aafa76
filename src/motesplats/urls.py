from django.conf import settings
from django.conf.urls.static import static
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
    path("mailings/", include("motesplats.mailings.urls")),
    path("news/", include("motesplats.news.urls")),
    path("follow-ups/", include("motesplats.followups.urls")),
    path("audit/", include("motesplats.audit.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
    path("", include("motesplats.ops.urls")),
]

if settings.DEBUG:  # uploaded images (news); production serves MEDIA_URL from the web server or object storage
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
