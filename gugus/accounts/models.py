"""Users: each belongs to an agency unit with one role."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from gugus.accounts.roles import Role


class User(AbstractUser):
    """A person who signs in; scoped by unit (agency and region) and role."""

    role = models.CharField(_("role"), max_length=32, choices=Role.choices, blank=True)
    unit = models.ForeignKey(
        "organisations.AgencyUnit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    # The task force whose secretariat a secretariat user serves (its tier and region).
    task_force = models.ForeignKey(
        "organisations.TaskForce",
        verbose_name=_("task force"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="secretariat_users",
    )
    # Set with a temporary password an administrator handed over: the user chooses their own
    # before anything else (CapabilityRequiredMiddleware).
    must_change_password = models.BooleanField(_("must change password"), default=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=[r.value for r in Role]) | models.Q(role=""), name="user_role_known"
            )
        ]

    def __str__(self) -> str:
        return self.username


def token_default_expiry():
    """Now plus ``GUGUS_API_TOKEN_DAYS`` (90 by default)."""
    from datetime import timedelta

    from django.conf import settings
    from django.utils import timezone

    return timezone.now() + timedelta(days=getattr(settings, "GUGUS_API_TOKEN_DAYS", 90))


class ApiToken(models.Model):
    """A bearer token for an agency system; only its SHA-256 is stored.

    Refused (401) once ``expires_at`` has passed or ``revoked_at`` is set (issue 19).
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=8)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), default=token_default_expiry)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_usable(self, now=None) -> bool:
        from django.utils import timezone

        return self.revoked_at is None and self.expires_at > (now or timezone.now())
