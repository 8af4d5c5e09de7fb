from django.urls import path

from gugus.organisations import views

app_name = "organisations"
urlpatterns = [
    path("structure/", views.structure, name="structure"),
    path("structure/compare/", views.structure_compare_view, name="structure_compare"),
    path(
        "structure/<int:structure_id>/apply-current-names/",
        views.structure_apply_current_names_view,
        name="structure_apply_current_names",
    ),
    path("structure/<int:structure_id>/members/add/", views.membership_add_view, name="membership_add"),
    path("structure/<int:structure_id>/revision/", views.revision_step_view, name="revision_step"),
    path(
        "task-forces/<int:task_force_id>/structures/new/",
        views.structure_draft_create_view,
        name="structure_draft_create",
    ),
    path("members/<int:membership_id>/remove/", views.membership_remove_view, name="membership_remove"),
    path("agencies/", views.agencies, name="agencies"),
    path("agencies/<int:agency_id>/", views.agency_detail, name="agency_detail"),
    path("coverage/", views.coverage, name="coverage"),
]
