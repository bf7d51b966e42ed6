from django.apps import AppConfig


class DiagnosisConfig(AppConfig):
    name = "ihya.diagnosis"
    label = "diagnosis"
    default_auto_field = "django.db.models.BigAutoField"
