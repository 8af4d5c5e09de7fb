from django.urls import path

from gugus.budgets import views

app_name = "budgets"
urlpatterns = [
    path("", views.line_list, name="list"),
    path("new/", views.line_create, name="create"),
    path("import/", views.import_view, name="import"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("analysis/", views.analysis, name="analysis"),
    path("analysis.xlsx", views.analysis_xlsx, name="analysis_xlsx"),
    path("<int:line_id>/", views.line_detail, name="detail"),
    path("<int:line_id>/revise/", views.line_revise, name="revise"),
    path("<int:line_id>/realisations/", views.realisation_add, name="realisation_add"),
    path("<int:line_id>/flows/", views.flow_add, name="flow_add"),
]
