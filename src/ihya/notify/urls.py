from django.urls import path

from ihya.notify import views

app_name = "notify"
urlpatterns = [
    path("", views.notifications_view, name="list"),
    path("read/", views.read_all_view, name="read_all"),
    path("preferences/", views.preferences_view, name="preferences"),
]
