from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "ihya.reports"
    verbose_name = "Reports"
