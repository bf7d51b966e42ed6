from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KpiConfig(AppConfig):
    name = "ihya.kpi"
    verbose_name = _("KPIs")
    label = "kpi"
    default_auto_field = "django.db.models.BigAutoField"
