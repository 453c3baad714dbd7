"""The abstract controlled item: level, protection term and need-to-know scope (CLS-MARK)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from baomi.core.levels import Level


class ControlledItem(models.Model):
    """Anything with a level and a need-to-know scope (CLS-MARK, CLS-MAC).

    The scope is a set of grants: the whole organisation, a rank floor ("director and above"),
    departments (with their sub-departments) and named people.
    """

    organisation = models.ForeignKey(
        "org.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )
    level = models.IntegerField(_("level"), choices=Level.choices)
    term_years = models.PositiveSmallIntegerField(_("protection term (years)"), null=True)
    scope_all = models.BooleanField(_("whole organisation"), default=False)
    scope_rank_floor = models.ForeignKey(
        "org.Rank",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rank and above"),
    )
    scope_departments = models.ManyToManyField(
        "org.Department", blank=True, related_name="+", verbose_name=_("departments")
    )
    scope_people = models.ManyToManyField(
        "org.Person", blank=True, related_name="+", verbose_name=_("named people")
    )

    class Meta:
        abstract = True
        # visible_to listings are "newest first within an organisation": this index lets the
        # database walk ids backwards and stop after one page (SQLite otherwise sorts every
        # row the level filter admits; measured in bench/mac_list.py).
        indexes = [
            models.Index(fields=["organisation", "-id"], name="%(app_label)s_%(class)s_org_new"),
        ]
