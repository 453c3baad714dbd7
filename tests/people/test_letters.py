"""The responsibility letters (RESP-ANNUAL, RESP-RESIGN): the text as versions the security
office saves, the year's letters prepared per department, each signer signing their own part
(or the office recording a paper signature, never its own), in effect once both have signed,
due again when a signer changes; their deadlines."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from baomi.access.roles import Role
from baomi.core.errors import AccessDenied, InvalidInput, NotFound, RuleViolation
from baomi.core.levels import Clearance
from baomi.org import operations as org
from baomi.people.deadlines.letters import annual_due, resign_due
from baomi.people.models import LetterKind, LetterTemplate, ResponsibilityLetter
from baomi.people.operations.letters import (
    prepare_letters,
    record_paper_signature,
    save_template,
    sign_letter,
)
from baomi.people.queries import letters as queries
from baomi.rulebook import book
from baomi.rulebook.operations import set_rule
from baomi.seams.deadlines import State, deadlines
from tests.factories import World, audit_events


class Letters:
    """The world with a head of the organisation (a leader) and heads of ``tech`` and ``lab``;
    ``root`` and ``office`` have no head; the security officer works in ``office``."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.officer = world.account(Role.SECURITY_OFFICER, dept="office", clearance=Clearance.CORE)
        self.boss = world.account(Role.LEADER, dept="root", clearance=Clearance.CORE)
        self.tech_head = world.account(Role.LEADER, dept="tech", clearance=Clearance.IMPORTANT)
        self.lab_head = world.account(Role.STAFF, dept="lab", clearance=Clearance.GENERAL)
        org.set_organisation_head(
            actor=None, organisation_id=world.organisation.pk, person_id=self.boss.person_id
        )
        for key, head in (("tech", self.tech_head), ("lab", self.lab_head)):
            self.lead(key, head.person_id)

    def lead(self, key: str, person_id: int | None) -> None:
        org.set_department_leaders(
            actor=None,
            department_id=self.world.departments[key].pk,
            head_id=person_id,
            leader_in_charge_id=None,
        )

    def letter(self, key: str) -> ResponsibilityLetter:
        return queries.letter(
            self.officer,
            ResponsibilityLetter.objects.filter(department=self.world.departments[key])
            .latest("pk")
            .pk,
        )


@pytest.fixture
def setup(world):
    return Letters(world)


YEAR = timezone.localdate().year


def test_the_office_saves_the_text_as_versions__RESP_ANNUAL(setup):
    first = save_template(actor=setup.officer, kind="department", title=" 责任书 ", text="正文一")
    second = save_template(actor=setup.officer, kind="department", title="责任书", text="正文二")
    assert (first.version, second.version, first.title) == (1, 2, "责任书")
    assert queries.text_in_force(setup.officer, "department") == ("责任书", "正文二", 2)
    [event, _] = audit_events("people.letter_template_saved")
    assert event["data"]["rule"] == "RESP-ANNUAL"


def test_without_a_text_of_its_own_the_default_text_is_used__RESP_ANNUAL(setup):
    title, text, version = queries.text_in_force(setup.officer, "department")
    assert version is None and "责任书" in title and "双方签字后生效" in text
    prepare_letters(actor=setup.officer, year=YEAR)
    saved = LetterTemplate.objects.get(kind="department")
    assert (saved.version, saved.text) == (1, text)


@pytest.mark.parametrize(
    "field,values",
    [
        ("kind", {"kind": "company"}),
        ("title", {"title": "  "}),
        ("title", {"title": "x" * 201}),
        ("title", {"title": "a\nb"}),
        ("text", {"text": "x" * 20001}),
        ("text", {"text": "a\x00b"}),
    ],
)
def test_a_bad_text_is_refused_naming_the_field__RESP_ANNUAL(setup, field, values):
    with pytest.raises(InvalidInput) as refused:
        save_template(
            actor=setup.officer, **{"kind": "department", "title": "t", "text": "x", **values}
        )
    assert refused.value.field == field
    assert not LetterTemplate.objects.exists()


def test_only_the_office_saves_the_text_or_prepares__RESP_ANNUAL(setup):
    with pytest.raises(AccessDenied):
        save_template(actor=setup.boss, kind="department", title="t", text="x")
    with pytest.raises(AccessDenied):
        prepare_letters(actor=setup.tech_head, year=YEAR)


def test_the_years_letters_are_prepared_per_department_skipping_those_without_head__RESP_ANNUAL(
    setup,
):
    done = prepare_letters(actor=setup.officer, year=YEAR)
    depts = setup.world.departments
    assert {x.department_id for x in done.created} == {depts["tech"].pk, depts["lab"].pk}
    assert {name for name, _why in done.skipped} == {depts["root"].name, depts["office"].name}
    tech = setup.letter("tech")
    assert (tech.first_id, tech.second_id, tech.kind) == (
        setup.boss.person_id,
        setup.tech_head.person_id,
        LetterKind.DEPARTMENT,
    )
    # Preparing again adds nothing: the pairs have their letters.
    assert prepare_letters(actor=setup.officer, year=YEAR).created == []
    assert ResponsibilityLetter.objects.count() == 2


def test_a_department_headed_by_the_head_of_the_organisation_is_skipped__RESP_ANNUAL(setup):
    setup.lead("root", setup.boss.person_id)
    done = prepare_letters(actor=setup.officer, year=YEAR)
    assert setup.world.departments["root"].name in {name for name, _w in done.skipped}
    assert not ResponsibilityLetter.objects.filter(
        first_id=setup.boss.person_id, second_id=setup.boss.person_id
    )


def test_without_a_head_of_the_organisation_nothing_is_prepared__RESP_ANNUAL(world):
    officer = world.account(Role.SECURITY_OFFICER, dept="office", clearance=Clearance.CORE)
    with pytest.raises(RuleViolation) as refused:
        prepare_letters(actor=officer, year=YEAR)
    assert refused.value.rule_id == "RESP-ANNUAL"


@pytest.mark.parametrize("year", [YEAR - 2, YEAR + 2, "2026", True])
def test_a_year_out_of_range_is_refused__RESP_ANNUAL(setup, year):
    with pytest.raises(InvalidInput) as refused:
        prepare_letters(actor=setup.officer, year=year)
    assert refused.value.field == "year"


def test_with_cleared_people_each_cleared_person_gets_a_letter_with_their_head__RESP_ANNUAL(
    setup,
):
    set_rule(actor=setup.officer, rule_id="RESP-ANNUAL", params={"with_cleared_people": 1})
    engineer = setup.world.person(dept="tech", clearance=Clearance.GENERAL)
    uncleared = setup.world.person(dept="tech")
    done = prepare_letters(actor=setup.officer, year=YEAR)
    personal = [x for x in done.created if x.kind == LetterKind.PERSON]
    seconds = {x.second_id for x in personal}
    assert engineer.pk in seconds and uncleared.pk not in seconds
    assert setup.tech_head.person_id not in {
        x.second_id for x in personal if x.department.pk == setup.world.departments["tech"].pk
    }
    mine = next(x for x in personal if x.second_id == engineer.pk)
    assert mine.first_id == setup.tech_head.person_id
    # The security officer's department has no head: named among the skipped.
    assert setup.officer.person.name in {name for name, _w in done.skipped}


def test_the_letter_takes_effect_only_when_both_have_signed__RESP_ANNUAL(setup):
    prepare_letters(actor=setup.officer, year=YEAR)
    tech = setup.letter("tech")
    assert not queries.in_effect(tech)
    sign_letter(actor=setup.tech_head, letter_id=tech.pk)
    tech = setup.letter("tech")
    assert tech.second_signed_on == timezone.localdate() and not queries.in_effect(tech)
    sign_letter(actor=setup.boss, letter_id=tech.pk)
    assert queries.in_effect(setup.letter("tech"))
    events = audit_events("people.letter_signed")
    assert [e["data"]["in_effect"] for e in events] == [False, True]
    assert {e["data"]["part"] for e in events} == {"first", "second"}


def test_nobody_signs_for_another__RESP_ANNUAL(setup):
    prepare_letters(actor=setup.officer, year=YEAR)
    tech = setup.letter("tech")
    # The head of the lab cannot see the tech department's letter at all.
    with pytest.raises(NotFound):
        sign_letter(actor=setup.lab_head, letter_id=tech.pk)
    # The office sees it, but signs nobody's part on its login.
    with pytest.raises(RuleViolation) as refused:
        sign_letter(actor=setup.officer, letter_id=tech.pk)
    assert refused.value.rule_id == "RESP-ANNUAL"
    assert setup.letter("tech").first_signed_on is None


def test_a_part_is_signed_once__RESP_ANNUAL(setup):
    prepare_letters(actor=setup.officer, year=YEAR)
    tech = setup.letter("tech")
    sign_letter(actor=setup.tech_head, letter_id=tech.pk)
    with pytest.raises(RuleViolation) as refused:
        sign_letter(actor=setup.tech_head, letter_id=tech.pk)
    assert refused.value.conflict


def test_the_office_records_a_paper_signature_with_its_date__RESP_ANNUAL(setup):
    prepare_letters(actor=setup.officer, year=YEAR)
    tech = setup.letter("tech")
    day = (
        datetime.date(YEAR, 1, 2)
        if timezone.localdate() >= datetime.date(YEAR, 1, 2)
        else timezone.localdate()
    )
    record_paper_signature(actor=setup.officer, letter_id=tech.pk, part="first", signed_on=day)
    assert setup.letter("tech").first_signed_on == day
    [event] = audit_events("people.letter_signed")
    assert event["data"]["paper"] is True
    with pytest.raises(InvalidInput) as refused:
        record_paper_signature(
            actor=setup.officer,
            letter_id=tech.pk,
            part="second",
            signed_on=timezone.localdate() + datetime.timedelta(days=1),
        )
    assert refused.value.field == "signed_on"
    with pytest.raises(InvalidInput) as refused:
        record_paper_signature(actor=setup.officer, letter_id=tech.pk, part="third", signed_on=day)
    assert refused.value.field == "part"
    with pytest.raises(AccessDenied):
        record_paper_signature(actor=setup.boss, letter_id=tech.pk, part="second", signed_on=day)


def test_the_office_records_no_paper_signature_of_its_own__RESP_ANNUAL(setup):
    # The security officer heads the office department: their own part is signed on their login.
    setup.lead("office", setup.officer.person_id)
    prepare_letters(actor=setup.officer, year=YEAR)
    letter = setup.letter("office")
    with pytest.raises(RuleViolation) as refused:
        record_paper_signature(
            actor=setup.officer, letter_id=letter.pk, part="second", signed_on=timezone.localdate()
        )
    assert refused.value.rule_id == "ROLE-SEPARATION"
    sign_letter(actor=setup.officer, letter_id=letter.pk)
    assert setup.letter("office").second_signed_on == timezone.localdate()


def test_another_organisations_letter_is_not_found__RESP_ANNUAL(setup):
    prepare_letters(actor=setup.officer, year=YEAR)
    stranger = World.build().account(Role.SECURITY_OFFICER, dept="office", clearance=Clearance.CORE)
    tech = setup.letter("tech")
    with pytest.raises(NotFound):
        queries.letter(stranger, tech.pk)
    with pytest.raises(NotFound):
        record_paper_signature(
            actor=stranger, letter_id=tech.pk, part="first", signed_on=timezone.localdate()
        )


def sign_both(setup, key):
    letter = setup.letter(key)
    head = {"tech": setup.tech_head, "lab": setup.lab_head, "office": setup.officer}[key]
    sign_letter(actor=head, letter_id=letter.pk)
    sign_letter(actor=setup.boss, letter_id=letter.pk)


def test_a_head_change_makes_the_letter_due_again__RESP_RESIGN(setup):
    prepare_letters(actor=setup.officer, year=YEAR)
    sign_both(setup, "tech")
    old = setup.letter("tech")
    newcomer = setup.world.account(Role.LEADER, dept="tech", clearance=Clearance.IMPORTANT)
    setup.lead("tech", newcomer.person_id)
    # The old letter no longer counts, and can no longer be signed.
    old = queries.letter(setup.officer, old.pk)
    assert not queries.in_effect(old)
    # Preparing again creates the new pair's letter; the old one stays as history.
    done = prepare_letters(actor=setup.officer, year=YEAR)
    [new] = done.created
    assert (new.first_id, new.second_id) == (setup.boss.person_id, newcomer.person_id)
    assert ResponsibilityLetter.objects.filter(pk=old.pk).exists()
    [line] = [x for x in queries.sheet(setup.officer, YEAR) if x.department.pk == old.department_id]
    assert line.state == queries.UNSIGNED and line.history == [old]


def test_a_letter_whose_signer_changed_cannot_be_signed__RESP_RESIGN(setup):
    prepare_letters(actor=setup.officer, year=YEAR)
    tech = setup.letter("tech")
    successor = setup.world.account(Role.LEADER, dept="root", clearance=Clearance.CORE)
    org.set_organisation_head(
        actor=None, organisation_id=setup.world.organisation.pk, person_id=successor.person_id
    )
    with pytest.raises(RuleViolation) as refused:
        sign_letter(actor=setup.tech_head, letter_id=tech.pk)
    assert refused.value.rule_id == "RESP-RESIGN"
    assert queries.awaiting_count(setup.tech_head) == 0


def at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=timezone.get_default_timezone())


def rows(rule, setup, moment=None):
    moment = moment or at(timezone.localdate())
    return {
        d.subject_id: d for d in deadlines(setup.world.organisation.pk, moment) if d.rule_id == rule
    }


def test_missing_or_unsigned_letters_are_flagged_and_done_when_in_effect__RESP_ANNUAL(
    setup, django_assert_max_num_queries
):
    depts = setup.world.departments
    # The rulebook is read once per process (core.refdata), as a serving process has it.
    book.rulebook(setup.world.organisation.pk)
    with django_assert_max_num_queries(4):
        annual_due(setup.world.organisation.pk, at(timezone.localdate()))
    found = rows("RESP-ANNUAL", setup)
    # Every department with both signers in place (root and office have no head).
    assert set(found) == {depts["tech"].pk, depts["lab"].pk}
    assert not any(d.done for d in found.values())
    assert found[depts["tech"].pk].person_id == setup.tech_head.person_id
    assert found[depts["tech"].pk].due_at.date() == datetime.date(YEAR, 4, 1)
    prepare_letters(actor=setup.officer, year=YEAR)
    sign_letter(actor=setup.tech_head, letter_id=setup.letter("tech").pk)
    assert not rows("RESP-ANNUAL", setup)[depts["tech"].pk].done  # one signature only
    sign_letter(actor=setup.boss, letter_id=setup.letter("tech").pk)
    tech = rows("RESP-ANNUAL", setup)[depts["tech"].pk]
    assert tech.done and tech.state(at(timezone.localdate())) is State.DONE
    # Past the due date, the unsigned letter is overdue.
    lab = rows("RESP-ANNUAL", setup)[depts["lab"].pk]
    assert lab.state(at(datetime.date(YEAR, 4, 2))) is State.OVERDUE


def test_the_due_month_is_a_rule_parameter__RESP_ANNUAL(setup):
    set_rule(actor=setup.officer, rule_id="RESP-ANNUAL", params={"due_month": 1})
    found = rows("RESP-ANNUAL", setup)
    assert {d.due_at.date() for d in found.values()} == {datetime.date(YEAR, 2, 1)}


def test_a_head_change_is_due_within_the_days_of_the_rule__RESP_RESIGN(
    setup, django_assert_max_num_queries
):
    prepare_letters(actor=setup.officer, year=YEAR)
    sign_both(setup, "tech")
    sign_both(setup, "lab")
    assert not rows("RESP-RESIGN", setup)
    newcomer = setup.world.account(Role.LEADER, dept="tech", clearance=Clearance.IMPORTANT)
    setup.lead("tech", newcomer.person_id)
    tech_id = setup.world.departments["tech"].pk
    with django_assert_max_num_queries(5):
        resign_due(setup.world.organisation.pk, at(timezone.localdate()))
    [due] = rows("RESP-RESIGN", setup).values()
    assert (due.subject_id, due.person_id, due.done) == (tech_id, newcomer.person_id, False)
    assert due.due_at.date() == timezone.localdate() + datetime.timedelta(days=31)
    # Flagged once: RESP-ANNUAL leaves the department out while the re-signing is due.
    assert tech_id not in rows("RESP-ANNUAL", setup)
    prepare_letters(actor=setup.officer, year=YEAR)
    new = setup.letter("tech")
    sign_letter(actor=newcomer, letter_id=new.pk)
    sign_letter(actor=setup.boss, letter_id=new.pk)
    assert rows("RESP-RESIGN", setup)[tech_id].done
    assert rows("RESP-ANNUAL", setup)[tech_id].done


def test_the_letters_awaiting_a_signer_are_counted__RESP_ANNUAL(setup):
    prepare_letters(actor=setup.officer, year=YEAR)
    assert queries.awaiting_count(setup.boss) == 2
    assert queries.awaiting_count(setup.tech_head) == 1
    assert queries.awaiting_count(setup.officer) == 0
    sign_letter(actor=setup.tech_head, letter_id=setup.letter("tech").pk)
    assert queries.awaiting_count(setup.tech_head) == 0
    assert [x.pk for x in queries.mine(setup.tech_head)] == [setup.letter("tech").pk]
    # A signer knows their own letters only.
    assert {x.pk for x in queries.letters(setup.lab_head)} == {setup.letter("lab").pk}


def test_the_letter_prints_as_a_pdf__RESP_ANNUAL(setup):
    prepare_letters(actor=setup.officer, year=YEAR)
    sign_letter(actor=setup.tech_head, letter_id=setup.letter("tech").pk)
    printed = queries.print_letter(setup.tech_head, setup.letter("tech").pk)
    assert printed.content.startswith(b"%PDF")
    assert printed.filename.endswith(".pdf")
    [event] = audit_events("people.letter_printed")
    assert event["data"]["rule"] == "RESP-ANNUAL"
    with pytest.raises(NotFound):
        queries.print_letter(setup.lab_head, setup.letter("tech").pk)


def test_the_register_exports_as_xlsx_and_pdf__RESP_ANNUAL(setup):
    prepare_letters(actor=setup.officer, year=YEAR)
    sign_both(setup, "tech")
    table = queries.register_table(setup.officer, YEAR)
    assert len(table.rows) == 2
    tech = next(r for r in table.rows if r[1] == setup.world.departments["tech"].name)
    assert tech[2] == setup.boss.person.name and tech[3] == f"{timezone.localdate():%Y-%m-%d}"
    xlsx = queries.export(setup.officer, YEAR, "xlsx")
    assert xlsx.content[:2] == b"PK" and xlsx.filename.endswith(".xlsx")
    pdf = queries.export(setup.officer, YEAR, "pdf")
    assert pdf.content.startswith(b"%PDF")
    assert len(audit_events("people.letters_exported")) == 2
    with pytest.raises(InvalidInput):
        queries.export(setup.officer, YEAR, "csv")
    with pytest.raises(AccessDenied):
        queries.export(setup.boss, YEAR, "xlsx")


def test_each_cleared_person_owes_a_letter_when_the_organisation_keeps_them__RESP_ANNUAL(setup):
    set_rule(actor=setup.officer, rule_id="RESP-ANNUAL", params={"with_cleared_people": 1})
    engineer = setup.world.account(Role.STAFF, dept="tech", clearance=Clearance.GENERAL)
    people = {
        d.subject_id: d
        for d in deadlines(setup.world.organisation.pk, at(timezone.localdate()))
        if d.rule_id == "RESP-ANNUAL" and d.subject_type == "org.person"
    }
    # The cleared people of a department with a head, never the head themselves.
    assert engineer.person_id in people and setup.tech_head.person_id not in people
    assert setup.officer.person_id not in people  # the office has no head
    assert people[engineer.person_id].person_id == engineer.person_id
    prepare_letters(actor=setup.officer, year=YEAR)
    mine = ResponsibilityLetter.objects.get(second_id=engineer.person_id)
    sign_letter(actor=engineer, letter_id=mine.pk)
    sign_letter(actor=setup.tech_head, letter_id=mine.pk)
    done = [
        d
        for d in deadlines(setup.world.organisation.pk, at(timezone.localdate()))
        if d.rule_id == "RESP-ANNUAL" and d.subject_id == engineer.person_id
    ]
    assert [d.done for d in done] == [True]


def test_nothing_is_owed_while_the_organisation_has_no_head__RESP_ANNUAL(world):
    world.person(dept="tech")
    assert not [d for d in deadlines(world.organisation.pk, timezone.now()) if "RESP" in d.rule_id]
