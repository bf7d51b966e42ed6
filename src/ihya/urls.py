"""Page URLs: the registry, the dashboard, login/logout, language switch, admin."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from ihya.api import api
from ihya.web import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("healthz", views.healthz, name="healthz"),
    path("me/", views.preferences, name="preferences"),
    path("glossary/", views.glossary, name="glossary"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("factories/", include("ihya.registry.urls")),
    path("trade/", include("ihya.trade.urls")),
    path("linkages/", include("ihya.linkages.urls")),
    path("priority/", include("ihya.priority.urls")),
    path("portfolio/", include("ihya.portfolio.urls")),
    path("plans/", include("ihya.plan.urls")),
    path("", include("ihya.followup.urls")),
    path("notifications/", include("ihya.notify.urls")),
    path("kpis/", include("ihya.kpi.urls")),
    path("reports/", include("ihya.reports.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]

handler500 = "ihya.web.views.server_error"  # the database unreachable: 503, not 500
