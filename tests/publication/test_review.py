"""The secrecy review before release (PUB-REVIEW): a submission's file is scanned, the reviewer
sees the findings, a version with findings is not cleared without a justification for each,
the release needs a cleared version approved for exactly its hash, and what went out is proved
by its hash."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

import docx
import pytest
from django.test import override_settings

from baomi.access.roles import Role
from baomi.accounts.models import Account
from baomi.approvals import operations as approvals
from baomi.approvals.models import ApprovalRequest
from baomi.approvals.models import State as ApprovalState
from baomi.core.errors import AccessDenied, Conflict, InvalidInput, NotFound, RuleViolation
from baomi.core.levels import Clearance
from baomi.org import operations as org
from baomi.publication.models import Kind, SubmissionState, Verdict
from baomi.publication.operations import review as ops
from baomi.publication.queries import review as queries
from baomi.rulebook import operations as rulebook_ops
from tests.factories import World, audit_events


@dataclass
class Chart:
    world: World
    officer: Account  # the security officer (REVIEW_PUBLICATIONS)
    officer2: Account  # a second reviewer
    boss: Account  # the head of the organisation (the general manager)
    staff: Account  # a writer of the tech department
    other: Account  # another staff member


@pytest.fixture
def chart(world: World) -> Chart:
    officer = world.account(Role.SECURITY_OFFICER, dept="office", clearance=Clearance.CORE)
    officer2 = world.account(Role.SECURITY_OFFICER, dept="office", clearance=Clearance.CORE)
    boss = world.account(Role.LEADER, dept="root", rank="director", clearance=Clearance.CORE)
    org.set_organisation_head(
        actor=None, organisation_id=world.organisation.pk, person_id=boss.person_id
    )
    staff = world.account(Role.STAFF, clearance=Clearance.GENERAL)
    other = world.account(Role.STAFF, clearance=Clearance.GENERAL)
    return Chart(world, officer, officer2, boss, staff, other)


def make_docx(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


ARTICLE = "公司新一代产品发布会在总部顺利举行，产品将于明年上市。"
LEAK = "附：型号参数表（机密★5年），研制进度见附件。"


def submit(actor: Account, data: bytes | None = None, **kw) -> object:
    kw.setdefault("kind", Kind.MEDIA)
    kw.setdefault("title", "新产品发布新闻稿")
    kw.setdefault("outlet", "公司网站")
    return ops.submit(
        actor=actor,
        file=data or make_docx(ARTICLE),
        filename=kw.pop("filename", "新闻稿.docx"),
        **kw,
    )


def grant(request: ApprovalRequest) -> None:
    for step in request.steps.order_by("order"):
        approvals.decide(
            actor=Account.objects.get(person=step.approver), request_id=request.pk, approve=True
        )


def clear(chart: Chart, item) -> ApprovalRequest:
    ops.review(actor=chart.officer, submission_id=item.pk, verdict=Verdict.CLEARED)
    version = queries.latest(queries.submission(chart.officer, item.pk))
    return version.approval


def test_the_docx_story_findings_shown_release_refused_until_fixed__PUB_REVIEW(chart: Chart):
    """A docx with a classified marking: the scanner's finding is on the review page, the
    release is refused; version 2 without it is cleared, approved and released, and the
    released hash is version 2's."""
    from tests.web.conftest import signed_in

    leaked = make_docx(ARTICLE, LEAK)
    item = submit(chart.staff, leaked)
    v1 = queries.latest(queries.submission(chart.staff, item.pk))
    assert v1.number == 1 and v1.sha256 == hashlib.sha256(leaked).hexdigest()
    assert [f["match"] for f in v1.findings] == ["机密★5年"]
    assert v1.findings[0]["level"] == "SECRET"
    page = signed_in(chart.officer).get(f"/publication/{item.pk}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert 'data-finding="机密★5年"' in body and v1.sha256 in body
    # Not cleared without a justification for the finding.
    with pytest.raises(RuleViolation) as refused:
        ops.review(actor=chart.officer, submission_id=item.pk, verdict=Verdict.CLEARED)
    assert refused.value.rule_id == "PUB-REVIEW"
    with pytest.raises(RuleViolation):
        ops.release(actor=chart.staff, submission_id=item.pk)
    ops.review(
        actor=chart.officer,
        submission_id=item.pk,
        verdict=Verdict.CHANGES,
        findings_text="附件含涉密参数表",
        changes_required="删除参数表及研制进度",
    )
    with pytest.raises(RuleViolation) as still:
        ops.release(actor=chart.staff, submission_id=item.pk)
    assert still.value.rule_id == "PUB-REVIEW"
    fixed = make_docx(ARTICLE)
    v2 = ops.add_version(
        actor=chart.staff, submission_id=item.pk, file=fixed, filename="新闻稿2.docx"
    )
    assert v2.number == 2 and v2.findings == []
    approval = clear(chart, item)
    assert approval.params == {"version": 2, "sha256": hashlib.sha256(fixed).hexdigest()}
    assert [s.approver_id for s in approval.steps.all()] == [chart.boss.person_id]
    # Cleared but not yet approved: refused.
    with pytest.raises(RuleViolation):
        ops.release(actor=chart.staff, submission_id=item.pk)
    grant(approval)
    released = ops.release(actor=chart.staff, submission_id=item.pk)
    assert released.state == SubmissionState.RELEASED
    assert released.released_sha256 == hashlib.sha256(fixed).hexdigest()
    assert released.released_version_id == v2.pk
    assert ApprovalRequest.objects.get(pk=approval.pk).state == ApprovalState.CONSUMED
    assert audit_events("publication.released")[-1]["data"]["sha256"] == released.released_sha256
    # The proof of what went out.
    assert [s.pk for s in queries.verify(chart.boss, fixed)["released"]] == [item.pk]
    assert queries.verify(chart.officer, leaked)["released"] == []
    assert queries.verify(chart.officer, leaked)["submitted"] == 1


def test_a_finding_is_cleared_with_a_justification_for_each__PUB_REVIEW(chart: Chart):
    item = submit(chart.staff, make_docx(ARTICLE, LEAK))
    with pytest.raises(RuleViolation):
        ops.review(
            actor=chart.officer,
            submission_id=item.pk,
            verdict=Verdict.CLEARED,
            justifications=[""],
        )
    review = ops.review(
        actor=chart.officer,
        submission_id=item.pk,
        verdict=Verdict.CLEARED,
        justifications=["引用的是已解密的历史资料标志，不涉密"],
    )
    assert review.justifications == ["引用的是已解密的历史资料标志，不涉密"]
    with pytest.raises(InvalidInput) as many:
        ops.review(
            actor=chart.officer2,
            submission_id=submit(chart.staff, make_docx(LEAK)).pk,
            verdict=Verdict.CLEARED,
            justifications=["a", "b"],
        )
    assert many.value.field == "justifications"


def test_nobody_reviews_their_own_submission__ROLE_SEPARATION(chart: Chart):
    item = submit(chart.officer)
    with pytest.raises(RuleViolation) as refused:
        ops.review(actor=chart.officer, submission_id=item.pk, verdict=Verdict.CLEARED)
    assert refused.value.rule_id == "ROLE-SEPARATION"
    ops.review(actor=chart.officer2, submission_id=item.pk, verdict=Verdict.CLEARED)


def test_only_a_reviewer_reviews__PUB_REVIEW(chart: Chart):
    item = submit(chart.staff)
    with pytest.raises(AccessDenied):
        ops.review(actor=chart.other, submission_id=item.pk, verdict=Verdict.CLEARED)
    with pytest.raises(NotFound):
        ops.add_version(actor=chart.other, submission_id=item.pk, file=make_docx("x"))


def test_a_new_version_after_approval_invalidates_it__PUB_REVIEW(chart: Chart):
    item = submit(chart.staff)
    approval = clear(chart, item)
    grant(approval)
    ops.add_version(actor=chart.staff, submission_id=item.pk, file=make_docx(ARTICLE, "补充一句。"))
    assert ApprovalRequest.objects.get(pk=approval.pk).state == ApprovalState.WITHDRAWN
    with pytest.raises(RuleViolation) as refused:
        ops.release(actor=chart.staff, submission_id=item.pk)
    assert refused.value.rule_id == "PUB-REVIEW"


def test_an_approval_of_another_hash_covers_nothing__PUB_REVIEW(chart: Chart):
    item = submit(chart.staff)
    approval = clear(chart, item)
    grant(approval)
    ApprovalRequest.objects.filter(pk=approval.pk).update(params={"version": 1, "sha256": "0" * 64})
    with pytest.raises(RuleViolation) as refused:
        ops.release(actor=chart.staff, submission_id=item.pk)
    assert refused.value.rule_id == "PUB-REVIEW"


def test_refused_material_is_never_released__PUB_REVIEW(chart: Chart):
    item = submit(chart.staff)
    ops.review(actor=chart.officer, submission_id=item.pk, verdict=Verdict.REFUSED)
    with pytest.raises(Conflict):
        ops.release(actor=chart.staff, submission_id=item.pk)
    with pytest.raises(Conflict):
        ops.add_version(actor=chart.staff, submission_id=item.pk, file=make_docx(ARTICLE))


def test_provision_to_another_party_goes_to_its_own_approvers__PUB_REVIEW(chart: Chart):
    """对外提供 is approved by the rule's ``provide_approvers`` (the general manager by
    default); the organisation may name others."""
    item = submit(chart.staff, kind=Kind.PROVIDE, outlet="合作单位甲")
    approval = clear(chart, item)
    assert [s.approver_kind for s in approval.steps.all()] == ["organisation_head"]
    leader = chart.world.account(Role.LEADER, dept="root", rank="director")
    org.set_department_leaders(
        actor=None,
        department_id=chart.world.departments["tech"].pk,
        head_id=None,
        leader_in_charge_id=leader.person_id,
    )
    rulebook_ops.set_rule(
        actor=chart.officer,
        rule_id="PUB-REVIEW",
        params={"provide_approvers": ["leader_in_charge", "organisation_head"]},
    )
    again = submit(chart.staff, kind=Kind.PROVIDE, outlet="合作单位乙")
    steps = clear(chart, again).steps.order_by("order")
    assert [s.approver_id for s in steps] == [leader.person_id, chart.boss.person_id]
    # A media submission keeps the rule's ``approvers``.
    media = clear(chart, submit(chart.staff))
    assert [s.approver_id for s in media.steps.all()] == [chart.boss.person_id]


def test_uploads_are_bounded_and_recognised_by_content__PUB_REVIEW(chart: Chart):
    with pytest.raises(InvalidInput) as wrong:
        submit(chart.staff, b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, filename="photo.docx")
    assert wrong.value.field == "file"
    with pytest.raises(InvalidInput) as empty:
        ops.submit(actor=chart.staff, kind="media", title="t", outlet="o", file=b"")
    assert empty.value.field == "file"
    with override_settings(PUBLICATION_MAX_BYTES=1000), pytest.raises(InvalidInput) as big:
        submit(chart.staff, make_docx(ARTICLE))
    assert big.value.field == "file"
    text = submit(chart.staff, "新闻稿正文\n".encode(), filename="../../etc/passwd")
    version = queries.latest(queries.submission(chart.staff, text.pk))
    assert version.filename == "passwd.txt" and version.content_type.startswith("text/plain")
    with pytest.raises(InvalidInput) as kind:
        submit(chart.staff, kind="poster")
    assert kind.value.field == "kind"


def test_the_auditor_submits_nothing__PUB_REVIEW(chart: Chart):
    auditor = chart.world.account(Role.AUDITOR)
    with pytest.raises(AccessDenied):
        submit(auditor)


def test_the_review_form_prints_and_is_recorded__PUB_REVIEW(chart: Chart):
    item = submit(chart.staff, make_docx(ARTICLE, LEAK))
    printed = ops.print_review_form(actor=chart.staff, submission_id=item.pk)
    assert printed.content.startswith(b"%PDF")
    assert audit_events("publication.form_printed")
    with pytest.raises(NotFound):
        ops.print_review_form(actor=chart.other, submission_id=item.pk)


def test_the_register_exports__PUB_REVIEW(chart: Chart):
    item = submit(chart.staff)
    grant(clear(chart, item))
    ops.release(actor=chart.staff, submission_id=item.pk)
    table = queries.register_table(chart.officer)
    assert table.rows[0][1] == "新产品发布新闻稿"
    assert table.rows[0][9].startswith(
        queries.submission(chart.officer, item.pk).released_sha256[:12]
    )
    for fmt in ("xlsx", "pdf"):
        assert queries.export_register(chart.officer, fmt).content
    with pytest.raises(AccessDenied):
        queries.register_table(chart.staff)


def test_the_review_queue_reads_its_versions_in_a_few_queries__PUB_REVIEW(chart: Chart):
    """A page of the queue prefetches the versions (bench/security_places.py): the number of
    queries does not grow with the submissions."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from baomi.publication.web.review import _lines

    def queries_run() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as ran:
            lines = _lines(queries.pending_reviews(chart.officer)[:100])
        assert all(line["version"] is not None for line in lines)
        return len(lines), len(ran)

    submit(chart.staff)
    submit(chart.other)
    few = queries_run()
    for n in range(4):
        submit(chart.staff, title=f"新闻稿{n}")
    many = queries_run()
    assert (few[0], many[0]) == (2, 6)
    assert many[1] == few[1]
    assert submit(chart.officer).pk not in {s.pk for s in queries.pending_reviews(chart.officer)}
