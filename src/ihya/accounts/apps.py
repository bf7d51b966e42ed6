from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ihya.accounts"
    label = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from ihya.accounts import signals

        signals.connect()
