from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanConfig(AppConfig):
    name = "ihya.plan"
    verbose_name = _("Executive plan")
    label = "plan"
    default_auto_field = "django.db.models.BigAutoField"
