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
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AccountManager()

    USERNAME_FIELD = "username"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["username"]
        constraints = [
            # 三员分立: a person holds at most one of the three administrator roles.
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(role__in=[r.value for r in ADMIN_ROLES]),
                name="one_admin_role_per_person",
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

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.account})"
