from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class OrgConfig(AppConfig):
    name = "baomi.org"
    label = "org"
    verbose_name = gettext_lazy("Organisation")

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from baomi.access.roles import Permission as P
        from baomi.audit.operation import subject_argument
        from baomi.seams.navigation import NAVIGATION, NavItem

        # A refusal about a person is listed in the person's history.
        subject_argument("person_id", "org.person", person=True)

        NAVIGATION.register(
            NavItem("people", _("People and clearances"), (P.SET_CLEARANCE,), order=80),
            NavItem("security_staff", _("Security staff"), (P.APPOINT_SECURITY_STAFF,), order=90),
            NavItem("org", _("Organisation"), (P.MANAGE_ORGANISATION,), order=120),
            NavItem("calendar", _("Working hours and holidays"), (P.CONFIGURE,), order=140),
        )

        # Reference data read once per process, read again after a change (core.refdata).
        from baomi.core import refdata
        from baomi.org.models import (
            CalendarDay,
            Department,
            Organisation,
            Person,
            Rank,
            WorkingHours,
        )

        def chart(item, _fields):  # type: ignore[no-untyped-def]
            # A cached account carries its person with department and rank: its stamp too.
            return [(item.organisation_id, refdata.CHART), (refdata.INSTALLATION, refdata.ACCOUNTS)]

        def calendar(item, _fields):  # type: ignore[no-untyped-def]
            return [(item.organisation_id, refdata.CALENDAR)]

        def organisation(item, _fields):  # type: ignore[no-untyped-def]
            return [(item.pk, kind) for kind in (refdata.RULEBOOK, refdata.CALENDAR, refdata.CHART)]

        for model in (Department, Rank, Person):
            refdata.watch(model, chart)
        refdata.watch(WorkingHours, calendar)
        refdata.watch(CalendarDay, calendar)
        refdata.watch(Organisation, organisation)

        # The demo organisation's chart, built first (baomi demo).
        from baomi.org import demo
        from baomi.seams.demo import DEMO_BUILDERS, DemoBuilder

        DEMO_BUILDERS.register(DemoBuilder("org", demo.build, order=10))

        # People in the global search (by name, the organisation's chart).
        from django.utils.translation import pgettext_lazy

        from baomi.org import search
        from baomi.seams.search import SEARCH_PROVIDERS, SearchProvider

        SEARCH_PROVIDERS.register(
            SearchProvider("people", pgettext_lazy("search", "People"), search.people, order=30)
        )
