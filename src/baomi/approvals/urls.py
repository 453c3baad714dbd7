"""The approvals inbox and "my requests"."""

from django.urls import path

from baomi.approvals.web import approvals

urlpatterns = [
    path("approvals/", approvals.approval_list, name="approvals"),
    path("approvals/<id:request_id>/decide/", approvals.approval_decide, name="approval_decide"),
    path("approvals/approve/", approvals.approvals_approve_many, name="approvals_approve_many"),
    path(
        "approvals/<id:request_id>/withdraw/",
        approvals.approval_withdraw,
        name="approval_withdraw",
    ),
]
