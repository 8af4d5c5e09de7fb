from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FunctionsConfig(AppConfig):
    name = "gugus.functions"
    label = "functions"
    verbose_name = _("Functions")
