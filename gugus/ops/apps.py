from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "gugus.ops"
    label = "ops"
    verbose_name = "Operations"

    def ready(self) -> None:
        from gugus.ops import checks  # noqa: F401  (registers the production checklist)
