from django.urls import path

from gugus.identity import views

app_name = "identity"
urlpatterns = [
    path("check/", views.intake_check, name="check"),
    path("reviews/", views.review_list, name="reviews"),
    path("reviews/<int:review_id>/", views.review_detail, name="review"),
    path("people/<int:person_id>/", views.person_identity, name="person"),
    path("people/<int:person_id>/merge/", views.person_merge, name="person_merge"),
    path("merges/<int:merge_id>/undo/", views.merge_undo, name="merge_undo"),
    path("counts/cases/", views.case_list_count, name="case_count"),
]
