"""Registering documents: levels, marking, terms, default scope by rank (CLS-LEVELS, CLS-MARK,
CLS-TERM, CLS-SCOPE-RANK, CLS-MAC)."""

from __future__ import annotations

import pytest

from baomi.access.mac import can_know, visible_to
from baomi.access.roles import Role
from baomi.carriers import operations
from baomi.carriers.models import Document
from baomi.core import rules
from baomi.core.errors import AccessDenied, InvalidInput, NotFound, RuleViolation
from baomi.core.levels import Clearance, Level
from baomi.rulebook import book
from baomi.rulebook.models import RuleOverride
from baomi.rulebook.operations import set_rule
from tests.factories import RANKS, World, audit_events

C, L = Clearance, Level


@pytest.fixture
def clerk(world):
    """A confidential clerk of the lowest rank, cleared for everything."""
    return world.account(Role.CLERK, clearance=C.CORE, rank="staff", dept="office")


def register(actor, level=L.SECRET, term_years=5, **kw):
    kw.setdefault("number", "示发〔2026〕1号")
    kw.setdefault("title", "年度经营计划")
    return operations.register_document(actor=actor, level=level, term_years=term_years, **kw)


def refused(rule_id: str, call, *args, **kw) -> RuleViolation:
    with pytest.raises(RuleViolation) as exc:
        call(*args, **kw)
    assert exc.value.rule_id == rule_id, exc.value
    return exc.value


def test_levels_are_ordered_and_bound_clearances__CLS_LEVELS():
    """PUBLIC < INTERNAL < CONFIDENTIAL < SECRET < TOP_SECRET; INTERNAL and above are
    controlled, CONFIDENTIAL and above classified; each clearance class bounds one level."""
    assert sorted(Level, key=int) == [L.PUBLIC, L.INTERNAL, L.CONFIDENTIAL, L.SECRET, L.TOP_SECRET]
    assert [lvl.is_controlled for lvl in Level] == [False, True, True, True, True]
    assert [lvl.is_classified for lvl in Level] == [False, False, True, True, True]
    bounds = {c: max(lvl for lvl in Level if Clearance(c).dominates(lvl)) for c in Clearance}
    assert bounds == {
        C.NONE: L.INTERNAL,
        C.GENERAL: L.CONFIDENTIAL,
        C.IMPORTANT: L.SECRET,
        C.CORE: L.TOP_SECRET,
    }


@pytest.mark.parametrize("level", [None, "", "garbage", 7, -1, "绝密", 2.5, True])
def test_registering_without_a_valid_level_is_refused__CLS_MARK(clerk, level):
    """An item without a level (or with one that is not a level) is not registered, and the
    refusal is audited with the rule."""
    refused("CLS-MARK", register, clerk, level=level)
    assert not Document.objects.exists()
    assert audit_events("operation.refused")[-1]["data"]["rule"] == "CLS-MARK"


@pytest.mark.parametrize("level", [L.CONFIDENTIAL, L.SECRET, L.TOP_SECRET])
@pytest.mark.parametrize("term", [None, 0])
def test_a_classified_item_without_a_term_is_refused__CLS_MARK(clerk, level, term):
    """A classified item carries its protection term from registration."""
    refused("CLS-MARK", register, clerk, level=level, term_years=term)
    assert not Document.objects.exists()


@pytest.mark.parametrize("level", [L.CONFIDENTIAL, L.SECRET, L.TOP_SECRET])
def test_the_shortest_term_is_one_year__CLS_MARK(clerk, level):
    """The boundary of a protection term: no term (0) is refused (above), one year is a term."""
    assert register(clerk, level=level, term_years=1).term_years == 1


@pytest.mark.parametrize("level", [L.PUBLIC, L.INTERNAL])
def test_unclassified_items_carry_no_term__CLS_MARK(clerk, level):
    assert register(clerk, level=level, term_years=None).term_years is None


@pytest.mark.parametrize(
    ("level", "limit"), [(L.TOP_SECRET, 30), (L.SECRET, 20), (L.CONFIDENTIAL, 10)]
)
def test_term_above_the_maximum_is_refused__CLS_TERM(clerk, level, limit):
    """TOP_SECRET ≤ 30 years, SECRET ≤ 20, CONFIDENTIAL ≤ 10: the limit itself is accepted."""
    refused("CLS-TERM", register, clerk, level=level, term_years=limit + 1)
    assert register(clerk, level=level, term_years=limit).term_years == limit


def _one_per_rank(world: World) -> dict[str, object]:
    return {key: world.person(rank=key, clearance=C.CORE) for key, _n, _s in RANKS}


DEFAULT_KNOWERS = {
    L.TOP_SECRET: {"board", "general_manager", "supervisor"},
    L.SECRET: {"board", "general_manager", "supervisor", "director"},
    L.CONFIDENTIAL: {"board", "general_manager", "supervisor", "director", "manager"},
    L.INTERNAL: {key for key, _n, _s in RANKS},
    L.PUBLIC: {key for key, _n, _s in RANKS},
}


@pytest.mark.parametrize("level", list(DEFAULT_KNOWERS))
def test_default_scope_follows_rank__CLS_SCOPE_RANK(world, clerk, level):
    """TOP_SECRET: supervisor and above (board, general manager, supervisory board); SECRET:
    director and above; CONFIDENTIAL: manager and above; INTERNAL and PUBLIC: everyone in the
    organisation. The registering person is named; other organisations know nothing."""
    people = _one_per_rank(world)
    uncleared = world.person(rank="staff")
    foreign = World.build().person(rank="board", clearance=C.CORE)
    doc = register(clerk, level=level, term_years=5 if level.is_classified else None)
    knowers = {key for key, person in people.items() if can_know(person, doc)}
    assert knowers == DEFAULT_KNOWERS[level]
    assert can_know(clerk.person, doc)
    assert can_know(uncleared, doc) == (level <= L.INTERNAL)
    assert not can_know(foreign, doc)
    assert list(doc.scope_people.all()) == [clerk.person]
    assert doc.scope_all == (not level.is_classified)


def test_the_rulebook_raises_the_rank_floor__CLS_SCOPE_RANK(world, clerk):
    """An organisation that sets SECRET's floor to supervisor keeps directors out of new SECRET
    items; items registered before keep their scope."""
    officer = world.account(Role.SECURITY_OFFICER, clearance=C.CORE, rank="manager", dept="office")
    people = _one_per_rank(world)
    before = register(clerk, level=L.SECRET)
    set_rule(actor=officer, rule_id="CLS-SCOPE-RANK", params={"floor_secret": "supervisor"})
    after = register(clerk, level=L.SECRET, number="2")
    assert after.scope_rank_floor.key == "supervisor"
    assert can_know(people["supervisor"], after)
    assert not can_know(people["director"], after)
    assert can_know(people["director"], before)


@pytest.mark.parametrize(
    ("name", "lower"), [("floor_secret", "manager"), ("floor_top_secret", "director")]
)
def test_the_rank_floor_never_goes_below_the_regulations__CLS_SCOPE_RANK(world, name, lower):
    """SECRET is known from director up, TOP_SECRET from supervisor up (P10 §15–17): a
    lower rank would widen the scope and is refused; a rank the organisation does not have
    is no rank at all."""
    officer = world.account(Role.SECURITY_OFFICER, clearance=C.CORE, rank="manager", dept="office")
    with pytest.raises(RuleViolation) as lowered:
        set_rule(actor=officer, rule_id="CLS-SCOPE-RANK", params={name: lower})
    assert lowered.value.rule_id == "CLS-SCOPE-RANK"
    with pytest.raises(InvalidInput) as exc:
        set_rule(actor=officer, rule_id="CLS-SCOPE-RANK", params={name: "nobody"})
    assert exc.value.field == name
    assert book.param(world.organisation.pk, "CLS-SCOPE-RANK", name) == (
        rules.get("CLS-SCOPE-RANK").param(name).default
    )


def test_a_floor_naming_no_rank_refuses_registration__CLS_SCOPE_RANK(world, clerk):
    """A floor stored before the rulebook checked rank names, naming no rank of the
    organisation, refuses the registration rather than guess a scope."""
    RuleOverride.objects.create(
        organisation_id=world.organisation.pk,
        rule_id="CLS-SCOPE-RANK",
        params={"floor_confidential": "nobody"},
    )
    refused("CLS-SCOPE-RANK", register, clerk, level=L.CONFIDENTIAL)
    assert register(clerk, level=L.SECRET).scope_rank_floor.key == "director"


def test_named_people_join_the_scope_whatever_their_rank__CLS_SCOPE_RANK(world, clerk):
    """People named as directly related know the item, and so do the named departments
    (with the departments below them)."""
    named = world.person(rank="staff", clearance=C.IMPORTANT)
    in_lab = world.person(dept="lab", rank="staff", clearance=C.IMPORTANT)
    in_office = world.person(dept="office", rank="staff", clearance=C.IMPORTANT)
    doc = register(
        clerk,
        level=L.SECRET,
        named_people_ids=[named.pk],
        department_ids=[world.departments["tech"].pk],
    )
    assert can_know(named, doc)
    assert can_know(in_lab, doc)
    assert not can_know(in_office, doc)
    event = audit_events("carriers.document_registered")[-1]
    assert event["data"] == {
        "level": L.SECRET,
        "term_years": 5,
        "named": [named.pk],
        "departments": [world.departments["tech"].pk],
    }


@pytest.mark.parametrize("field", ["named_people_ids", "issued_by_id"])
def test_named_people_must_be_cleared__CLS_MAC(world, clerk, field):
    """Nobody is named in the scope of an item above their clearance (nor as its issuer)."""
    low = world.person(rank="board", clearance=C.GENERAL)
    value = [low.pk] if field == "named_people_ids" else low.pk
    refused("CLS-MAC", register, clerk, level=L.SECRET, **{field: value})
    assert not Document.objects.exists()


def test_people_who_left_cannot_be_named__CLS_MAC(world, clerk):
    gone = world.person(rank="board", clearance=C.CORE)
    gone.employment = "left"
    gone.save(update_fields=["employment"])
    refused("CLS-MAC", register, clerk, level=L.SECRET, named_people_ids=[gone.pk])


def test_people_and_departments_of_another_organisation_are_not_found(world, clerk):
    other = World.build()
    stranger = other.person(clearance=C.CORE)
    with pytest.raises(NotFound):
        register(clerk, named_people_ids=[stranger.pk])
    with pytest.raises(NotFound):
        register(clerk, department_ids=[other.departments["tech"].pk])
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    ("clearance", "level"),
    [(C.NONE, L.CONFIDENTIAL), (C.GENERAL, L.SECRET), (C.IMPORTANT, L.TOP_SECRET)],
)
def test_a_registrar_not_cleared_for_the_level_is_refused__CLS_MAC(world, clearance, level):
    clerk = world.account(Role.CLERK, clearance=clearance, dept="office")
    refused("CLS-MAC", register, clerk, level=level)
    assert not Document.objects.exists()


def test_a_registrar_who_left_registers_nothing__CLS_MAC(world, clerk):
    """The account of a person who left knows nothing, so it registers nothing either."""
    clerk.person.employment = "left"
    clerk.person.save(update_fields=["employment"])
    with pytest.raises(AccessDenied):
        register(clerk)
    assert not Document.objects.exists()


def test_departments_narrow_an_internal_document_to_them__CLS_MARK(world, clerk):
    """An INTERNAL document is the whole organisation's by default; when its scope names
    departments it is theirs (with the departments below them) and the people named only,
    and the scope says so: no longer the whole organisation."""
    in_lab = world.person(dept="lab")
    in_office = world.person(dept="office", rank="board")
    named = world.person(dept="root")
    everyone = register(clerk, level=L.INTERNAL, term_years=None)
    assert everyone.scope_all and can_know(in_office, everyone) and can_know(in_lab, everyone)
    narrowed = register(
        clerk,
        level=L.INTERNAL,
        term_years=None,
        number="内部2号",
        named_people_ids=[named.pk],
        department_ids=[world.departments["tech"].pk],
    )
    assert not narrowed.scope_all
    assert [can_know(p, narrowed) for p in (in_lab, named, clerk.person)] == [True] * 3
    assert not can_know(in_office, narrowed)
    visible = Document.objects.filter(pk=narrowed.pk)
    assert not visible_to(world.account(person=in_office), visible).exists()
    assert visible_to(world.account(person=in_lab), visible).exists()


def test_a_public_document_with_departments_is_refused_naming_the_field__CLS_MARK(world, clerk):
    """A public document is everyone's: departments in its scope contradict it."""
    with pytest.raises(InvalidInput) as refused_input:
        register(
            clerk, level=L.PUBLIC, term_years=None, department_ids=[world.departments["tech"].pk]
        )
    assert refused_input.value.field == "department_ids" and refused_input.value.message
    assert not Document.objects.exists()
    assert register(clerk, level=L.PUBLIC, term_years=None).scope_all
