from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "gugus.api"
    label = "api"
