from django.urls import path

from ihya.priority import views

app_name = "priority"
urlpatterns = [
    path("", views.ranking_view, name="ranking"),
    path("scenarios/", views.scenarios_view, name="scenarios"),
    path("export.xlsx", views.export_view, name="export"),
    path("save/", views.save_view, name="save"),
    path("compare/", views.compare_view, name="compare"),
    path("ahp/", views.ahp_view, name="ahp"),
    path("<str:external_id>/", views.explanation_view, name="explanation"),
]
