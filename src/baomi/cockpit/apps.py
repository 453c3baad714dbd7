from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class CockpitConfig(AppConfig):
    """The security office's cockpit, above every domain: the deadline engine over every
    domain's deadline providers with its notifications, the dashboard of every domain's figures,
    the annual report drafted from them (ANNUAL-REPORT)."""

    name = "baomi.cockpit"
    label = "cockpit"
    verbose_name = gettext_lazy("Cockpit")

    def ready(self) -> None:
        from baomi.cockpit import demo
        from baomi.seams.demo import DEMO_BUILDERS, DemoBuilder

        # After every domain whose records it reads.
        DEMO_BUILDERS.register(DemoBuilder("cockpit", demo.build, order=90))
        # --- the deadline engine and its notifications ---
        self._deadlines()
        # --- the dashboard ---
        from baomi.access.roles import Permission
        from baomi.cockpit.web import dashboard as dashboard_pages
        from baomi.seams.navigation import NAVIGATION, NavItem
        from baomi.seams.panels import PANELS, Panel

        # The whole organisation's dashboard, next to home; a head without it reaches their
        # departments' part from the home panel.
        NAVIGATION.register(
            NavItem("cockpit", gettext_lazy("Dashboard"), (Permission.SEE_DASHBOARD,), order=2)
        )
        PANELS.register(
            Panel(
                "dashboard_part",
                "cockpit/dashboard/panel.html",
                dashboard_pages.home_panel,
                order=5,
            )
        )
        # --- the annual report (ANNUAL-REPORT) ---
        self._annual_report()

    def _annual_report(self) -> None:
        """ANNUAL-REPORT: the report's page, in the menu of whoever sees the whole
        organisation (the security office writes its prose, the leaders read it)."""
        from baomi.access.roles import Permission
        from baomi.seams.navigation import NAVIGATION, NavItem

        NAVIGATION.register(
            NavItem(
                "annual_report",
                gettext_lazy("Annual report"),
                (Permission.SEE_DASHBOARD,),
                order=3,
            )
        )

    def _deadlines(self) -> None:
        """The deadlines page 期限 beside home (everyone who knows items: their own at least;
        the security office and the leaders the organisation's), the notifications page and
        the home panel of unread notifications (its count is the home entry's badge)."""
        from baomi.access.roles import Permission
        from baomi.audit.operation import subject_argument
        from baomi.cockpit.web import deadlines as deadline_pages
        from baomi.seams.navigation import NAVIGATION, NavItem
        from baomi.seams.panels import HOME, PANELS, Panel

        NAVIGATION.register(
            NavItem(
                "deadlines",
                gettext_lazy("Deadlines"),
                (Permission.KNOW_ITEMS, Permission.SEE_DASHBOARD, Permission.OVERSEE),
                order=4,
            ),
            NavItem("notifications", gettext_lazy("My notifications"), (), in_menu=False),
        )
        PANELS.register(
            Panel(
                "cockpit.notifications",
                "cockpit/deadlines/panel_home.html",
                deadline_pages.home_panel,
                place=HOME,
                order=1,
                count=deadline_pages.home_count,
            )
        )
        subject_argument("notification_id", "cockpit.notification")
