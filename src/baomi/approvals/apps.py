from django.apps import AppConfig


class ApprovalsConfig(AppConfig):
    name = "baomi.approvals"
    label = "approvals"

    def ready(self) -> None:
        from baomi.audit.operation import subject_argument

        # A refused decision is listed in the request's history.
        subject_argument("request_id", "approvals.approvalrequest")
