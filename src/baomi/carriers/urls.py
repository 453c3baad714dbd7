"""The pages of documents and their copies, included at the site root (URL names global)."""

from django.urls import path

from baomi.carriers.web import (
    classification,
    custody,
    desk,
    documents,
    handover,
    incoming,
    lifecycle,
    outgoing,
    printing,
    recordings,
    registers,
)

urlpatterns = [
    # The registers of the paper trail (their index is the shell's)
    path("registers/<str:key>/", registers.register_page, name="register"),
    # Documents, the desk, incoming, outgoing, classification
    path("documents/", documents.document_list, name="documents"),
    path("documents/register/", documents.document_register, name="document_register"),
    # --- recordings (AV-RECORD) ---
    path(
        "documents/register-recording/",
        recordings.recording_register,
        name="recording_register",
    ),
    path("documents/<id:document_id>/", documents.document_detail, name="document"),
    path("desk/", desk.desk, name="desk"),
    path("desk/where/", desk.copies_where, name="copies_where"),
    path("desk/store/", desk.copies_store, name="copies_store"),
    path("desk/incoming/", incoming.incoming_register, name="incoming_register"),
    path("desk/incoming/import/", incoming.incoming_import, name="incoming_import"),
    path(
        "desk/incoming/template.xlsx",
        incoming.incoming_import_template,
        name="incoming_import_template",
    ),
    path("incoming/<id:entry_id>/", incoming.incoming_entry, name="incoming_entry"),
    path("incoming/<id:entry_id>/route/", incoming.incoming_route, name="incoming_route"),
    path("incoming/<id:entry_id>/instruct/", incoming.incoming_instruct, name="incoming_instruct"),
    path("copies/<id:copy_id>/circulate/", desk.copy_circulate, name="copy_circulate"),
    path("copies/<id:copy_id>/receipt/", desk.copy_receipt, name="copy_receipt"),
    path("copies/<id:copy_id>/return/", desk.copy_return, name="copy_return"),
    # Outgoing (JOURNEYS §2)
    path("outgoing/", outgoing.outgoing_list, name="outgoing"),
    path("outgoing/draft/", outgoing.outgoing_draft, name="outgoing_draft"),
    path("outgoing/<id:document_id>/", outgoing.outgoing_document, name="outgoing_document"),
    path("outgoing/<id:document_id>/submit/", outgoing.outgoing_submit, name="outgoing_submit"),
    path(
        "outgoing/<id:document_id>/sign-off/",
        outgoing.outgoing_sign_off,
        name="outgoing_sign_off",
    ),
    path(
        "outgoing/<id:document_id>/print-request/",
        outgoing.outgoing_print_request,
        name="outgoing_print_request",
    ),
    path("outgoing/<id:document_id>/print/", outgoing.outgoing_print, name="outgoing_print"),
    path("outgoing/<id:document_id>/seal/", outgoing.outgoing_seal, name="outgoing_seal"),
    path(
        "outgoing/<id:document_id>/dispatch/",
        outgoing.outgoing_dispatch,
        name="outgoing_dispatch",
    ),
    path("envelopes/<id:envelope_id>/sign/", outgoing.envelope_sign, name="envelope_sign"),
    # Using a copy, safekeeping, hand-over
    # Using a copy (RULES.md §5)
    path("copies/<id:copy_id>/", custody.copy_use, name="copy_use"),
    path(
        "copies/<id:copy_id>/reproduction-request/",
        custody.copy_reproduction_request,
        name="copy_reproduction_request",
    ),
    path("copies/<id:copy_id>/loan-request/", custody.copy_loan_request, name="copy_loan_request"),
    path(
        "copies/<id:copy_id>/take-out-request/",
        custody.copy_take_out_request,
        name="copy_take_out_request",
    ),
    path("copies/<id:copy_id>/reproduce/", custody.copy_reproduce, name="copy_reproduce"),
    path("copies/<id:copy_id>/lend/", custody.copy_lend, name="copy_lend"),
    path("copies/<id:copy_id>/take-out/", custody.copy_take_out, name="copy_take_out"),
    path("copies/<id:copy_id>/meeting/", custody.copy_to_meeting, name="copy_to_meeting"),
    path("copies/<id:copy_id>/loss/", lifecycle.loss_report, name="loss_report"),
    path("copies/<id:copy_id>/found/", lifecycle.copy_found, name="copy_found"),
    # Safekeeping: the end of a copy's life (RULES.md §6)
    path("safekeeping/", lifecycle.lifecycle_index, name="lifecycle"),
    path("safekeeping/fax/", custody.fax_record, name="fax_record"),
    path("safekeeping/recall/", lifecycle.recall, name="recall"),
    path("safekeeping/archives/", lifecycle.archives, name="archives"),
    path("safekeeping/archives/volumes/", lifecycle.volume_create, name="volume_create"),
    path("safekeeping/archives/volumes/<id:volume_id>/", lifecycle.volume, name="volume"),
    path("safekeeping/archives/file/", lifecycle.archive_file, name="archive_file"),
    path(
        "safekeeping/archives/access/",
        lifecycle.archive_access_register,
        name="archive_access_register",
    ),
    path(
        "safekeeping/archives/access/<id:access_id>/",
        lifecycle.archive_access,
        name="archive_access",
    ),
    path(
        "safekeeping/archives/access/<id:access_id>/open/",
        lifecycle.archive_access_open,
        name="archive_access_open",
    ),
    path(
        "safekeeping/archives/access/<id:access_id>/consult/",
        lifecycle.archive_access_consult,
        name="archive_access_consult",
    ),
    path(
        "safekeeping/archives/access/<id:access_id>/excerpt/",
        lifecycle.archive_access_excerpt,
        name="archive_access_excerpt",
    ),
    path(
        "safekeeping/archives/access/<id:access_id>/close/",
        lifecycle.archive_access_close,
        name="archive_access_close",
    ),
    path("safekeeping/destruction/", lifecycle.destruction, name="destruction"),
    path(
        "safekeeping/destruction/request/",
        lifecycle.destruction_request,
        name="destruction_request",
    ),
    path("safekeeping/destruction/destroy/", lifecycle.destroy, name="destroy"),
    path(
        "safekeeping/destruction/<id:destruction_id>/witness/",
        lifecycle.destruction_witness,
        name="destruction_witness",
    ),
    path(
        "safekeeping/destruction/<id:destruction_id>/paper-signature/",
        lifecycle.destruction_paper_signature,
        name="destruction_paper_signature",
    ),
    path("safekeeping/handovers/", handover.handovers, name="handovers"),
    path("safekeeping/losses/", lifecycle.losses, name="losses"),
    path(
        "safekeeping/losses/<id:report_id>/progress/",
        lifecycle.loss_progress,
        name="loss_progress",
    ),
    path("safekeeping/inventories/", lifecycle.inventories, name="inventories"),
    path("safekeeping/inventories/<id:inventory_id>/", lifecycle.inventory, name="inventory"),
    path(
        "safekeeping/inventories/<id:inventory_id>/check/",
        lifecycle.inventory_check,
        name="inventory_check",
    ),
    path(
        "safekeeping/inventories/<id:inventory_id>/close/",
        lifecycle.inventory_close,
        name="inventory_close",
    ),
    path("handovers/<id:handover_id>/", handover.handover, name="handover"),
    path("handovers/<id:handover_id>/sign/", handover.handover_sign, name="handover_sign"),
    path("handovers/<id:handover_id>/cancel/", handover.handover_cancel, name="handover_cancel"),
    path("people/<id:person_id>/handover/", handover.handover_start, name="handover_start"),
    path(
        "people/<id:person_id>/handover/request/",
        handover.handover_request,
        name="handover_request",
    ),
    path("people/<id:person_id>/handover/list/", handover.handover_list, name="handover_list"),
    path("people/<id:person_id>/left/", handover.person_left, name="person_left"),
    # Classification (RULES.md §1)
    path("classification/", classification.classification_queue, name="classification"),
    path("classification/catalogue/", classification.catalogue, name="catalogue"),
    path("classification/catalogue/add/", classification.catalogue_add, name="catalogue_add"),
    path(
        "classification/catalogue/<id:entry_id>/retire/",
        classification.catalogue_retire,
        name="catalogue_retire",
    ),
    path(
        "classification/documents/<id:document_id>/",
        classification.document_classification,
        name="document_classification",
    ),
    path(
        "classification/documents/<id:document_id>/review/",
        classification.classification_review,
        name="classification_review",
    ),
    path(
        "classification/documents/<id:document_id>/request/",
        classification.reclassification_request,
        name="reclassification_request",
    ),
    path(
        "classification/documents/<id:document_id>/change/",
        classification.reclassify,
        name="reclassify",
    ),
    path("notices/", classification.notices, name="notices"),
    path("notices/<id:notice_id>/read/", classification.notice_read, name="notice_read"),
    # The paper forms, to print (core.paper)
    path("incoming/<id:entry_id>/slip.pdf", printing.routing_slip, name="print_routing_slip"),
    path(
        "envelopes/<id:envelope_id>/receipt.pdf",
        printing.envelope_receipt,
        name="print_envelope_receipt",
    ),
    path(
        "envelopes/<id:envelope_id>/cover.pdf",
        printing.envelope_cover,
        name="print_envelope_cover",
    ),
    path(
        "copies/<id:copy_id>/requests/<id:request_id>/form.pdf",
        printing.approval_form,
        name="print_approval_form",
    ),
    path("handovers/<id:handover_id>/list.pdf", printing.handover_list, name="print_handover_list"),
    path(
        "safekeeping/destruction/<id:destruction_id>/list.pdf",
        printing.destruction_list,
        name="print_destruction_list",
    ),
    path("documents/<id:document_id>/labels.pdf", printing.copy_labels, name="print_labels"),
]
