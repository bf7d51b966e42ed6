from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LinkagesConfig(AppConfig):
    name = "ihya.linkages"
    verbose_name = _("Input–output linkages")
    label = "linkages"
    default_auto_field = "django.db.models.BigAutoField"
