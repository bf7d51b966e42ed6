from django.apps import AppConfig


class PriorityConfig(AppConfig):
    name = "ihya.priority"
    label = "priority"
    default_auto_field = "django.db.models.BigAutoField"
