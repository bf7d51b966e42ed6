from django.urls import path

from ihya.plan import views

app_name = "plan"
urlpatterns = [
    path("", views.plans_view, name="plans"),
    path("build/", views.build_view, name="build_start"),
    path("builds/<int:pk>/", views.build_progress_view, name="build"),
    path("<int:pk>/", views.plan_view, name="plan"),
    path("<int:pk>/approve/", views.approve_view, name="approve"),
    path("<int:pk>/compare/", views.compare_view, name="compare"),
    path("<int:pk>/export.<str:fmt>", views.export_view, name="export"),
]
