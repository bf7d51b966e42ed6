from django.urls import path

from ihya.registry import views

app_name = "registry"
urlpatterns = [
    path("", views.factory_list_view, name="factory_list"),
    path("new/", views.factory_create_view, name="factory_create"),
    path("import/", views.import_view, name="import"),
    path("import/<int:pk>/", views.import_job_view, name="import_job"),
    path("export.<str:fmt>", views.export_view, name="export"),
    path("<str:external_id>/", views.factory_detail, name="factory_detail"),
    path("<str:external_id>/edit/", views.factory_edit_view, name="factory_edit"),
    path(
        "<str:external_id>/requirements/<str:requirement_id>/",
        views.requirement_edit_view,
        name="requirement_edit",
    ),
    path("<str:external_id>/schemes/<str:mode>/", views.scheme_edit_view, name="scheme_edit"),
]
