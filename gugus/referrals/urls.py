from django.urls import path

from gugus.referrals import views

app_name = "referrals"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("outbox/", views.outbox, name="outbox"),
    path("oversight/", views.oversight, name="oversight"),
    path("overdue/", views.overdue, name="overdue"),
    path("notifications/", views.notifications, name="notifications"),
    path("send/<int:victim_id>/", views.send, name="send"),
    path("send/<int:victim_id>/propose/", views.propose, name="propose"),
    path("consents/<int:consent_id>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("<int:referral_id>/", views.detail, name="detail"),
    path("<int:referral_id>/transition/", views.transition, name="transition"),
]
