from django.urls import path

from gugus.assistance import views

app_name = "assistance"
urlpatterns = [
    path("", views.service_list, name="list"),
    path("victims/<int:victim_id>/journey/", views.journey, name="journey"),
    path("victims/<int:victim_id>/record/", views.record, name="record"),
    path("<int:service_id>/", views.detail, name="detail"),
    path("<int:service_id>/update/", views.update, name="update"),
    path("<int:service_id>/restitution/", views.restitution, name="restitution"),
    path("<int:service_id>/follow-up/", views.follow_up, name="follow_up"),
]
