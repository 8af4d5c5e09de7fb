from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "gugus.core"
    label = "core"
