from django.urls import path

from gugus.legal import views

app_name = "legal"
urlpatterns = [
    path("", views.home, name="home"),
    path("cases/<int:case_id>/", views.case_track, name="case"),
    path("cases/<int:case_id>/open/", views.investigation_open, name="open"),
    path("cases/<int:case_id>/online/<str:action>/", views.online_record, name="online"),
    path("tracks/<int:investigation_id>/", views.track, name="track"),
    path("tracks/<int:investigation_id>/<str:action>/", views.track_record, name="record"),
    path("compounds/", views.compounds, name="compounds"),
    path("compounds/<int:compound_id>/", views.compound, name="compound"),
    path("repatriation/", views.batches, name="batches"),
    path("repatriation/<int:batch_id>/", views.batch, name="batch"),
]
