from django.urls import path

from ihya.followup import views

app_name = "followup"
urlpatterns = [
    path("cases/", views.cases_view, name="cases"),
    path("cases/<str:external_id>/", views.case_view, name="case"),
    path("cases/<str:external_id>/move/", views.move_view, name="move"),
    path("cases/<str:external_id>/production/", views.report_view, name="report"),
    path("decisions/", views.decisions_view, name="decisions"),
    path("decisions/add/", views.decision_add_view, name="decision_add"),
]
