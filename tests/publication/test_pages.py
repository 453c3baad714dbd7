"""The secrecy review and foreign press on the pages and in the API: upload, findings, review,
release, verify, exports; refusals as 4xx naming the rule or the field."""

from __future__ import annotations

import hashlib

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

from baomi.approvals.models import ApprovalRequest
from baomi.publication.models import Submission, SubmissionState
from baomi.seams.approvals import describe, parameters_sentence
from baomi.seams.registers import registers_for
from tests.api.conftest import ApiClient
from tests.publication.test_review import ARTICLE, LEAK, Chart, grant, make_docx
from tests.publication.test_review import chart as chart
from tests.web.conftest import signed_in


def _upload(data: bytes, name: str = "新闻稿.docx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def _submit(client, data: bytes, **kw):
    body = {"kind": "media", "title": "新闻稿", "outlet": "公司网站", "purpose": "", **kw}
    return client.post("/publication/submit/", {**body, "file": _upload(data)})


def test_the_pages_walk_a_submission_to_release__PUB_REVIEW(chart: Chart):
    staff, officer = signed_in(chart.staff), signed_in(chart.officer)
    assert staff.get("/publication/").status_code == 200
    made = _submit(staff, make_docx(ARTICLE, LEAK))
    assert made.status_code == 303
    item = Submission.objects.get()
    page = officer.get(f"/publication/{item.pk}/").content.decode()
    assert 'data-finding="机密★5年"' in page and 'data-form="review"' in page
    listing = officer.get("/publication/").content.decode()
    assert f'data-submission="{item.pk}"' in listing
    cleared = officer.post(
        f"/publication/{item.pk}/review/", {"verdict": "cleared", "version": "1"}, follow=True
    )
    assert "PUB-REVIEW" in cleared.content.decode()
    assert Submission.objects.get().state == SubmissionState.IN_REVIEW
    justified = officer.post(
        f"/publication/{item.pk}/review/",
        {"verdict": "cleared", "version": "1", "justification_0": "历史资料示例，已解密"},
    )
    assert justified.status_code == 303
    approval = ApprovalRequest.objects.get()
    assert describe(chart.boss, approval.subject_type, approval.subject_id) is not None
    assert "SHA-256" in parameters_sentence(chart.boss, approval.operation, approval.params)
    grant(approval)
    assert staff.post(f"/publication/{item.pk}/release/").status_code == 303
    released = Submission.objects.get()
    assert released.state == SubmissionState.RELEASED
    version = released.versions.get()
    downloaded = staff.get(f"/publication/versions/{version.pk}/file/")
    assert downloaded.content == bytes(version.content)
    assert downloaded["X-Content-Type-Options"] == "nosniff"
    checked = staff.post("/publication/verify/", {"file": _upload(bytes(version.content))})
    assert f'data-match="{item.pk}"' in checked.content.decode()
    other = staff.post("/publication/verify/", {"file": _upload(make_docx("别的"))})
    assert 'data-verify="unknown"' in other.content.decode()
    printed = staff.get(f"/publication/{item.pk}/form.pdf")
    assert printed.content.startswith(b"%PDF")
    for fmt in ("xlsx", "pdf"):
        export = officer.get("/publication/", {"format": fmt})
        assert export.status_code == 200 and export.content
    assert signed_in(chart.other).get(f"/publication/{item.pk}/").status_code == 404


def test_the_pages_refuse_a_wrong_or_oversized_file__PUB_REVIEW(chart: Chart):
    staff = signed_in(chart.staff)
    wrong = _submit(staff, b"\x89PNG\r\n\x1a\n" + b"\x00" * 32, follow=True)
    assert Submission.objects.count() == 0
    with override_settings(PUBLICATION_MAX_BYTES=100):
        big = _submit(staff, make_docx(ARTICLE))
    assert big.status_code in (303, 302, 422) and Submission.objects.count() == 0
    del wrong


def test_the_menu_register_and_tabs__PUB_REVIEW(chart: Chart):
    keys = {e.key for e in registers_for(chart.officer)}
    assert {"publication_reviews", "foreign_requests"} <= keys
    assert "publication_reviews" not in {e.key for e in registers_for(chart.staff)}
    home = signed_in(chart.staff).get("/").content.decode()
    assert 'href="/publication/"' in home
    assert signed_in(chart.world.account("auditor")).get("/publication/").status_code == 403


def test_the_api_walks_the_docx_story__PUB_REVIEW(chart: Chart):
    staff, officer = ApiClient(chart.staff), ApiClient(chart.officer)
    made = staff.client.post(
        "/api/v1/publication/submissions",
        {
            "kind": "media",
            "title": "新闻稿",
            "outlet": "公司网站",
            "file": _upload(make_docx(LEAK)),
        },
        headers=staff.headers,
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["versions"][0]["findings"][0]["match"] == "机密★5年"
    sid = body["id"]
    refused = officer.post(f"/publication/submissions/{sid}/review", {"verdict": "cleared"})
    assert refused.status_code == 403 and refused.json()["rule"] == "PUB-REVIEW"
    own = staff.post(f"/publication/submissions/{sid}/release")
    assert own.status_code == 403 and own.json()["rule"] == "PUB-REVIEW"
    changes = officer.post(
        f"/publication/submissions/{sid}/review",
        {"verdict": "changes", "changes_required": "删除密级标志"},
    )
    assert changes.status_code == 200 and changes.json()["status"] == "changes"
    fixed = make_docx(ARTICLE)
    v2 = staff.client.post(
        f"/api/v1/publication/submissions/{sid}/versions",
        {"file": _upload(fixed)},
        headers=staff.headers,
    )
    assert v2.status_code == 201 and v2.json()["versions"][-1]["findings"] == []
    ok = officer.post(f"/publication/submissions/{sid}/review", {"verdict": "cleared"})
    assert ok.status_code == 200 and ok.json()["status"] == "cleared"
    grant(ApprovalRequest.objects.get(state="pending"))
    out = staff.post(f"/publication/submissions/{sid}/release")
    assert out.status_code == 200
    assert out.json()["released_sha256"] == hashlib.sha256(fixed).hexdigest()
    check = staff.client.post(
        "/api/v1/publication/verify", {"file": _upload(fixed)}, headers=staff.headers
    )
    assert check.status_code == 200 and check.json()["released"][0]["id"] == sid


def test_the_api_names_the_field_of_a_bad_upload__PUB_REVIEW(chart: Chart):
    staff = ApiClient(chart.staff)
    wrong = staff.client.post(
        "/api/v1/publication/submissions",
        {"kind": "media", "title": "t", "outlet": "o", "file": _upload(b"\x00\x01\x02binary")},
        headers=staff.headers,
    )
    assert wrong.status_code == 422 and "file" in wrong.content.decode()
    with override_settings(PUBLICATION_MAX_BYTES=100):
        big = staff.client.post(
            "/api/v1/publication/submissions",
            {"kind": "media", "title": "t", "outlet": "o", "file": _upload(make_docx(ARTICLE))},
            headers=staff.headers,
        )
    assert big.status_code == 422 and "file" in big.content.decode()


def test_the_api_and_pages_of_foreign_visits__PRESS_FOREIGN(chart: Chart):
    officer = ApiClient(chart.officer)
    phone = officer.post(
        "/publication/foreign",
        {
            "kind": "phone",
            "party": "境外通讯社",
            "country": "美国",
            "subject": "电话采访",
            "starts": timezone.localdate().isoformat(),
        },
    )
    assert phone.status_code == 201 and phone.json()["state"] == "refused"
    held = officer.post(f"/publication/foreign/{phone.json()['id']}/held", {"outcome": "x"})
    assert held.status_code == 403 and held.json()["rule"] == "PRESS-FOREIGN"
    body = {
        "kind": "visit",
        "party": "代表团",
        "country": "德国",
        "subject": "参观",
        "starts": timezone.localdate().isoformat(),
        "talking_points": "公开信息",
        "scope": "展厅",
        "route": "大门—展厅",
        "host_ids": [chart.staff.person_id],
    }
    missing = officer.post("/publication/foreign", {**body, "route": ""})
    assert missing.status_code == 422 and missing.json().get("field") == "route"
    made = officer.post("/publication/foreign", body)
    assert made.status_code == 201 and made.json()["status"] == "requested"
    early = officer.post(f"/publication/foreign/{made.json()['id']}/held", {"outcome": "顺利"})
    assert early.status_code == 403 and early.json()["rule"] == "PRESS-FOREIGN"
    grant(ApprovalRequest.objects.get(pk=made.json()["approval_id"]))
    done = officer.post(f"/publication/foreign/{made.json()['id']}/held", {"outcome": "顺利"})
    assert done.status_code == 200 and done.json()["state"] == "held"
    pages = signed_in(chart.officer)
    listing = pages.get("/publication/foreign/").content.decode()
    assert f'data-foreign="{made.json()["id"]}"' in listing
    detail = pages.get(f"/publication/foreign/{phone.json()['id']}/").content.decode()
    assert "data-refused" in detail
    for fmt in ("xlsx", "pdf"):
        assert pages.get("/publication/foreign/", {"format": fmt}).status_code == 200
    host = signed_in(chart.staff)
    assert host.get(f"/publication/foreign/{made.json()['id']}/").status_code == 200
    assert (
        signed_in(chart.other).get(f"/publication/foreign/{made.json()['id']}/").status_code == 404
    )
    recorded = pages.post(
        "/publication/foreign/record/",
        {
            "kind": "phone",
            "party": "境外报社",
            "country": "英国",
            "subject": "电话",
            "starts": timezone.localdate().isoformat(),
        },
    )
    assert recorded.status_code == 303


def _many_submissions(chart: Chart, n: int) -> list[int]:
    """``n`` submissions of the staff member, written directly (no files: the lists only)."""
    person = chart.staff.person
    Submission.objects.bulk_create(
        Submission(
            organisation_id=person.organisation_id,
            department_id=person.department_id,
            kind="media",
            title=f"新闻稿{i}",
            outlet="公司网站",
            submitted_by=person,
        )
        for i in range(n)
    )
    return list(Submission.objects.order_by("-submitted_at", "-pk").values_list("pk", flat=True))


def _rows(page: str, key: str) -> int:
    table = page.split(f'data-submissions="{key}"', 1)[1].split("</table>", 1)[0]
    return table.count("data-submission=")


def test_every_submission_is_listed_50_a_page__PUB_REVIEW(chart: Chart):
    _many_submissions(chart, 60)
    officer = signed_in(chart.officer)
    first = officer.get("/publication/").content.decode()
    assert _rows(first, "all") == 50 and "page=2" in first
    second = officer.get("/publication/", {"page": "2", "state": "in_review"}).content.decode()
    assert _rows(second, "all") == 10
    assert "state=in_review" in second and "page=1" in second
    assert _rows(officer.get("/publication/", {"page": "x"}).content.decode(), "all") == 50


def test_the_api_lists_submissions_a_page_at_a_time__PUB_REVIEW(chart: Chart):
    pks = _many_submissions(chart, 60)
    officer = ApiClient(chart.officer)
    first = officer.get("/publication/submissions")
    assert first.status_code == 200 and [s["id"] for s in first.json()] == pks[:50]
    rest = officer.get("/publication/submissions", offset=50, limit=100)
    assert [s["id"] for s in rest.json()] == pks[50:]
    too_many = officer.get("/publication/submissions", limit=101)
    assert too_many.status_code == 422 and "limit" in too_many.content.decode()
