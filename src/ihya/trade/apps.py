from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TradeConfig(AppConfig):
    name = "ihya.trade"
    verbose_name = _("Trade analytics")
    label = "trade"
    default_auto_field = "django.db.models.BigAutoField"
