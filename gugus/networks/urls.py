from django.urls import path

from gugus.networks import views

app_name = "networks"
urlpatterns = [
    path("", views.network_list, name="list"),
    path("export.graphml", views.export_graphml, name="export"),
    path("groups/<str:key>/", views.group_detail, name="group"),
    path("groups/<str:key>/graph.json", views.group_graph_json, name="graph"),
    path("people/<int:person_id>/identifiers/add/", views.identifier_add, name="identifier_add"),
]
