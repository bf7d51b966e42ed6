from django.apps import AppConfig


class LinkagesConfig(AppConfig):
    name = "ihya.linkages"
    label = "linkages"
    default_auto_field = "django.db.models.BigAutoField"
