from django.urls import path

from gugus.people import views

app_name = "people"
urlpatterns = [
    path("<int:person_id>/", views.person_detail, name="detail"),
]
