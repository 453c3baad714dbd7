from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class ApprovalsConfig(AppConfig):
    name = "baomi.approvals"
    label = "approvals"
    verbose_name = gettext_lazy("Approvals")

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from baomi.access.roles import Permission as P
        from baomi.approvals.web import home
        from baomi.audit.operation import subject_argument
        from baomi.seams.navigation import NAVIGATION, NavItem
        from baomi.seams.panels import PANELS, Panel

        # A refused decision is listed in the request's history.
        subject_argument("request_id", "approvals.approvalrequest")

        NAVIGATION.register(
            NavItem(
                "approvals",
                _("Approvals"),
                (P.DECIDE_APPROVAL, P.REQUEST_APPROVAL),
                order=70,
                count=home.awaiting_count,
            )
        )
        PANELS.register(
            Panel("awaiting", "approvals/panels/awaiting.html", home.awaiting, order=20),
            Panel("waiting", "approvals/panels/waiting.html", home.waiting_for, order=25),
        )

        # Who approves what in the demo, once its logins exist.
        from baomi.approvals import demo
        from baomi.seams.demo import DEMO_BUILDERS, DemoBuilder

        DEMO_BUILDERS.register(DemoBuilder("approvals", demo.build, order=25))
