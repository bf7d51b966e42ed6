from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "ihya.notify"
    verbose_name = _("Notifications")
    label = "notify"
    default_auto_field = "django.db.models.BigAutoField"
