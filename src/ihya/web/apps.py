from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "ihya.web"
    label = "web"
