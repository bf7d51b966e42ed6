from django.urls import path

from ihya.kpi import views

app_name = "kpi"
urlpatterns = [
    path("", views.kpis_view, name="dashboard"),
    path("record/", views.record_view, name="record"),
    path("import/", views.import_view, name="import"),
]
