from django.urls import path

from gugus.people import views

app_name = "people"
urlpatterns = [
    path("<int:person_id>/", views.person_detail, name="detail"),
    path("<int:person_id>/subject-rights/", views.subject_rights, name="subject_rights"),
    path("<int:person_id>/subject-rights/new/", views.subject_request_new, name="subject_request_new"),
    path("subject-requests/<int:request_id>/handle/", views.subject_request_handle, name="subject_request_handle"),
    path("subject-requests/<int:request_id>/export/", views.subject_request_export, name="subject_request_export"),
]
