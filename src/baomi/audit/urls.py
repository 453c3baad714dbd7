"""The audit log and the state of the chain, for the auditor."""

from django.urls import path

from baomi.audit.web import audit

urlpatterns = [
    path("audit/", audit.audit, name="audit"),
    path("audit/chain/", audit.audit_chain, name="audit_chain"),
]
