"""Reads of the classified posts and who holds them (PPL-VET, PPL-CLASS), through the
policies: the organisation's posts for the office and every knowing person, holdings of the
organisation for the office and one's own for anyone else."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from baomi.access.actor import Actor
from baomi.access.roles import Permission, require
from baomi.core.errors import NotFound
from baomi.org import queries as org
from baomi.org.models import Person
from baomi.people.models import ClassifiedPost, PostHolding
from baomi.people.policies import POST_HOLDINGS, POSTS, _own_person, keeps_files


def posts(actor: Actor, *, active: bool | None = None) -> QuerySet[ClassifiedPost]:
    """The organisation's classified posts, each with ``holders`` (how many hold it now)."""
    qs = POSTS.known(actor).select_related("department")
    if active is not None:
        qs = qs.filter(active=active)
    return qs.annotate(holders=Count("holdings", filter=Q(holdings__until__isnull=True)))


def post(actor: Actor, post_id: int) -> ClassifiedPost:
    """One classified post of the actor's organisation; NotFound for anything else."""
    found = posts(actor).filter(pk=post_id).first()
    if found is None:
        raise NotFound(_("No such classified post."))
    return found


def office_posts(actor: Actor) -> QuerySet[ClassifiedPost]:
    """The posts as the security office manages them (SET_CLEARANCE required)."""
    require(actor, Permission.SET_CLEARANCE)
    return posts(actor)


def file_person(actor: Actor, person_id: int) -> Person:
    """The person whose file ``actor`` may read: any of the organisation for the office,
    oneself for anyone else; NotFound otherwise (as for a missing person)."""
    if keeps_files(actor):
        return org.person(actor, person_id)
    own = _own_person(actor)
    if own is None or own != person_id:
        raise NotFound(_("No such person."))
    return actor.person


def holdings_of(actor: Actor, person_id: int) -> QuerySet[PostHolding]:
    """The classified posts a person held and holds, newest first."""
    return POST_HOLDINGS.known(actor).filter(person_id=person_id).select_related("post")


def holding(actor: Actor, holding_id: int) -> PostHolding:
    found = POST_HOLDINGS.known(actor).filter(pk=holding_id).first()
    if found is None:
        raise NotFound(_("No such post held."))
    return found
