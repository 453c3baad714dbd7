from django.apps import AppConfig


class ApprovalsConfig(AppConfig):
    name = "baomi.approvals"
    label = "approvals"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from baomi.access.roles import Permission as P
        from baomi.audit.operation import subject_argument
        from baomi.seams.navigation import NAVIGATION, NavItem

        # A refused decision is listed in the request's history.
        subject_argument("request_id", "approvals.approvalrequest")

        NAVIGATION.register(
            NavItem(
                "approvals",
                _("Approvals"),
                (P.DECIDE_APPROVAL, P.REQUEST_APPROVAL),
                order=70,
            )
        )
