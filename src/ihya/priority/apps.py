from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PriorityConfig(AppConfig):
    name = "ihya.priority"
    verbose_name = _("Priority")
    label = "priority"
    default_auto_field = "django.db.models.BigAutoField"
