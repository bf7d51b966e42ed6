from django.apps import AppConfig


class PortfolioConfig(AppConfig):
    name = "ihya.portfolio"
    label = "portfolio"
    default_auto_field = "django.db.models.BigAutoField"
