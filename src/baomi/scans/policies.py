"""Who may know the filed scan records: the scans' policy, a pair (``baomi.access.policy``).

``SCAN_RECORDS``: the records of the actor's organisation, for the security office only
(READ_SCAN_REPORTS): the masked findings still say where marked files lie, so they are
themselves sensitive. Nobody else knows any record, whoever filed it."""

from __future__ import annotations

from baomi.access.policy import OrganisationRecords
from baomi.access.roles import Permission
from baomi.scans.models import ScanRecord

SCAN_RECORDS = OrganisationRecords(ScanRecord, Permission.READ_SCAN_REPORTS)
