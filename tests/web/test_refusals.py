"""RefusalMiddleware: a refused operation shows its message and the clause that refused (rule
id, title and text in the current language); NotFound is one 404 for missing and unknowable
items; AccessDenied is a 403."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import escape

from baomi.access.roles import Role
from baomi.carriers import operations
from baomi.carriers.models import Document
from baomi.core import rules
from baomi.core.levels import Clearance, Level
from tests.web.conftest import page_text, signed_in

TOO_LONG = {
    "number": "示发〔2026〕2号",
    "title": "超期文件",
    "level": int(Level.CONFIDENTIAL),
    "term_years": 11,
}


@pytest.fixture
def clerk(world):
    return world.account(Role.CLERK, clearance=Clearance.CORE, dept="office")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_refused_form_shows_the_clause_that_refused__CLS_TERM(clerk, language):
    """A term beyond the maximum is refused by CLS-TERM; the page the form came from shows the
    message, the rule id, and the rule's title and text in the page's language."""
    client = signed_in(clerk, language=language)
    form_url = reverse("document_register")
    response = client.post(
        form_url, TOO_LONG, HTTP_REFERER=f"http://testserver{form_url}", follow=True
    )
    assert response.redirect_chain == [(f"http://testserver{form_url}", 302)]
    html = response.content.decode()
    rule = rules.get("CLS-TERM")
    title, text = (
        (rule.title_zh, rule.text_zh) if language == "zh-hans" else (rule.title_en, rule.text_en)
    )
    assert 'data-rule="CLS-TERM"' in html and escape(title) in html and escape(text) in html
    assert not Document.objects.exists()


def test_a_refused_form_without_a_referer_lands_on_the_home_page__CLS_TERM(clerk):
    """Without a Referer the refusal is shown on the home page (never a POST-only URL)."""
    response = signed_in(clerk).post(reverse("document_register"), TOO_LONG, follow=True)
    assert response.redirect_chain == [(reverse("home"), 302)]
    assert 'data-rule="CLS-TERM"' in response.content.decode()


def test_an_htmx_refusal_is_swapped_into_the_page__CLS_TERM(clerk):
    """With htmx the form keeps its input: the refusal comes back as a fragment for
    #refusals, with the clause."""
    response = signed_in(clerk).post(reverse("document_register"), TOO_LONG, HTTP_HX_REQUEST="true")
    assert response.status_code == 403
    assert response["HX-Retarget"] == "#refusals" and response["HX-Reswap"] == "innerHTML"
    html = response.content.decode()
    assert 'data-rule="CLS-TERM"' in html and rules.get("CLS-TERM").title_zh in html
    assert "<html" not in html


def test_invalid_input_is_shown_without_a_clause(clerk):
    response = signed_in(clerk).post(
        reverse("document_register"), {"number": ""}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 400
    assert 'data-refusal="400"' in response.content.decode()
    assert "data-rule=" not in response.content.decode()


def test_missing_and_unknowable_documents_answer_the_same_404__CLS_MAC(world, clerk):
    """A document the reader may not know reads exactly like one that does not exist."""
    secret = operations.register_document(
        actor=clerk, number="1", title="机密标题", level=Level.SECRET, term_years=5
    )
    reader = signed_in(world.account(Role.STAFF, clearance=Clearance.GENERAL))
    hidden_url = reverse("document", args=[secret.pk])
    missing_url = reverse("document", args=[secret.pk + 1000])
    hidden, missing = reader.get(hidden_url), reader.get(missing_url)
    assert hidden.status_code == missing.status_code == 404
    assert page_text(hidden).replace(hidden_url, "URL") == page_text(missing).replace(
        missing_url, "URL"
    )
    assert "机密标题" not in hidden.content.decode()


def test_a_role_without_the_page_gets_the_403_page(world):
    auditor = signed_in(world.account(Role.AUDITOR))
    response = auditor.get(reverse("documents"))
    assert response.status_code == 403 and 'data-status="403"' in response.content.decode()


def test_an_htmx_request_for_a_forbidden_action_gets_a_403_fragment(world):
    staff = signed_in(world.account(Role.STAFF))
    response = staff.post(
        reverse("approval_decide", args=[1]), {"decision": "approve"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 403 and response["HX-Retarget"] == "#refusals"
