"""The audit chain's tables. AuditEvent is append-only in the database itself: triggers
(migration 0002) refuse UPDATE and DELETE on SQLite and PostgreSQL, and its index columns are
computed by the database from the hashed body (migration 0003, ``baomi.audit.schema``)."""

from typing import Any

from django.db import models
from django.db.models.expressions import Func
from django.utils.translation import gettext_lazy as _


class Outcome(models.TextChoices):
    OK = "ok", _("Done")
    DENIED = "denied", _("Refused")


class BodyValue(Func):
    """The value of ``key`` in an event's hashed body (its canonical JSON), as the database
    reads it: the expression of a generated index column. ``kind`` is ``text``, ``number`` or
    ``moment`` (an ISO 8601 time in UTC, stored as the database stores a DateTimeField).
    PostgreSQL reads the body through the immutable functions that ``baomi.audit.schema``
    installs."""

    KINDS = ("text", "number", "moment")

    def __init__(self, key: str, kind: str, **extra: Any) -> None:
        if not key.isidentifier() or kind not in self.KINDS:
            raise ValueError(f"not a body value: {key!r} as {kind!r}")
        super().__init__(models.F("body"), **extra)
        self.key, self.kind = key, kind

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        body, params = compiler.compile(self.source_expressions[0])
        value = f"json_extract(CAST({body} AS TEXT), '$.{self.key}')"
        if self.kind == "moment":  # '2026-01-02T03:04:05.6+00:00' -> '2026-01-02 03:04:05.6'
            value = f"replace(replace({value}, '+00:00', ''), 'T', ' ')"
        return value, params

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        body, params = compiler.compile(self.source_expressions[0])
        if self.kind == "moment":
            return f"baomi_audit_moment({body}, '{self.key}')", params
        value = f"baomi_audit_text({body}, '{self.key}')"
        return (f"({value})::bigint" if self.kind == "number" else value), params


def _indexed(key: str, kind: str, output: models.Field, **options: Any) -> models.GeneratedField:
    return models.GeneratedField(
        expression=BodyValue(key, kind), output_field=output, db_persist=True, **options
    )


class AuditEvent(models.Model):
    """One link of the chain. ``body`` (canonical JSON) is what the hash covers; the other
    columns index it for filtering and are generated from it by the database itself, so they
    cannot be changed apart from it (verification checks that they still are generated, and
    ``verify --deep`` compares their values too)."""

    seq = models.BigIntegerField(primary_key=True)
    at = _indexed("at", "moment", models.DateTimeField(), db_index=True)
    actor_id = _indexed("actor_id", "number", models.BigIntegerField(), null=True, db_index=True)
    organisation_id = _indexed("organisation_id", "number", models.BigIntegerField(), null=True)
    action = _indexed("action", "text", models.CharField(max_length=64), db_index=True)
    outcome = _indexed("outcome", "text", models.CharField(max_length=8), choices=Outcome.choices)
    subject_type = _indexed("subject_type", "text", models.CharField(max_length=64))
    subject_id = _indexed("subject_id", "text", models.CharField(max_length=64))
    body = models.BinaryField()
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["seq"]
        indexes = [models.Index(fields=["subject_type", "subject_id"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.outcome}"


class ChainHead(models.Model):
    """The last link, locked by every append so concurrent writers queue (lock order: domain
    rows first, this row last). A cache of the chain's end, checked by verify."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("chain head")
        verbose_name_plural = _("chain heads")

    def __str__(self) -> str:
        return f"head #{self.seq}"


class Checkpoint(models.Model):
    """The chain's head at a moment, signed with the installation's Ed25519 key."""

    seq = models.BigIntegerField()
    hash = models.CharField(max_length=64)
    at = models.DateTimeField()
    signature = models.CharField(max_length=128)
    public_key = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("checkpoint")
        verbose_name_plural = _("checkpoints")
        ordering = ["-seq"]

    def __str__(self) -> str:
        return f"checkpoint #{self.seq}"


class StagedEvent(models.Model):
    """A read recorded without taking the chain's lock, waiting to be chained.

    ``stage_event`` (``baomi.audit.recorder``) inserts one row, committed at once; ``seal``
    later chains the waiting rows in ``id`` order, each as the event its ``body`` holds (with
    its own read time) plus ``data.staged`` naming this row, and then deletes them. ``body`` is
    the event's canonical JSON without ``seq``; ``hash`` is ``sha256(body)``, which ``baomi
    audit verify`` checks for every row still waiting. Append-only in the database itself
    (``baomi.audit.triggers``): a row is inserted unsealed, only ever updated to set ``seq`` to
    the chained event that carries it (the database checks that event), and deleted only
    after that."""

    id = models.BigAutoField(primary_key=True)
    seq = models.BigIntegerField(null=True, default=None)
    body = models.BinaryField()
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("staged audit event")
        verbose_name_plural = _("staged audit events")
        ordering = ["id"]
        # The rows waiting, which every append looks for: found without reading the sealed
        # rows PostgreSQL keeps until it vacuums them.
        indexes = [
            models.Index(fields=["id"], condition=models.Q(seq=None), name="audit_staged_waiting")
        ]

    def __str__(self) -> str:
        return f"staged #{self.id}"
