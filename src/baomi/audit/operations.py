"""Changes the audit trail itself makes: signing a checkpoint of the chain."""

from __future__ import annotations

import functools
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.roles import Permission, require_or_installer
from baomi.audit import signing
from baomi.audit.actions import register_action
from baomi.audit.models import Checkpoint
from baomi.audit.operation import operation
from baomi.audit.recorder import lock_head, record_event

CHECKPOINT_CREATED = register_action(
    "audit.checkpoint_created", gettext_lazy("Audit checkpoint signed")
)


@operation
def create_checkpoint(*, actor: Actor | None) -> Checkpoint:
    """Sign the chain's head with the installation's Ed25519 key and keep the checkpoint
    (auditor; ``actor=None`` is the operator's shell). The checkpoint covers the chain up to
    the event before its own ``audit.checkpoint_created`` event.

    Once committed, the checkpoint is also written to the checkpoint directory: outside the
    database it still shows what the chain was when the checkpoint rows, or the chain's tail,
    are rewritten. A file that cannot be written raises OSError (the checkpoint is kept in the
    database all the same)."""
    require_or_installer(actor, Permission.CHECKPOINT_AUDIT)
    head = lock_head()
    at = timezone.now()
    signed = signing.sign(seq=head.seq, digest=head.hash, at=at)
    checkpoint = Checkpoint.objects.create(
        seq=head.seq,
        hash=head.hash,
        at=at,
        signature=signed["signature"],
        public_key=signed["public_key"],
    )
    record_event(
        actor=actor,
        action=CHECKPOINT_CREATED,
        subject=checkpoint,
        data={"seq": head.seq, "hash": head.hash, "public_key": signed["public_key"]},
    )
    directory = Path(settings.AUDIT_CHECKPOINT_DIR)
    transaction.on_commit(functools.partial(signing.write_file, directory, signed))
    return checkpoint
