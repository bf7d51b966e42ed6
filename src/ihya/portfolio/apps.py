from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortfolioConfig(AppConfig):
    name = "ihya.portfolio"
    verbose_name = _("Portfolio")
    label = "portfolio"
    default_auto_field = "django.db.models.BigAutoField"
