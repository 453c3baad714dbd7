"""The pages of the responsibility letters (RESP-ANNUAL, RESP-RESIGN) and of the assessments
(RESP-ASSESS): the office's year, the text's editor, a letter's page with its sign buttons and
its PDF, the home panel of letters to sign (in the 待办 badge), "my letters", the score form
and the merits."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from baomi.access.roles import Role
from baomi.core.levels import Clearance
from baomi.people.models import Assessment, LetterTemplate, Merit, ResponsibilityLetter
from baomi.people.operations.letters import prepare_letters, sign_letter
from baomi.people.queries.assessment import DEFAULT_SHEET
from tests.factories import World, audit_events
from tests.people.test_letters import Letters
from tests.web.conftest import signed_in
from tests.web.test_home_todo import badge

YEAR = timezone.localdate().year


@pytest.fixture
def setup(world, monkeypatch):
    # The home badge counted here is the letters': the self-check is taken as filed.
    monkeypatch.setattr("baomi.people.queries.self_checks.self_check_due", lambda actor: False)
    return Letters(world)


def test_the_office_prepares_the_year_on_its_page__RESP_ANNUAL(setup):
    office = signed_in(setup.officer)
    page = office.get(reverse("letters"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-state="missing"' in html and 'data-state="no_head"' in html
    response = office.post(reverse("letters_prepare"), {"year": YEAR})
    assert response.status_code == 303
    assert ResponsibilityLetter.objects.count() == 2
    html = office.get(reverse("letters"), {"year": YEAR}).content.decode()
    tech = setup.world.departments["tech"].pk
    assert f'data-department="{tech}" data-state="unsigned"' in html
    assert office.get(reverse("letters"), {"year": "20x6"}).status_code in (400, 422)
    assert office.get(reverse("letters"), {"year": YEAR + 9}).status_code in (400, 422)


def test_the_letters_pages_are_the_offices__RESP_ANNUAL(setup):
    staff = signed_in(setup.tech_head)
    for name in ("letters", "letter_templates", "assessments", "merits"):
        assert staff.get(reverse(name)).status_code == 403
    office = signed_in(setup.officer)
    for name in ("letter_templates", "assessments", "merits"):
        assert office.get(reverse(name)).status_code == 200


def test_the_text_is_edited_as_versions__RESP_ANNUAL(setup):
    office = signed_in(setup.officer)
    html = office.get(reverse("letter_templates")).content.decode()
    assert "双方签字后生效" in html  # the default text, to start from
    response = office.post(
        reverse("letter_templates"), {"kind": "department", "title": "责任书", "text": "正文"}
    )
    assert response.status_code == 303
    assert LetterTemplate.objects.get().version == 1
    html = office.get(reverse("letter_templates")).content.decode()
    assert "data-version=" in html


def test_a_signer_signs_from_the_home_page_and_the_badge_counts__RESP_ANNUAL(setup):
    prepare_letters(actor=setup.officer, year=YEAR)
    letter = ResponsibilityLetter.objects.get(department=setup.world.departments["tech"])
    head = signed_in(setup.tech_head)
    html = head.get(reverse("home")).content.decode()
    assert f'data-letter-to-sign="{letter.pk}"' in html
    before = badge(html, "home")  # the letter, and whatever else the home page asks
    assert before >= 1
    response = head.post(reverse("letter_sign", args=[letter.pk]), {"next": reverse("home")})
    assert response.status_code == 303 and response.url == reverse("home")
    html = head.get(reverse("home")).content.decode()
    assert 'id="letters-to-sign"' not in html and badge(html, "home") == before - 1
    letter.refresh_from_db()
    assert letter.second_signed_on == timezone.localdate()


def test_a_letters_page_prints_and_others_get_404__RESP_ANNUAL(setup):
    prepare_letters(actor=setup.officer, year=YEAR)
    letter = ResponsibilityLetter.objects.get(department=setup.world.departments["tech"])
    head = signed_in(setup.tech_head)
    html = head.get(reverse("letter", args=[letter.pk])).content.decode()
    assert 'data-action="letter-sign"' in html and 'data-in-effect="0"' in html
    pdf = head.get(reverse("letter_print", args=[letter.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert signed_in(setup.lab_head).get(reverse("letter", args=[letter.pk])).status_code == 404
    stranger = World.build().account(Role.SECURITY_OFFICER, dept="office", clearance=Clearance.CORE)
    assert signed_in(stranger).get(reverse("letter", args=[letter.pk])).status_code == 404
    assert signed_in(stranger).get(reverse("letter_print", args=[letter.pk])).status_code == 404


def test_the_office_records_a_paper_signature_on_the_page__RESP_ANNUAL(setup):
    prepare_letters(actor=setup.officer, year=YEAR)
    letter = ResponsibilityLetter.objects.get(department=setup.world.departments["tech"])
    office = signed_in(setup.officer)
    html = office.get(reverse("letter", args=[letter.pk])).content.decode()
    assert 'data-form="letter-paper-sign"' in html and 'data-action="letter-sign"' not in html
    today = timezone.localdate().isoformat()
    for part in ("first", "second"):
        response = office.post(
            reverse("letter_paper_sign", args=[letter.pk]), {"part": part, "signed_on": today}
        )
        assert response.status_code == 303
    html = office.get(reverse("letter", args=[letter.pk])).content.decode()
    assert 'data-in-effect="1"' in html
    # A signer cannot use the office's form.
    response = signed_in(setup.tech_head).post(
        reverse("letter_paper_sign", args=[letter.pk]), {"part": "first", "signed_on": today}
    )
    assert response.status_code == 403


def test_the_register_is_exported_from_the_page_and_listed__RESP_ANNUAL(setup):
    prepare_letters(actor=setup.officer, year=YEAR)
    office = signed_in(setup.officer)
    xlsx = office.get(reverse("letters"), {"year": YEAR, "format": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert audit_events("people.letters_exported")
    index = office.get(reverse("registers")).content.decode()
    assert reverse("letters") in index


def test_my_letters_panel_lists_my_letters__RESP_ANNUAL(setup):
    from baomi.people.web.letters import my_letters

    prepare_letters(actor=setup.officer, year=YEAR)
    sign_letter(
        actor=setup.tech_head,
        letter_id=ResponsibilityLetter.objects.get(department=setup.world.departments["tech"]).pk,
    )
    context = my_letters(setup.tech_head)
    assert context is not None and [x.pk for x, _ in context["letters"]] == [
        ResponsibilityLetter.objects.get(department=setup.world.departments["tech"]).pk
    ]
    assert my_letters(setup.world.account(Role.STAFF)) is None


def test_a_department_is_assessed_on_the_page__RESP_ASSESS(setup):
    office = signed_in(setup.officer)
    html = office.get(reverse("assessments")).content.decode()
    assert all(f'name="score-{item.key}"' in html for item in DEFAULT_SHEET)
    form = {
        "department": setup.world.departments["tech"].pk,
        "period": "month",
        "starts": timezone.localdate().isoformat(),
        "note": "",
        **{f"score-{item.key}": item.points for item in DEFAULT_SHEET},
    }
    assert office.post(reverse("assessments"), form).status_code == 303
    assert Assessment.objects.get().total == 100
    # Over an item's points: refused, nothing recorded.
    office.post(reverse("assessments"), {**form, "period": "year", "score-carriers": 99})
    assert Assessment.objects.count() == 1
    sheet = office.post(reverse("assessment_sheet"), {"lines": "a | 制度落实 | 60\nb | 载体 | 40"})
    assert sheet.status_code == 303
    html = office.get(reverse("assessments")).content.decode()
    assert 'name="score-a"' in html and 'name="score-carriers"' not in html


def test_merits_are_recorded_on_the_page__RESP_ASSESS(setup):
    office = signed_in(setup.officer)
    form = {
        "kind": "commendation",
        "person": setup.tech_head.person_id,
        "department": "",
        "given_on": timezone.localdate().isoformat(),
        "reason": "全年无泄密",
    }
    assert office.post(reverse("merits"), form).status_code == 303
    merit = Merit.objects.get()
    assert merit.person_id == setup.tech_head.person_id
    html = office.get(reverse("merits")).content.decode()
    assert f'data-merit="{merit.pk}"' in html
