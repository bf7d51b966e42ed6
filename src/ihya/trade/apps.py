from django.apps import AppConfig


class TradeConfig(AppConfig):
    name = "ihya.trade"
    label = "trade"
    default_auto_field = "django.db.models.BigAutoField"
