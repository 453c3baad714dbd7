from django.db import models
from django.utils.translation import gettext_lazy as _

from baomi.access.models import ControlledItem


class Document(ControlledItem):
    """文件: a controlled item with a number, title and issuer (CLS-MARK)."""

    number = models.CharField(_("document number"), max_length=100)
    title = models.CharField(_("title"), max_length=300)
    issuer = models.CharField(_("issuing body"), max_length=200, blank=True)
    issued_by = models.ForeignKey(
        "org.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issuer (person)"),
    )
    registered_by = models.ForeignKey(
        "accounts.Account", on_delete=models.PROTECT, related_name="+"
    )
    registered_at = models.DateTimeField(_("registered at"))

    class Meta(ControlledItem.Meta):
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"
