from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from gugus.api.api import api
from gugus.core import views as core_views

admin.site.site_header = "Gugus — administrasi"

urlpatterns = [
    path("", core_views.home, name="home"),
    path("i18n/setlang/", core_views.set_language, name="set_language"),
    path("pick/", include("gugus.core.pick_urls")),
    path("accounts/", include("gugus.accounts.urls")),
    path("accounts/security-keys/", include("gugus.accounts.webauthn")),
    path("organisations/", include("gugus.organisations.urls")),
    path("cases/", include("gugus.cases.urls")),
    path("people/", include("gugus.people.urls")),
    path("regulations/", include("gugus.regulations.urls")),
    path("functions/", include("gugus.functions.urls")),
    path("budgets/", include("gugus.budgets.urls")),
    path("meetings/", include("gugus.meetings.urls")),
    path("referrals/", include("gugus.referrals.urls")),
    path("assistance/", include("gugus.assistance.urls")),
    path("identity/", include("gugus.identity.urls")),
    path("networks/", include("gugus.networks.urls")),
    path("exchange/", include("gugus.exchange.urls")),
    path("reports/", include("gugus.reports.urls")),
    path("publik/", include("gugus.portal.public_urls")),
    path("public-reports/", include("gugus.portal.staff_urls")),
    path("legal/", include("gugus.legal.urls")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("", include("gugus.ops.urls")),
]

if settings.DEBUG:
    pass
