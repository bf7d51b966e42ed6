from django.urls import path

from ihya.linkages import views

app_name = "linkages"
urlpatterns = [path("", views.overview, name="overview")]
