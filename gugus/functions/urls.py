from django.urls import path

from gugus.functions import views

app_name = "functions"
urlpatterns = [
    path("", views.matrix_view, name="matrix"),
    path("print/", views.matrix_print, name="matrix_print"),
    path("export.xlsx", views.matrix_export, name="matrix_export"),
    path("compare/", views.compare_view, name="compare"),
    path("route/", views.route_view, name="route"),
    path("catalogue/", views.catalogue_view, name="catalogue"),
    path("catalogue/new/", views.function_create_view, name="function_create"),
    path("catalogue/<str:code>/edit/", views.function_edit_view, name="function_edit"),
    path("structures/<slug:key>/edit/", views.assignments_edit, name="assignments_edit"),
    path("structures/<slug:key>/assignments/", views.assignment_add_view, name="assignment_add"),
    path("structures/<slug:key>/copy/", views.assignments_copy_view, name="assignments_copy"),
    path("assignments/<int:assignment_id>/remove/", views.assignment_remove_view, name="assignment_remove"),
]
