"""The documents pages: list and detail within CLS-MAC, registering (CLS-MARK, CLS-SCOPE-RANK)
and the home page's "what I hold"."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from baomi.access.roles import Role
from baomi.carriers import operations
from baomi.carriers.models import Document
from baomi.carriers.operations import circulation, incoming
from baomi.core.levels import Clearance, Level
from tests.factories import audit_events
from tests.web.conftest import signed_in


@pytest.fixture
def clerk(world):
    return world.account(Role.CLERK, clearance=Clearance.CORE, dept="office")


def register(actor, title, level=Level.SECRET, **kw):
    return operations.register_document(
        actor=actor,
        number=f"N-{title}",
        title=title,
        level=level,
        term_years=5 if level >= Level.CONFIDENTIAL else None,
        **kw,
    )


def test_the_list_shows_only_what_the_reader_may_know__CLS_MAC(world, clerk):
    register(clerk, "机密甲", Level.SECRET)
    register(clerk, "内部乙", Level.INTERNAL)
    reader = signed_in(world.account(Role.STAFF))
    html = reader.get(reverse("documents")).content.decode()
    assert "内部乙" in html and "机密甲" not in html
    html = signed_in(clerk).get(reverse("documents")).content.decode()
    assert "内部乙" in html and "机密甲" in html


def test_the_list_filters_by_search_and_level(clerk):
    register(clerk, "薪酬方案", Level.SECRET)
    register(clerk, "通知", Level.INTERNAL)
    client = signed_in(clerk)
    html = client.get(reverse("documents"), {"q": "薪酬"}).content.decode()
    assert "薪酬方案" in html and "通知" not in html
    html = client.get(reverse("documents"), {"level": int(Level.INTERNAL)}).content.decode()
    assert "通知" in html and "薪酬方案" not in html


def test_the_detail_shows_the_scope_and_records_the_read(world, clerk):
    named = world.person(clearance=Clearance.IMPORTANT, name="李四")
    doc = register(clerk, "详情", named_people_ids=[named.pk])
    html = signed_in(clerk).get(reverse("document", args=[doc.pk])).content.decode()
    assert "详情" in html and "李四" in html and "data-scope" in html
    assert audit_events("carriers.document_viewed")[-1]["subject_id"] == str(doc.pk)


def test_registering_creates_the_document_and_opens_it__CLS_MARK(world, clerk):
    named = world.person(clearance=Clearance.IMPORTANT)
    response = signed_in(clerk).post(
        reverse("document_register"),
        {
            "number": "示发〔2026〕5号",
            "title": "年度计划",
            "level": int(Level.SECRET),
            "term_years": 10,
            "issuer": "办公室",
            "named_people": [named.pk],
        },
    )
    doc = Document.objects.get()
    assert response.status_code == 303 and response.url == reverse("document", args=[doc.pk])
    assert (doc.level, doc.term_years, doc.issuer) == (Level.SECRET, 10, "办公室")
    assert set(doc.scope_people.values_list("pk", flat=True)) == {clerk.person_id, named.pk}


def test_registering_over_htmx_redirects_with_a_header(clerk):
    response = signed_in(clerk).post(
        reverse("document_register"),
        {
            "number": "1",
            "title": "内部通知",
            "level": int(Level.INTERNAL),
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("document", args=[Document.objects.get().pk])


def test_departments_chosen_narrow_an_internal_document__CLS_MARK(world, clerk):
    """The form's departments on an INTERNAL document make it theirs: the page's scope no
    longer says the whole organisation; on a PUBLIC one they are refused, by name."""
    tech = world.departments["tech"]
    form = {"number": "内1", "title": "内部通知", "level": int(Level.INTERNAL)}
    client = signed_in(clerk, language="en")
    response = client.post(reverse("document_register"), {**form, "departments": [tech.pk]})
    doc = Document.objects.get()
    assert response.status_code == 303 and not doc.scope_all
    html = client.get(reverse("document", args=[doc.pk])).content.decode()
    scope = re.search(r"<ul [^>]*data-scope>.*?</ul>", html, re.S).group(0)
    assert tech.name in scope and scope.count("list-group-item") == 1 + 1  # tech + the clerk
    public = {**form, "number": "公1", "level": int(Level.PUBLIC), "departments": [tech.pk]}
    response = client.post(reverse("document_register"), public, HTTP_HX_REQUEST="true")
    assert response.status_code == 400 and Document.objects.count() == 1
    assert "public document" in response.content.decode()


def test_the_register_form_offers_only_levels_within_the_clearance(world):
    clerk = world.account(Role.CLERK, clearance=Clearance.GENERAL)
    html = signed_in(clerk).get(reverse("document_register")).content.decode()
    select = re.search(r'<select name="level".*?</select>', html, re.S).group(0)
    assert re.findall(r'<option value="(\d)"', select) == ["0", "1", "2"]


def test_naming_an_uncleared_person_is_refused_with_the_clause__CLS_MAC(world, clerk):
    uncleared = world.person()
    response = signed_in(clerk).post(
        reverse("document_register"),
        {
            "number": "1",
            "title": "t",
            "level": int(Level.SECRET),
            "term_years": 5,
            "named_people": [uncleared.pk],
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 403 and 'data-rule="CLS-MAC"' in response.content.decode()
    assert not Document.objects.exists()


def test_home_lists_the_copies_i_hold(world, clerk):
    """Being named in the scope is not holding: a copy is on the home page of whoever has it
    in hand, the custodian until it is handed to the reader."""
    reader = world.account(Role.STAFF, clearance=Clearance.IMPORTANT)
    entry = incoming.register_incoming(
        actor=clerk,
        number="N-持有",
        title="持有文件",
        level=Level.SECRET,
        term_years=5,
        named_people_ids=[reader.person_id],
    )
    assert "持有文件" not in signed_in(reader).get("/").content.decode()
    assert "持有文件" in signed_in(clerk).get("/").content.decode()
    copy = entry.document.copies.get()
    circulation.circulate(actor=clerk, copy_id=copy.pk, reader_id=reader.person_id)
    assert "持有文件" in signed_in(reader).get("/").content.decode()
    assert "持有文件" not in signed_in(clerk).get("/").content.decode()
