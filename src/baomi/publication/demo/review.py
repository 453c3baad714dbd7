"""The demo's secrecy review (PUB-REVIEW): 朱琳 (staff) submitted a news article for the
company website — reviewed, cleared, approved by the head of the organisation and released —
and a conference talk whose first draft carries a classified marking, for which the security
officer required changes. The files are small Word documents written here (no office library
at run time)."""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

from baomi.accounts.models import Account
from baomi.approvals import operations as approvals
from baomi.publication.models import Kind, Verdict
from baomi.publication.operations import review as ops
from baomi.seams.demo import Demo

_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)


def docx(*paragraphs: str) -> bytes:
    """A minimal Word document of ``paragraphs``."""
    body = "".join(f"<w:p><w:r><w:t>{escape(text)}</w:t></w:r></w:p>" for text in paragraphs)
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", _TYPES)
        package.writestr("_rels/.rels", _RELS)
        package.writestr("word/document.xml", document)
    return out.getvalue()


ARTICLE = (
    "我公司新一代智能终端产品发布会圆满举行",
    "本月，公司在总部举行新一代智能终端产品发布会，来自行业协会和合作伙伴的代表出席。",
    "新产品将于明年第一季度上市，售后服务网点覆盖全国主要城市。",
)


def _grant(request_id: int, approver_ids: list[int]) -> None:
    for person_id in approver_ids:
        approver = Account.objects.filter(person_id=person_id, is_active=True).first()
        approvals.decide(actor=approver, request_id=request_id, approve=True)


def build(demo: Demo) -> None:
    if not demo.created:
        return
    officer, staff = demo.accounts["secofficer"], demo.accounts["staff"]
    article = ops.submit(
        actor=staff,
        kind=Kind.PUBLISH,
        title="新一代智能终端产品发布会新闻稿",
        outlet="公司网站新闻栏目",
        purpose="对外宣传",
        file=docx(*ARTICLE),
        filename="产品发布会新闻稿.docx",
    )
    ops.review(
        actor=officer,
        submission_id=article.pk,
        verdict=Verdict.CLEARED,
        findings_text="仅涉及已公开的产品信息和上市时间，未见涉密内容。",
    )
    version = article.versions.get()
    _grant(version.approval_id, [s.approver_id for s in version.approval.steps.order_by("order")])
    ops.release(actor=staff, submission_id=article.pk)
    talk = ops.submit(
        actor=staff,
        kind=Kind.PRESENT,
        title="行业技术论坛交流发言稿",
        outlet="2026年行业技术论坛",
        file=docx(
            "智能终端安全架构的实践",
            "附表：型号关键参数（机密★5年），研制进度见内部计划。",
        ),
        filename="论坛发言稿.docx",
    )
    ops.review(
        actor=officer,
        submission_id=talk.pk,
        verdict=Verdict.CHANGES,
        findings_text="检查发现密级标志“机密★5年”及型号关键参数。",
        changes_required="删除附表及研制进度内容后重新送审。",
    )
