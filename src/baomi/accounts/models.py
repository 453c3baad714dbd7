"""Accounts. No superuser exists: every account has exactly one role of the matrix."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from baomi.access.roles import ADMIN_ROLES, Role


class AccountManager(BaseUserManager["Account"]):
    def get_by_natural_key(self, username: str) -> Account:
        return self.get(username=username)


class Account(AbstractBaseUser):
    username = models.CharField(_("username"), max_length=64, unique=True)
    person = models.ForeignKey(
        "org.Person",
        on_delete=models.PROTECT,
        related_name="accounts",
        verbose_name=_("person"),
    )
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True)
    # AUTH-PASSWORD: a password set by anyone but the account holder is one-time: the account
    # can do nothing but change it.
    password_must_change = models.BooleanField(_("must change password"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AccountManager()

    USERNAME_FIELD = "username"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        ordering = ["username"]
        constraints = [
            # 三员分立: a person holds at most one of the three administrator roles.
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(role__in=[r.value for r in ADMIN_ROLES]),
                name="one_admin_role_per_person",
            ),
            # One person, one working login: a second account would be a second role.
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(is_active=True),
                name="one_active_account_per_person",
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=[r.value for r in Role]),
                name="account_role_known",
            ),
        ]

    def __str__(self) -> str:
        return self.username

    @property
    def display_name(self) -> str:
        return self.person.name


class LoginFailure(models.Model):
    """A failed login, kept for the AUTH-LOCKOUT window."""

    username = models.CharField(max_length=150, db_index=True)
    account = models.ForeignKey(Account, on_delete=models.CASCADE, null=True, related_name="+")
    at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("login failure")
        verbose_name_plural = _("login failures")

    def __str__(self) -> str:
        return f"{self.username} @ {self.at}"


class ApiToken(models.Model):
    """A bearer token for scripts. Only a hash of the secret is stored."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="tokens")
    prefix = models.CharField(max_length=12, unique=True)
    digest = models.CharField(max_length=64)
    label = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.account})"


class ChangeKind(models.TextChoices):
    ROLE = "role", _("Role change")
    PASSWORD = "password", _("Password reset")


class ChangeState(models.TextChoices):
    PENDING = "pending", _("Awaiting agreement")
    AGREED = "agreed", _("Agreed and carried out")
    REFUSED = "refused", _("Refused")


class AdminChange(models.Model):
    """A change that needs a second of the three administrators (ADMIN-DUAL): granting or
    taking away an administrator role, or resetting an administrator's password. It is
    carried out only when another administrator agrees."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("change"), max_length=16, choices=ChangeKind.choices)
    role = models.CharField(_("role"), max_length=24, choices=Role.choices, blank=True)
    # The new password's hash, for a reset: never the password itself.
    password = models.CharField(max_length=128, blank=True)
    requested_by = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    state = models.CharField(
        _("state"), max_length=16, choices=ChangeState.choices, default=ChangeState.PENDING
    )
    decided_by = models.ForeignKey(
        Account, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("administrator change")
        verbose_name_plural = _("administrator changes")
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind} of {self.account_id} ({self.state})"
