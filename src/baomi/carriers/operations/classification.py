"""Classification work (定密管理): the catalogue of what is secret (CLS-CATALOG), the yearly
review (CLS-REVIEW), downgrade, declassification and term changes by approval (CLS-TERM),
notices to everyone who holds or has known a changed item (CLS-NOTIFY), never widening its
scope on the way (CLS-NO-WIDEN).

Declassification (解密) sets the level to INTERNAL, not PUBLIC: a declassified item is no
longer a state secret, but it is not thereby published (publishing is a decision of its own,
PUB-REVIEW). No change of level or term touches the scope's grants (named people,
departments, rank floor, whole organisation; the rank floor stays that of the old level):
only the clearance bar moves, so the only newcomers are people already inside the scope
whom the lower level no longer shuts out. Widening the scope itself remains
``widen_scope``'s audited decision (CLS-NO-WIDEN)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.roles import Permission, actor_organisation_id, require, require_or_installer
from baomi.approvals.models import ApprovalRequest
from baomi.approvals.operations import consume_approval, open_request
from baomi.audit.actions import register_action
from baomi.audit.operation import operation
from baomi.audit.recorder import record_event
from baomi.carriers.deadlines import years_after
from baomi.carriers.models import (
    ArchiveAccess,
    CatalogueEntry,
    ChangeKind,
    ClassificationChange,
    Copy,
    CopyEvent,
    Custody,
    Document,
    Notice,
)
from baomi.carriers.operations._common import level_of, max_term, me, now, term_of
from baomi.carriers.operations.recordings import is_recording, require_levelling
from baomi.carriers.queries import lock_document
from baomi.carriers.queries.classification import notices, term_ended
from baomi.core.errors import InvalidInput, NotFound
from baomi.core.levels import Level
from baomi.org.models import Organisation
from baomi.rulebook import book

CATALOGUE_ADDED = register_action(
    "carriers.catalogue_entry_added", gettext_lazy("Catalogue entry added")
)
CATALOGUE_RETIRED = register_action(
    "carriers.catalogue_entry_retired", gettext_lazy("Catalogue entry retired")
)
CATALOGUE_SEEDED = register_action(
    "carriers.catalogue_seeded", gettext_lazy("Catalogue filled from the regulations")
)
REVIEWED = register_action("carriers.classification_reviewed", gettext_lazy("Classification kept"))
RECLASSIFIED = register_action("carriers.reclassified", gettext_lazy("Classification changed"))
NOTICE_READ = register_action("carriers.notice_read", gettext_lazy("Notice read"))

# CLS-CATALOG: the seed's catalogue of secret matters (P10 §12–14), as (level, matter,
# examples); the term of each is the longest CLS-TERM allows for its level.
SEED_CATALOGUE = [
    (
        Level.TOP_SECRET,
        gettext_lazy("Formulas, processes and technical parameters"),
        gettext_lazy(
            "Product formulas, production processes, technical parameters, research results; "
            "new products, technologies and equipment under development (P10 §12)"
        ),
    ),
    (
        Level.TOP_SECRET,
        gettext_lazy("Costs and profit margins"),
        gettext_lazy("Costs, profit margins, sources and prices of raw materials (P10 §12)"),
    ),
    (
        Level.TOP_SECRET,
        gettext_lazy("Development strategy"),
        gettext_lazy(
            "Overall development plan, business and marketing strategy, commercial "
            "negotiations (P10 §12)"
        ),
    ),
    (
        Level.TOP_SECRET,
        gettext_lazy("Contracts and agreements"),
        gettext_lazy("Formal contracts and agreements (P10 §12)"),
    ),
    (
        Level.SECRET,
        gettext_lazy("Pay system"),
        gettext_lazy("The pay system and pay scales (P10 §13)"),
    ),
    (
        Level.SECRET,
        gettext_lazy("Financial reports"),
        gettext_lazy(
            "Monthly, quarterly and annual budgets and accounts, financial and statistical "
            "reports, bank accounts and financial seals (P10 §13)"
        ),
    ),
    (
        Level.SECRET,
        gettext_lazy("Passwords"),
        gettext_lazy("Passwords of safes and computers (P10 §13)"),
    ),
    (
        Level.SECRET,
        gettext_lazy("Pending personnel changes"),
        gettext_lazy(
            "Important personnel changes not yet decided; assessments of cadres (P10 §13)"
        ),
    ),
    (
        Level.CONFIDENTIAL,
        gettext_lazy("Market research"),
        gettext_lazy(
            "Consumer surveys, market potential studies, forecasts for new products (P10 §14)"
        ),
    ),
    (
        Level.CONFIDENTIAL,
        gettext_lazy("Advertising and marketing plans"),
        gettext_lazy("Advertising and marketing plans (P10 §14)"),
    ),
    (
        Level.CONFIDENTIAL,
        gettext_lazy("Inspection results"),
        gettext_lazy(
            "Results of inspections and of investigations into violations, and the people "
            "responsible (P10 §14)"
        ),
    ),
]


def _catalogue_level(org: int, level: Any, term_years: Any) -> tuple[Level, int | None]:
    """CLS-MARK, CLS-TERM: a catalogue entry names a classified level and a term within the
    longest one for that level."""
    lvl = level_of(level)
    book.require(
        org,
        "CLS-MARK",
        lvl.is_classified,
        _("The catalogue lists only classified matters (Confidential and above)."),
    )
    return lvl, term_of(org, lvl, _whole_number(term_years, "term_years"))


def _whole_number(value: Any, field: str) -> int | None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise InvalidInput(_("A whole number of years is required."), field=field)
    return value


def _new_entry(
    org: int, matter: str, level: Level, term: int | None, examples: str
) -> CatalogueEntry:
    """Insert one catalogue line; a matter already catalogued (retired or not) is a conflict."""
    try:
        with transaction.atomic():
            return CatalogueEntry.objects.create(
                organisation_id=org,
                matter=matter,
                level=level,
                term_years=term,
                examples=examples.strip(),
            )
    except IntegrityError:
        book.require(
            org,
            "CLS-CATALOG",
            False,
            _("The catalogue already lists %(matter)s.") % {"matter": matter},
            conflict=True,
        )
        raise


@operation
def add_catalogue_entry(
    *, actor: Actor, matter: str, level: Any, term_years: int, examples: str = ""
) -> CatalogueEntry:
    """Add a matter to the organisation's catalogue of what is secret, with its level and
    protection term (CLS-CATALOG, CLS-MARK, CLS-TERM)."""
    require(actor, Permission.CLASSIFY)
    org = me(actor).organisation_id
    lvl, term = _catalogue_level(org, level, term_years)
    matter = matter.strip()
    if not matter:
        raise InvalidInput(_("Name the matter."), field="matter")
    entry = _new_entry(org, matter[:200], lvl, term, examples)
    record_event(
        actor=actor,
        action=CATALOGUE_ADDED,
        subject=entry,
        data={"level": entry.level, "term_years": entry.term_years, "rule": "CLS-CATALOG"},
    )
    return entry


@operation
def retire_catalogue_entry(*, actor: Actor, entry_id: int) -> CatalogueEntry:
    """Take a matter out of use (CLS-CATALOG); the documents classified by it keep the link."""
    require(actor, Permission.CLASSIFY)
    entry = (
        CatalogueEntry.objects.select_for_update()
        .filter(pk=entry_id, organisation_id=me(actor).organisation_id)
        .first()
    )
    if entry is None:
        raise NotFound(_("No such catalogue entry."))
    book.require(
        entry.organisation_id,
        "CLS-CATALOG",
        entry.active,
        _("This catalogue entry is already retired."),
        conflict=True,
    )
    entry.active = False
    entry.save(update_fields=["active"])
    record_event(actor=actor, action=CATALOGUE_RETIRED, subject=entry, data={"rule": "CLS-CATALOG"})
    return entry


@operation
def seed_catalogue(*, actor: Actor | None, organisation_id: int) -> list[CatalogueEntry]:
    """Fill the organisation's catalogue with the seed's examples per level (CLS-CATALOG):
    formulas, costs, strategy, contracts → TOP_SECRET; pay, financial reports, passwords,
    pending personnel changes → SECRET; market research, ad plans, inspection results →
    CONFIDENTIAL; each with the longest term of its level (CLS-TERM). Matters already
    catalogued are left alone. ``actor=None`` is the installer (``baomi demo``)."""
    require_or_installer(actor, Permission.CLASSIFY)
    if actor is not None and actor_organisation_id(actor) != organisation_id:
        raise NotFound(_("No such organisation."))
    if not Organisation.objects.filter(pk=organisation_id).exists():
        raise NotFound(_("No such organisation."))
    existing = set(
        CatalogueEntry.objects.filter(organisation_id=organisation_id).values_list(
            "matter", flat=True
        )
    )
    created = [
        _new_entry(
            organisation_id, str(matter), level, max_term(organisation_id, level), str(examples)
        )
        for level, matter, examples in SEED_CATALOGUE
        if str(matter) not in existing
    ]
    record_event(
        actor=actor,
        action=CATALOGUE_SEEDED,
        subject=("org.organisation", organisation_id),
        organisation_id=organisation_id,
        data={"created": [e.pk for e in created], "rule": "CLS-CATALOG"},
    )
    return created


def _require_classified(doc: Document, rule_id: str) -> Level:
    level = Level(doc.level)
    book.require(
        doc.organisation_id,
        rule_id,
        level.is_classified,
        _("This item is not classified (it is %(level)s).") % {"level": level.label},
    )
    return level


@operation
def review(*, actor: Actor, document_id: int, reason: str = "") -> ClassificationChange:
    """The yearly review (CLS-REVIEW) decides to keep the item as it is: recorded as a
    "keep" decision, the review date set to today. An item whose protection term has ended
    cannot simply be kept: it is declassified or its term changed, by approval (CLS-TERM)."""
    require(actor, Permission.CLASSIFY)
    doc = lock_document(actor, document_id)
    _require_classified(doc, "CLS-REVIEW")
    if is_recording(doc):
        require_levelling(me(actor))  # AV-RECORD: keeping its level is a levelling too
    at = now()
    today = timezone.localdate(at)
    if term_ended(doc, today):
        book.require(
            doc.organisation_id,
            "CLS-TERM",
            False,
            _(
                "The protection term of %(years)d years from %(start)s ended on %(end)s: "
                "declassify the item or change its term."
            )
            % {
                "years": doc.term_years,
                "start": f"{doc.classified_on:%Y-%m-%d}",
                "end": f"{years_after(doc.classified_on, doc.term_years):%Y-%m-%d}",
            },
        )
    change = ClassificationChange.objects.create(
        organisation_id=doc.organisation_id,
        document=doc,
        kind=ChangeKind.KEEP,
        from_level=doc.level,
        to_level=doc.level,
        from_term=doc.term_years,
        to_term=doc.term_years,
        reason=reason.strip()[:300],
        decided_at=at,
        decided_by=actor,
    )
    doc.reviewed_on = today
    doc.save(update_fields=["reviewed_on"])
    record_event(
        actor=actor,
        action=REVIEWED,
        subject=doc,
        data={
            "change_id": change.pk,
            "level": doc.level,
            "term_years": doc.term_years,
            "rule": "CLS-REVIEW",
        },
    )
    return change


@dataclass(frozen=True)
class _Plan:
    """A change of level or term, fully resolved: what an approval authorises exactly."""

    kind: str
    to_level: int
    to_term: int | None

    def params(self) -> dict[str, Any]:
        return {"kind": self.kind, "to_level": self.to_level, "to_term": self.to_term}


def _plan(doc: Document, kind: str, to_level: Any, to_term: Any) -> _Plan:
    """Check a requested change of a classified document (CLS-TERM) and resolve it:

    - downgrade: to a lower classified level; the term stays unless given, and must be
      within the longest term of the new level (to go below Confidential, declassify);
    - declassify: to INTERNAL without a term (see the module's docstring);
    - change_term: the level stays, the new term is within the longest for the level."""
    current = _require_classified(doc, "CLS-TERM")
    term = _whole_number(to_term, "to_term")
    org = doc.organisation_id
    if kind == ChangeKind.DOWNGRADE:
        if to_level is None:
            raise InvalidInput(_("Name the level to downgrade to."), field="to_level")
        level = level_of(to_level)
        if not Level.CONFIDENTIAL <= level < current:
            raise InvalidInput(
                _(
                    "A downgrade goes to a lower classified level; to end the classification, "
                    "declassify."
                ),
                field="to_level",
            )
        term = doc.term_years if term is None else term
        return _Plan(ChangeKind.DOWNGRADE.value, int(level), term_of(org, level, term))
    if kind == ChangeKind.DECLASSIFY:
        if (to_level is not None and level_of(to_level) != Level.INTERNAL) or term is not None:
            raise InvalidInput(
                _("A declassified item becomes Internal and carries no term."), field="to_level"
            )
        return _Plan(ChangeKind.DECLASSIFY.value, int(Level.INTERNAL), None)
    if kind == ChangeKind.CHANGE_TERM:
        if to_level is not None and level_of(to_level) != current:
            raise InvalidInput(_("A change of term keeps the level."), field="to_level")
        if term is None or term == doc.term_years:
            raise InvalidInput(_("Give the new protection term."), field="to_term")
        return _Plan(ChangeKind.CHANGE_TERM.value, int(current), term_of(org, current, term))
    raise InvalidInput(_("Unknown kind of change."), field="kind")


def _reclassification(
    actor: Actor, document_id: int, kind: str, to_level: Any, to_term: int | None
) -> tuple[Document, _Plan, dict[str, Any]]:
    """The document to reclassify, locked; the change planned; and the identity of the
    approval that authorises exactly this change (CLS-TERM)."""
    require(actor, Permission.CLASSIFY)
    doc = lock_document(actor, document_id)
    if is_recording(doc):
        require_levelling(me(actor))  # AV-RECORD: the designated department levels recordings
    plan = _plan(doc, kind, to_level, to_term)
    identity = {
        "rule_id": "CLS-TERM",
        "operation_name": "reclassify",
        "subject": ("carriers.document", doc.pk),
        "params": plan.params(),
    }
    return doc, plan, identity


@operation
def request_reclassification(
    *,
    actor: Actor,
    document_id: int,
    kind: str,
    to_level: Any = None,
    to_term: int | None = None,
    reason: str = "",
) -> ApprovalRequest:
    """Ask for approval to downgrade, declassify or change the term of a document: an
    approved decision of the CLS-TERM approvers (the head of the organisation by default)."""
    *_, identity = _reclassification(actor, document_id, kind, to_level, to_term)
    return open_request(actor=actor, reason=reason, **identity)


def _knowers(doc: Document) -> list[int]:
    """CLS-NOTIFY: everyone who holds or has known the document: holders and custodians of
    its copies, whoever had one (custody periods, the timeline), archive readers, and the
    people named in its scope."""
    copies = Copy.objects.filter(document=doc)
    ids = {
        *copies.values_list("holder_id", flat=True),
        *copies.values_list("custodian_id", flat=True),
        *Custody.objects.filter(copy__document=doc).values_list("holder_id", flat=True),
        *CopyEvent.objects.filter(copy__document=doc).values_list("person_id", flat=True),
        *ArchiveAccess.objects.filter(documents=doc)
        .exclude(read_at=None)
        .values_list("applicant_id", flat=True),
        *doc.scope_people.values_list("pk", flat=True),
    }
    ids.discard(None)
    return sorted(ids)


def _notice_text(doc: Document, change: ClassificationChange) -> str:
    values = {
        "number": doc.number,
        "from": Level(change.from_level).label,
        "to": Level(change.to_level).label,
        "old": change.from_term,
        "new": change.to_term,
    }
    if change.kind == ChangeKind.DOWNGRADE:
        text = _("%(number)s is downgraded from %(from)s to %(to)s, protection term %(new)d years.")
    elif change.kind == ChangeKind.DECLASSIFY:
        text = _("%(number)s is declassified: no longer %(from)s, now %(to)s, not public.")
    else:
        text = _("The protection term of %(number)s changes from %(old)d to %(new)d years.")
    return (text % values + " " + _("Its knowledge scope is unchanged."))[:300]


@operation
def reclassify(
    *,
    actor: Actor,
    document_id: int,
    kind: str,
    to_level: Any = None,
    to_term: int | None = None,
    reason: str = "",
) -> ClassificationChange:
    """Downgrade, declassify or change the term of a document with a granted approval of
    exactly this change (CLS-TERM); the review date is set to today (CLS-REVIEW). The scope's
    grants stay as they are (CLS-NO-WIDEN), and everyone who holds or has known the document
    gets one notice saying what changed (CLS-NOTIFY)."""
    doc, plan, identity = _reclassification(actor, document_id, kind, to_level, to_term)
    approval = consume_approval(actor=actor, **identity)
    at = now()
    change = ClassificationChange.objects.create(
        organisation_id=doc.organisation_id,
        document=doc,
        kind=plan.kind,
        from_level=doc.level,
        to_level=plan.to_level,
        from_term=doc.term_years,
        to_term=plan.to_term,
        reason=(reason.strip() or approval.reason)[:300],
        approval=approval,
        decided_at=at,
        decided_by=actor,
    )
    # CLS-NO-WIDEN: level and term change; scope_all, the rank floor, the departments and
    # the named people do not.
    doc.level, doc.term_years, doc.reviewed_on = plan.to_level, plan.to_term, timezone.localdate(at)
    doc.save(update_fields=["level", "term_years", "reviewed_on"])
    notified = _knowers(doc)
    text = _notice_text(doc, change)
    Notice.objects.bulk_create(
        Notice(
            organisation_id=doc.organisation_id,
            person_id=person_id,
            document=doc,
            change=change,
            text=text,
            created_at=at,
        )
        for person_id in notified
    )
    record_event(
        actor=actor,
        action=RECLASSIFIED,
        subject=doc,
        data={
            "change_id": change.pk,
            "kind": change.kind,
            "from_level": change.from_level,
            "to_level": change.to_level,
            "from_term": change.from_term,
            "to_term": change.to_term,
            "approval_id": approval.pk,
            "notified": notified,
            "rules": ["CLS-TERM", "CLS-NO-WIDEN", "CLS-NOTIFY"],
        },
    )
    return change


@operation
def read_notice(*, actor: Actor, notice_id: int) -> Notice:
    """Mark a notice read (CLS-NOTIFY): only its addressee, and only while they may know its
    document; reading it again changes nothing."""
    require(actor, Permission.KNOW_ITEMS)
    notice = notices(actor).select_for_update(of=("self",)).filter(pk=notice_id).first()
    if notice is None:
        raise NotFound(_("No such notice."))
    if notice.read_at is None:
        notice.read_at = now()
        notice.save(update_fields=["read_at"])
        record_event(actor=actor, action=NOTICE_READ, subject=notice, data={"rule": "CLS-NOTIFY"})
    return notice
