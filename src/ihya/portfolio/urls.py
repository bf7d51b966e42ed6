from django.urls import path

from ihya.portfolio import views

app_name = "portfolio"
urlpatterns = [
    path("", views.scenarios_view, name="scenarios"),
    path("new/", views.scenario_new_view, name="new"),
    path("compare/", views.compare_view, name="compare"),
    path("<int:pk>/", views.scenario_view, name="scenario"),
    path("<int:pk>/edit/", views.scenario_edit_view, name="edit"),
    path("<int:pk>/solve/", views.solve_view, name="solve"),
    path("<int:pk>/progress/", views.progress_view, name="progress"),
]
