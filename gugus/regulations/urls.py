from django.urls import path

from gugus.regulations import views

app_name = "regulations"
urlpatterns = [
    path("", views.regulation_list, name="list"),
    path("new/", views.regulation_create, name="create"),
    path("<int:regulation_id>/", views.regulation_detail, name="detail"),
    path("<int:regulation_id>/versions/new/", views.version_add, name="version_add"),
    path("<int:regulation_id>/consolidate/", views.version_consolidate, name="consolidate"),
    path("<int:regulation_id>/compare/", views.compare_view, name="compare"),
    path("<int:regulation_id>/compare/<str:output>/", views.compare_download, name="compare_download"),
    path("versions/<int:version_id>/", views.version_detail, name="version"),
    path("versions/<int:version_id>/structure/", views.version_link_structure, name="version_link_structure"),
]
