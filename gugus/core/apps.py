from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "gugus.core"
    label = "core"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from gugus.core.session_limits import start_session_clock

        user_logged_in.connect(start_session_clock, dispatch_uid="gugus.core.session_clock")
