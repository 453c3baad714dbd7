"""The paper forms of documents and copies, as an office prints them (``core.paper``): the
routing slip (呈批传阅笺), the receipt (签收回执) and the cover of a dispatched envelope, the
approval forms of a copy (借阅登记单, 复制审批单, 携带外出审批单), the hand-over list (移交清单),
the destruction list (销毁清单) and a sheet of copy labels with their QR codes.

Each form is read through the same queries as its page, so nobody prints a form about an item
they may not know (CLS-MAC: "not found"); each carries the highest level of what it lists, and
the 份号 where it concerns one copy (CLS-MARK). Every print is recorded in the audit log.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.mac import knower
from baomi.approvals.approvers import KINDS
from baomi.approvals.models import ApprovalRequest
from baomi.audit.actions import register_action
from baomi.audit.recorder import record_event
from baomi.carriers.models import (
    HELD_STATES,
    Copy,
    CopyState,
    Custody,
    CustodyKind,
    Destruction,
    Document,
    Envelope,
    Handover,
    Reproduction,
    Urgency,
)
from baomi.carriers.policies import DOCUMENTS
from baomi.carriers.queries import copies as carriers
from baomi.carriers.queries import lifecycle
from baomi.core import paper
from baomi.core.errors import NotFound
from baomi.core.paper import Fields, Form, Label, Labels, Printed, Rows, Signatures, Text
from baomi.org.models import Person

PRINTED = register_action("carriers.form_printed", gettext_lazy("Form printed"))

# The copies still in the organisation's hands that get a label.
LABELLED_STATES = (*HELD_STATES, CopyState.ARCHIVED)
# The approval forms of a copy: operation → (form, its kind in the audit log).
APPROVAL_FORMS = {
    "lend": ("借阅登记单", "loan"),
    "reproduce": ("复制审批单", "reproduction"),
    "take_out": ("携带外出审批单", "take_out"),
}
METHODS = {"photocopy": "复印", "reprint": "翻印", "excerpt": "摘抄"}
SERIES = {"classified": "涉密", "general": "普通"}
DATE, MOMENT = "%Y-%m-%d", "%Y-%m-%d %H:%M"


def _at(moment: Any, layout: str = MOMENT) -> str:
    return timezone.localtime(moment).strftime(layout) if moment else ""


def _name(person: Person | None) -> str:
    return person.name if person is not None else ""


def _copy_number(copy: Copy) -> str:
    """份号 as a form lists it: "第003份", a reproduction "第004份（复制件，源自第001份）"."""
    if copy.reproduced_from_id:
        source = paper.copy_mark(copy.reproduced_from.number)
        return f"{paper.copy_mark(copy.number)}（复制件，源自{source}）"
    return paper.copy_mark(copy.number)


def _document_fields(doc: Document) -> list[tuple[str, str]]:
    return [
        ("文号", doc.number),
        ("密级", paper.level_text(doc.level, doc.term_years)),
        ("标题", doc.title),
    ]


def _items(copies: Sequence[Copy]) -> Rows:
    """The copies a form lists, one line each: 文号, 标题, 密级, 份号."""
    return Rows(
        ["序号", "文号", "标题", "密级", "份号"],
        [
            [
                str(n),
                c.document.number,
                c.document.title,
                paper.level_text(c.document.level),
                _copy_number(c),
            ]
            for n, c in enumerate(copies, 1)
        ],
        widths=[0.8, 2.2, 3.6, 1.2, 2.2],
    )


def _one(copies: Sequence[Copy]) -> int | None:
    """The 份号 a form about these copies is marked with: the copy's, when it is one."""
    return copies[0].number if len(copies) == 1 else None


def _highest(copies: Iterable[Copy]) -> int | None:
    return paper.highest(c.document.level for c in copies)


def _organisation(actor: Actor) -> str:
    person = knower(actor)
    return person.organisation.name if person is not None else ""


def _print(
    actor: Actor, kind: str, subject: Any, make: Callable[[], Form], **about: Any
) -> Printed:
    """Lay out the form ``make`` builds and record the print in the audit log: which form,
    about which item (and ``about`` what else: the approval request of a copy's form), at
    which marking."""
    ids = "-".join(str(i) for i in (subject.pk, *about.values()))
    printed = paper.print_form(make, ids)
    with transaction.atomic():
        record_event(
            actor=actor,
            action=PRINTED,
            subject=subject,
            data={"form": kind, "level": printed.form.level, **about},
        )
    return printed


def _approvals(request: ApprovalRequest) -> list[Any]:
    """The approval's steps as a grid (who, their part, their decision and when) and a line
    for each approver's signature."""
    steps = list(request.steps.select_related("approver").order_by("order"))
    return [
        Rows(
            ["审批环节", "审批人", "意见", "时间"],
            [
                [
                    str(KINDS.get(s.approver_kind, s.approver_kind)),
                    s.approver.name,
                    f"{s.get_decision_display()} {s.comment}".strip(),
                    _at(s.decided_at),
                ]
                for s in steps
            ],
            widths=[2, 1.5, 3, 1.6],
        ),
        Signatures([("审批人", s.approver.name) for s in steps]),
    ]


# ---- the routing slip (呈批传阅笺 / 文件传阅单) ----------------------------------------------


def routing_slip(actor: Actor, entry_id: int) -> Printed:
    """呈批传阅笺 of an incoming document: what came in and its number, the director's
    instruction, then each reader in order — those handed a copy first, in the order they
    were, with the 份号 they read — with a cell for their signature, the date they signed
    for it (on their login or on this slip) and its return (CIRC-SIGN)."""
    entry = carriers.incoming_entry(actor, entry_id)  # NotFound unless known (CLS-MAC)
    doc = entry.document
    circulated = list(
        Custody.objects.filter(copy__document=doc, kind=CustodyKind.CIRCULATION)
        .select_related("holder", "copy__reproduced_from")
        .order_by("started_at", "pk")
    )
    handed = {c.holder_id for c in circulated}
    waiting = [p for p in entry.readers.order_by("name", "pk") if p.pk not in handed]

    def make() -> Form:
        readers = [
            [
                c.holder.name,
                _copy_number(c.copy),
                _at(c.started_at),
                "",
                _at(c.received_at),
                _at(c.returned_at),
            ]
            for c in circulated
        ] + [[p.name, "", "", "", "", ""] for p in waiting]
        return Form(
            title="呈批传阅笺",
            level=doc.level,
            term_years=doc.term_years,
            organisation=_organisation(actor),
            blocks=(
                Fields(
                    [
                        ("收文编号", f"{entry.year}年{SERIES[entry.series]}第{entry.sequence}号"),
                        ("收文日期", _at(entry.registered_at, DATE)),
                        ("来文单位", entry.received_from or doc.issuer),
                        ("份数", str(doc.copies_count)),
                        *_document_fields(doc),
                        ("紧急程度", str(Urgency(doc.urgency).label)),
                    ]
                ),
                Fields(
                    [
                        ("拟办意见 / 领导批示", entry.instruction),
                        ("批示人", _name(entry.director)),
                        ("批示时间", _at(entry.instructed_at)),
                    ],
                    columns=1,
                ),
                Rows(
                    ["序号", "阅文人", "份号", "送阅时间", "阅文人签名", "签收日期", "退回时间"],
                    [[str(n), *line] for n, line in enumerate(readers, 1)],
                    widths=[0.8, 1.3, 1.8, 1.6, 1.5, 1.6, 1.6],
                ),
                Text("秘密以上文件当天阅读，下班前交回，阅文人之间不得横向传阅。"),
            ),
        )

    return _print(actor, "routing_slip", entry, make)


# ---- dispatch: the receipt and the envelope's cover -------------------------------------------


def _envelope(actor: Actor, envelope_id: int) -> tuple[Envelope, list[Copy]]:
    """A dispatched envelope whose document the actor may know, with its copies; "not
    found" otherwise (CLS-MAC)."""
    found = (
        Envelope.objects.filter(pk=envelope_id, document__in=DOCUMENTS.known(actor).values("pk"))
        .select_related("document", "courier", "dispatched_by__person")
        .first()
    )
    if found is None:
        raise NotFound(_("No such envelope."))
    return found, list(
        found.copies.select_related("document", "reproduced_from").order_by("number")
    )


def receipt(actor: Actor, envelope_id: int) -> Printed:
    """签收回执 of a dispatched envelope (OUT-SIGN): what was sent to whom, every 份号 in it,
    and the recipient's signature line, returned to the sender."""
    envelope, copies = _envelope(actor, envelope_id)
    doc = envelope.document

    def make() -> Form:
        return Form(
            title="签收回执",
            level=envelope.level,
            term_years=doc.term_years,
            copy_number=_one(copies),
            organisation=_organisation(actor),
            blocks=(
                Fields(
                    [
                        ("发文单位", _organisation(actor)),
                        ("收文单位", envelope.recipient),
                        *_document_fields(doc),
                        ("份数", str(len(copies))),
                        ("发出时间", _at(envelope.dispatched_at)),
                        ("递送方式", envelope.get_method_display()),
                    ]
                ),
                _items(copies),
                Text("以上文件已如数收到，份号无误。"),
                Signatures(
                    [
                        ("签收人", envelope.signed_by_name),
                        ("发文经办人", _name(getattr(envelope.dispatched_by, "person", None))),
                    ]
                ),
            ),
        )

    return _print(actor, "receipt", envelope, make)


def envelope_cover(actor: Actor, envelope_id: int) -> Printed:
    """信封封面 (OUT-ENVELOPE): the level, 急件/特急 and 亲收 marked on the envelope, the
    document numbers and 份号 inside, the recipient and the sender."""
    envelope, copies = _envelope(actor, envelope_id)

    def make() -> Form:
        marks = [paper.marking(envelope.level)]
        if envelope.urgency != Urgency.NORMAL:
            marks.append({"urgent": "急件", "very_urgent": "特急"}[envelope.urgency])
        if envelope.addressee_only:
            marks.append("亲收")
        return Form(
            title="信封封面",
            level=envelope.level,
            copy_number=_one(copies),
            blocks=(
                Text("　".join(m for m in marks if m), big=True),
                Fields(
                    [
                        ("编号", envelope.contents),
                        ("份号", "、".join(_copy_number(c) for c in copies)),
                        ("收件单位", envelope.recipient),
                        ("发件单位", _organisation(actor)),
                        ("封发日期", _at(envelope.dispatched_at, DATE)),
                        ("递送方式", envelope.get_method_display()),
                    ],
                    columns=1,
                ),
            ),
        )

    return _print(actor, "envelope", envelope, make)


# ---- the approval forms of a copy ---------------------------------------------------------


def _approval_request(copy: Copy, request_id: int) -> ApprovalRequest:
    """An approval request about ``copy`` (which the actor may know) that has a form."""
    found = (
        ApprovalRequest.objects.filter(
            organisation_id=copy.organisation_id,
            subject_type="carriers.copy",
            subject_id=str(copy.pk),
            operation__in=list(APPROVAL_FORMS),
            pk=request_id,
        )
        .select_related("requester")
        .first()
    )
    if found is None:
        raise NotFound(_("No such request."))
    return found


def _person(organisation_id: int, person_id: Any) -> Person | None:
    return Person.objects.filter(organisation_id=organisation_id, pk=person_id).first()


def _loan(request: ApprovalRequest, copy: Copy) -> tuple[list[Any], list[tuple[str, str]]]:
    params = request.params
    borrower = _person(copy.organisation_id, params.get("borrower_id"))
    lent = Custody.objects.filter(approval=request).first()
    return [
        Fields(
            [
                ("借阅人", _name(borrower)),
                ("借阅部门", borrower.department.name if borrower and borrower.department else ""),
                ("归还期限", str(params.get("due_date", ""))),
                ("借出时间", _at(lent.started_at) if lent else ""),
                ("借阅事由", str(params.get("purpose", ""))),
                ("归还时间", _at(lent.returned_at) if lent else ""),
            ]
        ),
        Text("借阅人不得摘抄、复印，不得向无关人员透露，按期归还。"),
    ], [("借阅人", _name(borrower)), ("借出经办人", copy.custodian.name), ("归还验收人", "")]


def _reproduction(request: ApprovalRequest, copy: Copy) -> tuple[list[Any], list[tuple[str, str]]]:
    params = request.params
    made = Reproduction.objects.filter(approval=request).select_related("made_by").first()
    return [
        Fields(
            [
                ("复制份数", str(params.get("count", ""))),
                ("复制方式", METHODS.get(params.get("method"), str(params.get("method", "")))),
                ("复制人", _name(made.made_by) if made else ""),
                ("复制时间", _at(made.made_at) if made else ""),
            ]
        ),
        Text("复制件按原件密级管理，复制废件即时销毁。"),
    ], [("申请人", request.requester.name), ("复制人", _name(made.made_by) if made else "")]


def _take_out(request: ApprovalRequest, copy: Copy) -> tuple[list[Any], list[tuple[str, str]]]:
    params = request.params
    person = _person(copy.organisation_id, params.get("person_id"))
    out = Custody.objects.filter(approval=request).first()
    return [
        Fields(
            [
                ("携带人", _name(person)),
                ("前往地点", str(params.get("destination", ""))),
                ("携带事由", str(params.get("purpose", ""))),
                ("归还期限", str(params.get("due_date", ""))),
                ("出境或涉外", "是" if params.get("abroad") else "否"),
                ("带出时间", _at(out.started_at) if out else ""),
            ]
        ),
        Text("携带人须随身妥善保管，不得进入公共场所，返回后即交回保管人。"),
    ], [("携带人", _name(person)), ("保管人", copy.custodian.name)]


DETAILS = {"lend": _loan, "reproduce": _reproduction, "take_out": _take_out}


def approval_form(actor: Actor, copy_id: int, request_id: int) -> Printed:
    """The form of an approval request about a copy — 借阅登记单 (LOAN-APPROVE),
    复制审批单 (COPY-APPROVE) or 携带外出审批单 (CARRY-APPROVE): the copy, what was asked,
    the approvers' decisions and lines for their signatures and the people's who use it."""
    copy = carriers.known_copy(actor, copy_id)  # NotFound unless known (CLS-MAC)
    request = _approval_request(copy, request_id)
    title, kind = APPROVAL_FORMS[request.operation]

    def make() -> Form:
        details, signers = DETAILS[request.operation](request, copy)
        return Form(
            title=title,
            level=copy.document.level,
            term_years=copy.document.term_years,
            copy_number=copy.number,
            organisation=_organisation(actor),
            blocks=(
                Fields(
                    [
                        *_document_fields(copy.document),
                        ("份号", _copy_number(copy)),
                        ("申请人", request.requester.name),
                        ("申请时间", _at(request.created_at)),
                    ]
                ),
                *details,
                *_approvals(request),
                Signatures(signers),
            ),
        )

    return _print(actor, kind, copy, make, request=request.pk)


# ---- hand-over and destruction --------------------------------------------------------------


def handover_list(actor: Actor, handover_id: int) -> Printed:
    """移交清单 (HANDOVER): every copy handed over, counted and checked, signed by the
    person handing over (移交人), the person receiving (接收人) and a supervisor (监交人),
    approved by the leader."""
    found, copies = lifecycle.handover(actor, handover_id)  # NotFound unless all known
    handover: Handover = found

    def make() -> Form:
        return Form(
            title="移交清单",
            level=_highest(copies),
            copy_number=_one(copies),
            organisation=_organisation(actor),
            blocks=(
                Fields(
                    [
                        ("移交人", handover.from_person.name),
                        ("接收人", handover.to_person.name),
                        ("移交原因", handover.get_reason_display()),
                        ("列单时间", _at(handover.created_at)),
                    ]
                ),
                _items(copies),
                Text(f"共计 {len(copies)} 份，经清点、核对无误。"),
                Signatures(
                    [
                        ("移交人", handover.from_person.name),
                        ("接收人", handover.to_person.name),
                        ("监交人", ""),
                    ]
                ),
                *_approvals(handover.approval),
            ),
        )

    return _print(actor, "handover", handover, make)


def destruction_list(actor: Actor, destruction_id: int) -> Printed:
    """销毁清单 (DESTROY-APPROVE, DESTROY-WITNESS, DESTROY-PLACE): every copy destroyed, how
    and where, a line for the person who destroyed them (销毁人), one per supervisor
    (监销人) and one per approver."""
    found = lifecycle.destructions(actor).filter(pk=destruction_id).first()
    if found is None:  # missing, or naming a copy the actor may not know (CLS-MAC)
        raise NotFound(_("No such destruction."))
    destruction: Destruction = found
    copies = sorted(destruction.copies.all(), key=lambda c: (c.document.number, c.number))
    steps = destruction.approval.steps.select_related("approver").order_by("order")

    def make() -> Form:
        return paper.destruction_list(
            organisation=_organisation(actor),
            level=_highest(copies),
            headers=["文号", "标题", "密级", "份号"],
            rows=[
                [
                    c.document.number,
                    c.document.title,
                    paper.level_text(c.document.level),
                    _copy_number(c),
                ]
                for c in copies
            ],
            facts=[
                ("销毁时间", _at(destruction.destroyed_at)),
                ("销毁方式", destruction.get_method_display()),
                ("销毁地点", destruction.place),
                ("审批单号", str(destruction.approval_id)),
            ],
            operator=destruction.operator.name,
            witnesses=[w.name for w in destruction.witnesses.order_by("name", "pk")],
            approvers=[s.approver.name for s in steps],
        )

    return _print(actor, "destruction", destruction, make)


# ---- copy labels -----------------------------------------------------------------------------


def labels(actor: Actor, document_id: int, code: Callable[[Copy], str]) -> Printed:
    """A sheet of labels for the copies of a document still in the organisation's hands: each
    with its marking, 份号, 文号 and title, and a QR code of ``code(copy)`` (the copy's page)."""
    doc, copies = carriers.document_copies(actor, document_id)  # NotFound unless known
    kept = [c for c in copies if c.state in LABELLED_STATES]

    def make() -> Form:
        return Form(
            title="载体标签",
            level=doc.level,
            term_years=doc.term_years,
            copy_number=_one(kept),
            blocks=(
                Labels(
                    [
                        Label(
                            [
                                paper.level_text(doc.level, doc.term_years),
                                _copy_number(c),
                                f"文号：{doc.number}",
                                doc.title,
                            ],
                            code(c),
                        )
                        for c in kept
                    ]
                ),
            ),
        )

    return _print(actor, "labels", doc, make)
