"""The public URL space (``/publik/``): nothing here reads internal data."""

from django.urls import path

from gugus.portal import public_views

app_name = "portal"
urlpatterns = [
    path("", public_views.home, name="home"),
    path("lapor/", public_views.report, name="report"),
    path("pantau/", public_views.follow_up, name="follow_up"),
    path("cek/", public_views.check_offer, name="check"),
    path("panduan/<slug:slug>/", public_views.guide, name="guide"),
]
