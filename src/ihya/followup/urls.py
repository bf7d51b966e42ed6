from django.urls import path

from ihya.followup import views, views_work

app_name = "followup"
urlpatterns = [
    path("cases/", views.cases_view, name="cases"),
    path("cases/reforecast/", views_work.reforecast_view, name="reforecast"),
    path("cases/<str:external_id>/", views.case_view, name="case"),
    path("cases/<str:external_id>/move/", views.move_view, name="move"),
    path("cases/<str:external_id>/production/", views.report_view, name="report"),
    path("cases/<str:external_id>/evidence/", views_work.evidence_add_view, name="evidence_add"),
    path("evidence/<int:evidence_id>/", views_work.evidence_view, name="evidence"),
    path("tasks/", views_work.my_tasks_view, name="my_tasks"),
    path("tasks/update/", views_work.task_update_view, name="task_update"),
    path("decisions/", views.decisions_view, name="decisions"),
    path("decisions/add/", views.decision_add_view, name="decision_add"),
    path("decisions/<path:number>/state/", views_work.decision_state_view, name="decision_state"),
    path("meetings/", views_work.meetings_view, name="meetings"),
    path("meetings/add/", views_work.meeting_add_view, name="meeting_add"),
    # the record first: a number may hold a slash (3/2026)
    path("meetings/<path:number>/record/", views_work.meeting_record_view, name="meeting_record"),
    path("meetings/<path:number>/", views_work.meeting_view, name="meeting"),
]
