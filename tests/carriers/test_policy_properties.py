"""The carriers' policies (``baomi.carriers.policies``: ``DOCUMENTS`` and ``COPIES``) held to
the brute-force CLS-MAC oracle of tests/access/test_mac_properties.py, over its random
worlds of two organisations.

For every account: ``known(account)`` is exactly the items ``may_know(account, item)``
admits, and both are what the oracle says. A copy carries no knowledge of its own: it is
known exactly when its document is, in its own organisation — each document of the world
gets a copy kept and held by people chosen regardless of what they may know, and every
third one a copy filed under the other organisation, which nobody may know through it."""

from __future__ import annotations

import pytest
from django.utils import timezone
from hypothesis import given

from baomi.carriers.models import Copy, CopyState
from baomi.carriers.policies import COPIES, DOCUMENTS
from baomi.org.models import Organisation
from tests.access.test_mac_properties import (
    EVERY_CASE,
    PROPERTY,
    Built,
    WorldSpec,
    expected,
    in_rolled_back_world,
    worlds,
)


@pytest.mark.django_db
@PROPERTY
@EVERY_CASE
@given(spec=worlds())
def test_the_documents_policy_equals_the_oracle__CLS_MAC(spec: WorldSpec) -> None:
    def check(world: Built) -> None:
        for i, account in enumerate(world.accounts):
            known = set(DOCUMENTS.known(account).values_list("pk", flat=True))
            admitted = {d.pk for d in world.docs if DOCUMENTS.may_know(account, d)}
            assert known == admitted == expected(world, i), (world.spec.people[i], known)

    in_rolled_back_world(spec, check)


@pytest.mark.django_db
@PROPERTY
@EVERY_CASE
@given(spec=worlds())
def test_the_copies_policy_equals_the_oracle__CLS_MAC(spec: WorldSpec) -> None:
    def check(world: Built) -> None:
        now = timezone.now()
        people = world.people
        orgs = {p.organisation_id for p in people} | {d.organisation_id for d in world.docs}
        if len(orgs) < 2:
            orgs.add(Organisation.objects.create(name="别处").pk)
        copies = []  # (document index, copy, filed in the document's organisation)
        for k, doc in enumerate(world.docs):
            homes = [doc.organisation_id]
            if k % 3 == 0:
                homes.append(min(orgs - {doc.organisation_id}))
            for number, home in enumerate(homes, start=1):
                copy = Copy.objects.create(
                    organisation_id=home,
                    document=doc,
                    number=number,
                    custodian=people[k % len(people)],
                    holder=people[(k + 1) % len(people)],
                    state=CopyState.CIRCULATING,
                    updated_at=now,
                )
                copies.append((k, copy, home == doc.organisation_id))
        for i, account in enumerate(world.accounts):
            documents = expected(world, i)
            oracle = {c.pk for k, c, own in copies if own and world.docs[k].pk in documents}
            known = set(COPIES.known(account).values_list("pk", flat=True))
            admitted = {c.pk for _k, c, _own in copies if COPIES.may_know(account, c)}
            assert known == admitted == oracle, (world.spec.people[i], known, oracle)

    in_rolled_back_world(spec, check)
