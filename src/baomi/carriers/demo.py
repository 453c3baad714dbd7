"""The demo's paper trail: incoming documents at each level with their copies — routed, some
out with readers, the rest locked in the registry's cabinet — the classification catalogue,
a draft awaiting review, a loan and a trip out awaiting their approvers, and an archived
recording of the head's speech (AV-RECORD)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from baomi.carriers.operations import (
    archives,
    circulation,
    classification,
    incoming,
    outgoing,
    recordings,
    use,
)
from baomi.core.levels import Level
from baomi.seams.demo import Demo

# (number, title, level, term, issuer, copies, readers named in the scope)
DOCUMENTS = [
    ("示单发〔2026〕1号", "关于2026年度经营目标的决定", Level.TOP_SECRET, 30, "示例单位", 2, []),
    ("示单发〔2026〕7号", "2026年度薪酬调整方案", Level.SECRET, 20, "人力资源部", 3, ["E001"]),
    (
        "市保密〔2026〕12号",
        "关于开展保密自查自评工作的通知",
        Level.CONFIDENTIAL,
        10,
        "市保密局",
        3,
        ["E004", "D002"],
    ),
    ("示单办〔2026〕3号", "办公区域安全管理规定", Level.INTERNAL, None, "总经理办公室", 2, []),
    ("示单发〔2026〕9号", "新产品市场推广方案", Level.CONFIDENTIAL, 5, "市场部", 2, ["E004"]),
]
CABINET = "机要室1号保密柜"


def build(demo: Demo) -> None:
    """Incoming documents with their copies: routed to the office director, who names the
    readers; a copy out with the director (login ``director``) and one with ``staff``; the
    rest locked in the cabinet. The catalogue of secrets, and a draft awaiting review."""
    if not demo.created:
        return
    people, logins = demo.people, demo.accounts
    clerk, office = logins["clerk"], logins["office"]
    entries = {}
    for number, title, level, term, issuer, copies, readers in DOCUMENTS:
        entries[number] = incoming.register_incoming(
            actor=clerk,
            number=number,
            title=title,
            level=level,
            term_years=term,
            issuer=issuer,
            copies=copies,
            named_people_ids=[people[r].pk for r in readers],
        )
    for number, *_rest, readers in DOCUMENTS:
        if readers:
            entry = entries[number]
            incoming.route(actor=clerk, entry_id=entry.pk)
            incoming.instruct(
                actor=office,
                entry_id=entry.pk,
                instruction="请阅",
                reader_ids=[people[r].pk for r in readers],
            )
    out = {
        "示单发〔2026〕7号": "director",
        "市保密〔2026〕12号": "staff",
    }
    for number, username in out.items():
        reader = logins[username]
        first = entries[number].document.copies.order_by("number").first()
        circulation.circulate(actor=clerk, copy_id=first.pk, reader_id=reader.person_id)
        circulation.confirm_receipt(actor=reader, copy_id=first.pk)
    in_cabinet = [
        c.pk
        for entry in entries.values()
        for c in entry.document.copies.filter(holder=clerk.person)
    ]
    circulation.store(actor=clerk, copy_ids=in_cabinet, location=CABINET)
    classification.seed_catalogue(actor=None, organisation_id=demo.organisation.pk)
    staff = logins["staff"]
    draft = outgoing.draft_document(
        actor=staff,
        title="研发一室2026年保密自查报告",
        level=Level.CONFIDENTIAL,
        term_years=5,
        main_to="保密办公室",
        subject_words="保密 自查 报告",
    )
    outgoing.submit_draft(actor=staff, document_id=draft.pk, reason="请审核")
    # Requests waiting for the approvers' logins: a loan (LOAN-APPROVE: 韩梅, then 陈静) and a
    # trip out of the office (CARRY-APPROVE: the leader in charge, 张秀英).
    notice = entries["市保密〔2026〕12号"].document.copies.order_by("number")
    back = timezone.localdate() + timedelta(days=7)
    use.request_loan(
        actor=staff,
        copy_id=notice[1].pk,
        borrower_id=staff.person_id,
        due_date=back,
        purpose="编写研发一室自查报告",
    )
    use.request_take_out(
        actor=staff,
        copy_id=notice[2].pk,
        destination="市保密局",
        due_date=back,
        purpose="参加保密自查工作座谈会",
    )
    build_recordings(demo)


def build_recordings(demo: Demo) -> None:
    """AV-RECORD: the head's speech at the annual security meeting, a SECRET video on two
    discs, registered by the general office's clerk (login ``clerk``) and archived by her."""
    clerk = demo.accounts["clerk"]
    head = demo.people["A002"]
    doc = recordings.register_recording(
        actor=clerk,
        number="示单录〔2026〕1号",
        title=f"{head.name}总经理在2026年度保密工作会议上的讲话",
        level=Level.SECRET,
        term_years=10,
        speaker_id=head.pk,
        occasion="2026年度保密工作会议",
        recorded_on=timezone.localdate() - timedelta(days=20),
        medium="video",
        format="disc",
        duration_minutes=52,
        copies=2,
        named_people_ids=[head.pk],
    )
    volume = archives.create_volume(
        actor=clerk,
        number="2026-录音录像-001",
        title="2026年领导讲话录音录像",
        year=timezone.localdate().year,
    )
    archives.archive(
        actor=clerk, copy_ids=list(doc.copies.values_list("pk", flat=True)), volume_id=volume.pk
    )
