"""How the seals' deadlines name a seal taken out (SEAL-LOG: due back), only to someone who
may know the take-out (``policies.SEAL_TAKE_OUTS``: the office, the seal's keeper, who asked
and who took it): the seal, where it went and when it is due back."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from baomi.core.paper import moment_text
from baomi.seals.policies import SEAL_TAKE_OUTS
from baomi.seams.approvals import Subject


def take_out(actor: Any, take_out_id: int) -> Subject | None:
    found = SEAL_TAKE_OUTS.known(actor).filter(pk=take_out_id).select_related("seal").first()
    if found is None:
        return None
    return Subject(
        f"{found.seal.name} · {found.destination} · {moment_text(found.due_back_at)}",
        None,
        reverse("seal_take_out", args=[found.pk]),
    )
