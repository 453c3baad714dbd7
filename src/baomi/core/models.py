"""The one table of the core: the version stamps of the reference data (``core.refdata``)."""

from __future__ import annotations

from django.db import models


class ReferenceVersion(models.Model):
    """The version of one kind of an organisation's reference data (its rulebook, calendar,
    chart) or of the installation's accounts (``organisation_id`` 0). Every change of that
    data sets a new random stamp in the same transaction (``core.refdata.bump``); a process
    keeps what it read under the stamp it read and reads again once the stamp differs."""

    organisation_id = models.BigIntegerField()
    kind = models.CharField(max_length=16)
    version = models.BigIntegerField()

    class Meta:
        db_table = "core_reference_version"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation_id", "kind"], name="core_reference_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}/{self.kind}: {self.version}"
