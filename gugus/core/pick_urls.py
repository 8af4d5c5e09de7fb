"""The picker's suggestion endpoints, one per kind: /pick/region/?q=bat (gugus.core.pickers)."""

from django.urls import path

from gugus.core.views import pick_views

app_name = "pick"
urlpatterns = [path(f"{kind}/", view, name=kind) for kind, view in pick_views.items()]
