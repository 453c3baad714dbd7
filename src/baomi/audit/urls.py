"""The audit log, its exports and checkpoints, and the state of the chain, for the auditor."""

from django.urls import path

from baomi.audit.web import audit

urlpatterns = [
    path("audit/", audit.audit, name="audit"),
    path("audit/chain/", audit.audit_chain, name="audit_chain"),
    path("audit/export/", audit.audit_export, name="audit_export"),
    path("audit/checkpoints/", audit.audit_checkpoint_create, name="audit_checkpoint_create"),
    path("audit/checkpoints/<id:seq>/", audit.audit_checkpoint, name="audit_checkpoint"),
]
