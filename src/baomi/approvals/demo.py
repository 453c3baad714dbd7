"""Who approves what in the demo organisation: each approver the org chart makes, their login,
their posts and the rules that ask for them, for ``baomi demo`` to print."""

from __future__ import annotations

from django.utils.translation import gettext as _

from baomi.approvals.approvers import KINDS, posts, rules_by_kind
from baomi.seams.demo import Demo


def build(demo: Demo) -> None:
    """``demo.approvers``, whether the demo was built now or found."""
    org = demo.organisation.pk
    logins = {account.person_id: account.username for account in demo.accounts.values()}
    asked = rules_by_kind(org)
    demo.approvers = []
    for person, held in posts(org):
        places: dict[str, list[str]] = {}
        for kind, place in held:
            places.setdefault(kind, []).extend([place] if place else [])
        where = "；".join(
            _("%(post)s (%(places)s)") % {"post": KINDS[kind], "places": "、".join(names)}
            if names
            else str(KINDS[kind])
            for kind, names in places.items()
        )
        rule_ids = sorted({rule for kind, _place in held for rule in asked.get(kind, [])})
        demo.approvers.append((person.name, logins.get(person.pk, "—"), where, "、".join(rule_ids)))
