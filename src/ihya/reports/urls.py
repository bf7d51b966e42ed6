from django.urls import path

from ihya.reports import views

app_name = "reports"
urlpatterns = [
    path("jobs/", views.job_start_view, name="job_start"),
    path("jobs/<int:pk>/", views.job_view, name="job"),
    path("jobs/<int:pk>/download/", views.job_download_view, name="job_download"),
]
