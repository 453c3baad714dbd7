"""Classified posts (涉密岗位) and who holds them (PPL-VET, PPL-CLASS).

The security office (SET_CLEARANCE) creates, changes and deactivates the organisation's posts,
each with its class (核心, 重要, 一般). ``appoint`` puts a person on a post: PPL-VET (the
latest vetting passed and a signed 保密协议 or 涉密人员保密责任书, the refusal naming what is
missing, as ``vetting.missing`` says) and PPL-CLASS (their clearance covers the post's class:
set the clearance first). ``end_holding`` ends it. Nobody appoints themselves or ends their own
holding (ROLE-SEPARATION). A post is deactivated only once nobody holds it."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.roles import Permission, actor_organisation_id, require_or_installer
from baomi.audit.actions import register_action
from baomi.audit.operation import operation
from baomi.audit.recorder import record_event
from baomi.core.errors import Conflict, InvalidInput, NotFound
from baomi.core.inputs import past_day
from baomi.core.levels import Clearance
from baomi.core.text import bounded_text
from baomi.org.models import Department
from baomi.org.operations import refuse_oneself
from baomi.people.models import ClassifiedPost, PostHolding
from baomi.people.operations.vetting import person_of
from baomi.people.queries.vetting import missing
from baomi.rulebook import book

POST_CREATED = register_action("people.post_created", gettext_lazy("Classified post created"))
POST_UPDATED = register_action("people.post_updated", gettext_lazy("Classified post changed"))
POST_DEACTIVATED = register_action(
    "people.post_deactivated", gettext_lazy("Classified post deactivated")
)
POST_APPOINTED = register_action(
    "people.post_appointed", gettext_lazy("Appointed to a classified post")
)
POST_ENDED = register_action("people.post_ended", gettext_lazy("Classified post held until"))

POST_CLASSES = (Clearance.GENERAL, Clearance.IMPORTANT, Clearance.CORE)
MAX_NAME = 100
MAX_DUTIES = 500


def _organisation(actor: Actor | None, organisation_id: int | None) -> int:
    if actor is not None:
        return actor_organisation_id(actor)
    if organisation_id is None:
        raise InvalidInput(_("Name the organisation."), field="organisation")
    return organisation_id


def _post(actor: Actor | None, post_id: Any, *, lock: bool = False) -> ClassifiedPost:
    qs = ClassifiedPost.objects.select_for_update() if lock else ClassifiedPost.objects
    post = qs.filter(pk=post_id).first() if isinstance(post_id, int) else None
    if post is None or (actor is not None and post.organisation_id != actor_organisation_id(actor)):
        raise NotFound(_("No such classified post."))
    return post


def _fields(
    organisation_id: int, name: Any, clearance: Any, department_id: Any, duties: Any
) -> dict[str, Any]:
    if clearance not in POST_CLASSES:
        raise InvalidInput(_("A post's class is core, important or general."), field="clearance")
    department = None
    if department_id is not None:
        department = Department.objects.filter(
            pk=department_id, organisation_id=organisation_id
        ).first()
        if department is None:
            raise InvalidInput(_("No such department."), field="department")
    return {
        "name": bounded_text(name, "name", MAX_NAME, required=True),
        "clearance": clearance,
        "department": department,
        "duties": bounded_text(duties, "duties", MAX_DUTIES, multiline=True),
    }


def _saved(post: ClassifiedPost) -> None:
    # The constraint does not see two posts without a department (NULLs differ): asked here.
    taken = ClassifiedPost.objects.filter(
        organisation_id=post.organisation_id, department=post.department, name=post.name
    ).exclude(pk=post.pk)
    if taken.exists():
        raise InvalidInput(
            _("The department already has a classified post of that name."), field="name"
        )
    try:
        with transaction.atomic():
            post.save()
    except IntegrityError:
        raise InvalidInput(
            _("The department already has a classified post of that name."), field="name"
        ) from None


def _event(actor: Actor | None, action: Any, post: ClassifiedPost, **data: Any) -> None:
    record_event(
        actor=actor,
        action=action,
        subject=post,
        organisation_id=post.organisation_id,
        data={"rule": "PPL-CLASS", "class": post.clearance, **data},
    )


@operation
def create_post(
    *,
    actor: Actor | None,
    name: str,
    clearance: int,
    department_id: int | None = None,
    duties: str = "",
    organisation_id: int | None = None,
) -> ClassifiedPost:
    """Create a classified post of the actor's organisation (the installer names
    ``organisation_id``): the security office only."""
    require_or_installer(actor, Permission.SET_CLEARANCE)
    organisation = _organisation(actor, organisation_id)
    post = ClassifiedPost(
        organisation_id=organisation,
        **_fields(organisation, name, clearance, department_id, duties),
    )
    _saved(post)
    _event(actor, POST_CREATED, post)
    return post


@operation
def update_post(
    *,
    actor: Actor | None,
    post_id: int,
    name: str,
    clearance: int,
    department_id: int | None = None,
    duties: str = "",
) -> ClassifiedPost:
    """Change a classified post's name, class, department or duties: the security office
    only. A class raised above what a holder is cleared for is refused (PPL-CLASS)."""
    require_or_installer(actor, Permission.SET_CLEARANCE)
    post = _post(actor, post_id, lock=True)
    for field, value in _fields(
        post.organisation_id, name, clearance, department_id, duties
    ).items():
        setattr(post, field, value)
    short = list(
        PostHolding.objects.filter(
            post=post, until__isnull=True, person__clearance__lt=post.clearance
        ).values_list("person__name", flat=True)
    )
    book.require(
        post.organisation_id,
        "PPL-CLASS",
        not short,
        _("Raise the clearance of %(names)s first: they hold this post.")
        % {"names": ", ".join(short)},
    )
    _saved(post)
    _event(actor, POST_UPDATED, post)
    return post


@operation
def deactivate_post(*, actor: Actor | None, post_id: int) -> ClassifiedPost:
    """Deactivate a classified post nobody holds any more: the security office only."""
    require_or_installer(actor, Permission.SET_CLEARANCE)
    post = _post(actor, post_id, lock=True)
    if not post.active:
        raise Conflict(_("The post is already inactive."))
    if PostHolding.objects.filter(post=post, until__isnull=True).exists():
        raise Conflict(_("Someone still holds the post: end their holding first."))
    post.active = False
    post.save(update_fields=["active"])
    _event(actor, POST_DEACTIVATED, post)
    return post


@operation
def appoint(
    *, actor: Actor | None, person_id: int, post_id: int, since: datetime.date
) -> PostHolding:
    """Appoint a person to a classified post from ``since``: the security office only,
    never oneself; PPL-VET (passed vetting and signed agreement) and PPL-CLASS (the person's
    clearance covers the post's class)."""
    require_or_installer(actor, Permission.SET_CLEARANCE)
    person = person_of(actor, person_id, lock=True)
    refuse_oneself(actor, person.pk, _("Nobody appoints themselves to a classified post."))
    if not person.is_active:
        raise Conflict(_("The person has left."))
    try:
        post = _post(actor, post_id)
    except NotFound:
        raise InvalidInput(_("No such classified post."), field="post") from None
    if post.organisation_id != person.organisation_id:
        raise InvalidInput(_("No such classified post."), field="post")
    if not post.active:
        raise InvalidInput(_("The post is inactive."), field="post")
    since = past_day(since, "since")
    gaps = missing(person)
    book.require(
        person.organisation_id,
        "PPL-VET",
        not gaps,
        _("%(name)s cannot take a classified post before vetting and signing: %(missing)s.")
        % {"name": person.name, "missing": "; ".join(gaps)},
    )
    book.require(
        person.organisation_id,
        "PPL-CLASS",
        person.clearance >= post.clearance,
        _("The post is %(post)s but %(name)s is cleared %(class)s: set the clearance first.")
        % {
            "post": Clearance(post.clearance).label,
            "name": person.name,
            "class": Clearance(person.clearance).label,
        },
    )
    if PostHolding.objects.filter(person=person, post=post, until__isnull=True).exists():
        raise Conflict(_("The person already holds this post."))
    holding = PostHolding.objects.create(
        organisation_id=person.organisation_id, person=person, post=post, since=since
    )
    record_event(
        actor=actor,
        action=POST_APPOINTED,
        subject=holding,
        organisation_id=person.organisation_id,
        data={
            "rule": "PPL-VET",
            "person": person.pk,
            "post": post.pk,
            "class": post.clearance,
            "since": since.isoformat(),
        },
    )
    return holding


@operation
def end_holding(
    *, actor: Actor | None, holding_id: int, until: datetime.date | None = None
) -> PostHolding:
    """End a person's holding of a classified post on ``until`` (today): the security office
    only, never one's own."""
    require_or_installer(actor, Permission.SET_CLEARANCE)
    qs = PostHolding.objects.select_for_update().select_related("person", "post")
    holding = qs.filter(pk=holding_id).first() if isinstance(holding_id, int) else None
    if holding is None or (
        actor is not None and holding.organisation_id != actor_organisation_id(actor)
    ):
        raise NotFound(_("No such post held."))
    refuse_oneself(actor, holding.person_id, _("Nobody ends their own classified post."))
    if holding.until is not None:
        raise Conflict(_("The holding has already ended."))
    until = past_day(until if until is not None else timezone.localdate(), "until")
    if until < holding.since:
        raise InvalidInput(_("The end cannot be before the start."), field="until")
    holding.until = until
    holding.save(update_fields=["until"])
    record_event(
        actor=actor,
        action=POST_ENDED,
        subject=holding,
        organisation_id=holding.organisation_id,
        data={"person": holding.person_id, "post": holding.post_id, "until": until.isoformat()},
    )
    return holding
