"""The incidents' test office: the carriers' office (the clerk, the security officer with
OVERSEE, three cleared readers of tech) and a SECRET incoming document of three copies."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from baomi.carriers.models import LossReport
from baomi.carriers.operations import loss as loss_ops
from baomi.core.levels import Level
from baomi.incidents.models import Incident
from baomi.incidents.operations import incidents as ops
from tests.carriers.conftest import Office, office  # noqa: F401  (the fixture)


@pytest.fixture
def secret(office: Office) -> Any:  # noqa: F811
    """SECRET, three copies, its scope the readers and the security officer."""
    return office.incoming(level=Level.SECRET, copies=3, readers=[*office.readers, office.officer])


def report_loss(where: Office, copies: list, actor: Any = None, **kw: Any) -> LossReport:
    kw.setdefault("discovered_at", timezone.now() - datetime.timedelta(hours=2))
    kw.setdefault("circumstances", "清点时发现缺少一份")
    return loss_ops.report_loss(
        actor=actor or where.readers[0], copy_ids=[c.pk for c in copies], **kw
    )


def record(where: Office, actor: Any = None, **kw: Any) -> Incident:
    kw.setdefault("kind", "violation")
    kw.setdefault("title", "违规携带涉密笔记本外出")
    kw.setdefault("account", "检查中发现有人将涉密笔记本带回家中。")
    kw.setdefault("discovered_at", timezone.now() - datetime.timedelta(hours=1))
    return ops.record_incident(actor=actor or where.officer, **kw)
