from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "gugus.audit"
    label = "audit"
    verbose_name = _("Audit")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_login_failed

        from gugus.audit.signin import on_login_failed

        user_login_failed.connect(on_login_failed, dispatch_uid="gugus.audit.sign_in_failed")
