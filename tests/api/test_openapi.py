"""The OpenAPI schema at /api/openapi.json."""

from __future__ import annotations

import pytest
from django.test import Client

ROUTES = {
    ("get", "/api/v1/me"),
    ("post", "/api/v1/me/password"),
    ("put", "/api/v1/accounts/{account_id}/role"),
    ("get", "/api/v1/org/departments"),
    ("post", "/api/v1/org/departments"),
    ("put", "/api/v1/org/departments/{department_id}/leaders"),
    ("put", "/api/v1/org/head"),
    ("post", "/api/v1/org/people"),
    ("post", "/api/v1/org/people/import"),
    ("get", "/api/v1/org/people"),
    ("put", "/api/v1/org/people/{person_id}/clearance"),
    ("get", "/api/v1/org/appointments"),
    ("post", "/api/v1/org/appointments"),
    ("post", "/api/v1/org/appointments/{appointment_id}/end"),
    ("get", "/api/v1/org/calendar/hours"),
    ("put", "/api/v1/org/calendar/hours"),
    ("get", "/api/v1/org/calendar/days"),
    ("put", "/api/v1/org/calendar/days/{day}"),
    ("delete", "/api/v1/org/calendar/days/{day}"),
    ("post", "/api/v1/org/calendar/notice"),
    ("get", "/api/v1/accounts"),
    ("post", "/api/v1/accounts"),
    ("post", "/api/v1/accounts/{account_id}/unlock"),
    ("post", "/api/v1/accounts/{account_id}/password"),
    ("post", "/api/v1/accounts/{account_id}/deactivate"),
    ("get", "/api/v1/accounts/changes"),
    ("post", "/api/v1/accounts/changes/{change_id}/agree"),
    ("post", "/api/v1/accounts/changes/{change_id}/refuse"),
    ("get", "/api/v1/me/tokens"),
    ("get", "/api/v1/accounts/{account_id}/tokens"),
    ("post", "/api/v1/tokens/{token_id}/revoke"),
    ("get", "/api/v1/rules"),
    ("put", "/api/v1/rules/{rule_id}"),
    ("get", "/api/v1/approvals/awaiting"),
    ("get", "/api/v1/approvals/mine"),
    ("post", "/api/v1/approvals/{request_id}/decision"),
    ("post", "/api/v1/approvals/decide"),
    ("post", "/api/v1/approvals/{request_id}/withdraw"),
    ("get", "/api/v1/documents"),
    ("post", "/api/v1/documents"),
    ("get", "/api/v1/documents/{document_id}"),
    ("post", "/api/v1/documents/{document_id}/scope-requests"),
    ("post", "/api/v1/documents/{document_id}/scope"),
    ("post", "/api/v1/recordings"),
    ("get", "/api/v1/recordings/{document_id}"),
    ("get", "/api/v1/copies"),
    ("post", "/api/v1/org/people/{person_id}/left"),
    ("post", "/api/v1/org/people/{person_id}/probation-end"),
    ("get", "/api/v1/people/{person_id}/cooling-off"),
    ("get", "/api/v1/cooling-off"),
    ("post", "/api/v1/people/{person_id}/exit-cases"),
    ("get", "/api/v1/exit-cases"),
    ("get", "/api/v1/exit-cases/{case_id}"),
    ("post", "/api/v1/exit-cases/{case_id}/commitment"),
    ("post", "/api/v1/exit-cases/{case_id}/complete"),
    ("post", "/api/v1/exit-cases/{case_id}/withdraw"),
    ("post", "/api/v1/self-checks"),
    ("get", "/api/v1/self-checks"),
    ("get", "/api/v1/self-check-items"),
    ("put", "/api/v1/self-check-items"),
    ("get", "/api/v1/people-files"),
    ("get", "/api/v1/me/file"),
    # responsibility letters and assessment (RESP-ANNUAL, RESP-RESIGN, RESP-ASSESS)
    ("get", "/api/v1/letter-templates"),
    ("post", "/api/v1/letter-templates"),
    ("get", "/api/v1/letters"),
    ("post", "/api/v1/letters/prepare"),
    ("get", "/api/v1/letters/register"),
    ("get", "/api/v1/letters/{letter_id}"),
    ("post", "/api/v1/letters/{letter_id}/sign"),
    ("get", "/api/v1/assessment-sheet"),
    ("post", "/api/v1/assessment-sheet"),
    ("get", "/api/v1/assessments"),
    ("post", "/api/v1/assessments"),
    ("get", "/api/v1/merits"),
    ("post", "/api/v1/merits"),
    # travel abroad (PPL-ABROAD)
    ("post", "/api/v1/travels"),
    ("get", "/api/v1/travels"),
    ("get", "/api/v1/travels/{travel_id}"),
    ("post", "/api/v1/travels/{travel_id}/briefing"),
    ("post", "/api/v1/travels/{travel_id}/depart"),
    ("post", "/api/v1/travels/{travel_id}/return"),
    ("post", "/api/v1/travels/{travel_id}/report"),
    ("post", "/api/v1/travels/{travel_id}/cancel"),
    ("get", "/api/v1/passports"),
    ("post", "/api/v1/passports"),
    ("post", "/api/v1/passports/{passport_id}/hand-out"),
    ("post", "/api/v1/passports/{passport_id}/return"),
    # Training (PPL-TRAINING, TRAIN-RECORD)
    ("get", "/api/v1/training-sessions"),
    ("post", "/api/v1/training-sessions"),
    ("get", "/api/v1/training-sessions/{session_id}"),
    ("post", "/api/v1/training-sessions/{session_id}/attendees"),
    ("post", "/api/v1/training-sessions/{session_id}/attendees/import"),
    ("post", "/api/v1/training-sessions/{session_id}/quiz"),
    ("post", "/api/v1/training-sessions/{session_id}/rating"),
    ("get", "/api/v1/training/hours"),
    # classified posts, vetting, signed papers, clearance history (PPL-VET)
    ("get", "/api/v1/classified-posts"),
    ("post", "/api/v1/classified-posts"),
    ("put", "/api/v1/classified-posts/{post_id}"),
    ("post", "/api/v1/classified-posts/{post_id}/deactivate"),
    ("get", "/api/v1/people/{person_id}/posts"),
    ("post", "/api/v1/people/{person_id}/posts"),
    ("post", "/api/v1/post-holdings/{holding_id}/end"),
    ("get", "/api/v1/vetting-items"),
    ("get", "/api/v1/people/{person_id}/vettings"),
    ("post", "/api/v1/people/{person_id}/vettings"),
    ("get", "/api/v1/people/{person_id}/papers"),
    ("post", "/api/v1/people/{person_id}/papers"),
    ("get", "/api/v1/people/{person_id}/clearance-history"),
    # incoming register, circulation, where copies are
    ("post", "/api/v1/incoming"),
    ("post", "/api/v1/incoming/import"),
    ("get", "/api/v1/incoming/awaiting"),
    ("get", "/api/v1/incoming/{entry_id}"),
    ("post", "/api/v1/incoming/{entry_id}/route"),
    ("post", "/api/v1/incoming/{entry_id}/instruction"),
    ("post", "/api/v1/copies/{copy_id}/circulate"),
    ("post", "/api/v1/copies/{copy_id}/receipt"),
    ("post", "/api/v1/copies/{copy_id}/return"),
    ("post", "/api/v1/copies/store"),
    ("get", "/api/v1/documents/{document_id}/copies"),
    ("get", "/api/v1/documents/{document_id}/timeline"),
    ("get", "/api/v1/me/holdings"),
    ("get", "/api/v1/departments/{department_id}/copies"),
    ("get", "/api/v1/desk"),
    # outgoing
    ("post", "/api/v1/drafts"),
    ("get", "/api/v1/outgoing/{document_id}"),
    ("post", "/api/v1/documents/{document_id}/submit"),
    ("post", "/api/v1/documents/{document_id}/sign-off"),
    ("post", "/api/v1/documents/{document_id}/print-requests"),
    ("post", "/api/v1/documents/{document_id}/print"),
    ("post", "/api/v1/documents/{document_id}/seal"),
    ("post", "/api/v1/documents/{document_id}/dispatch"),
    ("post", "/api/v1/envelopes/{envelope_id}/signature"),
    # use
    ("post", "/api/v1/copies/{copy_id}/reproduction-requests"),
    ("post", "/api/v1/copies/{copy_id}/reproductions"),
    ("post", "/api/v1/copies/{copy_id}/loan-requests"),
    ("post", "/api/v1/copies/{copy_id}/loan"),
    ("post", "/api/v1/copies/{copy_id}/take-out-requests"),
    ("post", "/api/v1/copies/{copy_id}/take-out"),
    ("post", "/api/v1/copies/{copy_id}/meeting"),
    ("post", "/api/v1/faxes"),
    # lifecycle
    ("post", "/api/v1/copies/recall"),
    ("post", "/api/v1/archive/volumes"),
    ("post", "/api/v1/archive/volumes/{volume_id}/copies"),
    ("post", "/api/v1/archive/accesses"),
    ("post", "/api/v1/archive/accesses/{access_id}/reading"),
    ("post", "/api/v1/archive/accesses/{access_id}/consultations"),
    ("post", "/api/v1/archive/accesses/{access_id}/excerpts"),
    ("post", "/api/v1/archive/accesses/{access_id}/close"),
    ("post", "/api/v1/destruction-requests"),
    ("post", "/api/v1/destructions"),
    ("get", "/api/v1/destructions/to-witness"),
    ("post", "/api/v1/destructions/{destruction_id}/witness"),
    ("post", "/api/v1/destructions/{destruction_id}/paper-signatures"),
    ("post", "/api/v1/handover-requests"),
    ("post", "/api/v1/handovers"),
    ("get", "/api/v1/handovers"),
    ("post", "/api/v1/handovers/{handover_id}/signature"),
    ("post", "/api/v1/handovers/{handover_id}/cancel"),
    ("post", "/api/v1/loss-reports"),
    ("get", "/api/v1/loss-reports"),
    ("post", "/api/v1/loss-reports/{report_id}/progress"),
    ("post", "/api/v1/copies/{copy_id}/found"),
    ("post", "/api/v1/inventories"),
    ("post", "/api/v1/inventories/{inventory_id}/checks"),
    ("post", "/api/v1/inventories/{inventory_id}/close"),
    ("get", "/api/v1/inventories/{inventory_id}/reconciliation"),
    # classification
    ("get", "/api/v1/catalogue"),
    ("post", "/api/v1/catalogue"),
    ("post", "/api/v1/catalogue/{entry_id}/retire"),
    ("get", "/api/v1/classification/review-due"),
    ("get", "/api/v1/classification/term-expired"),
    ("post", "/api/v1/documents/{document_id}/review"),
    ("post", "/api/v1/documents/{document_id}/reclassification-requests"),
    ("post", "/api/v1/documents/{document_id}/reclassify"),
    ("get", "/api/v1/me/notices"),
    ("post", "/api/v1/notices/{notice_id}/read"),
    # equipment ledger
    ("get", "/api/v1/assets"),
    ("post", "/api/v1/assets"),
    ("post", "/api/v1/assets/import"),
    ("get", "/api/v1/assets/totals"),
    ("get", "/api/v1/assets/{asset_id}"),
    ("patch", "/api/v1/assets/{asset_id}"),
    ("post", "/api/v1/assets/{asset_id}/custodian"),
    ("post", "/api/v1/assets/{asset_id}/network"),
    ("post", "/api/v1/assets/{asset_id}/wireless"),
    ("post", "/api/v1/assets/{asset_id}/level"),
    ("get", "/api/v1/me/assets"),
    ("post", "/api/v1/computers/{computer_id}/media-uses"),
    ("post", "/api/v1/media/{medium_id}/sanitisation-requests"),
    ("post", "/api/v1/media/{medium_id}/sanitise"),
    ("get", "/api/v1/alerts"),
    ("post", "/api/v1/alerts/{alert_id}/resolve"),
    ("post", "/api/v1/checks"),
    ("post", "/api/v1/checks/{check_id}/observations"),
    ("post", "/api/v1/checks/{check_id}/close"),
    ("get", "/api/v1/checks/{check_id}/reconciliation"),
    # the equipment's care
    ("post", "/api/v1/assets/{asset_id}/repair-requests"),
    ("post", "/api/v1/assets/{asset_id}/repairs"),
    ("post", "/api/v1/repairs/{repair_id}/return"),
    ("get", "/api/v1/repairs"),
    ("post", "/api/v1/assets/{asset_id}/loan-requests"),
    ("post", "/api/v1/assets/{asset_id}/loans"),
    ("post", "/api/v1/loans/{loan_id}/return"),
    ("get", "/api/v1/loans"),
    ("post", "/api/v1/disposal-requests"),
    ("post", "/api/v1/disposals"),
    ("get", "/api/v1/disposals"),
    ("get", "/api/v1/disposals/to-witness"),
    ("post", "/api/v1/disposals/{disposal_id}/witness"),
    ("post", "/api/v1/disposals/{disposal_id}/paper-signatures"),
    ("post", "/api/v1/assets/{asset_id}/antivirus"),
    ("post", "/api/v1/assets/{asset_id}/infections"),
    ("post", "/api/v1/infections/{infection_id}/clear"),
    ("get", "/api/v1/infections"),
    ("get", "/api/v1/antivirus-stale"),
    ("post", "/api/v1/assets/{asset_id}/backups"),
    ("get", "/api/v1/backups-due"),
    ("post", "/api/v1/assets/{asset_id}/standalone-requests"),
    ("post", "/api/v1/assets/{asset_id}/standalone"),
    ("post", "/api/v1/standalone/{use_id}/finish"),
    ("get", "/api/v1/standalone"),
    ("post", "/api/v1/integrity-reviews"),
    ("get", "/api/v1/integrity-reviews"),
    ("get", "/api/v1/assets/{asset_id}/records"),
    ("get", "/api/v1/registers"),
    ("get", "/api/v1/registers/{key}"),
    ("get", "/api/v1/registers/{key}/export"),
    ("get", "/api/v1/search"),
    ("get", "/api/v1/audit/events"),
    ("get", "/api/v1/audit/status"),
    ("get", "/api/v1/audit/export"),
    ("post", "/api/v1/audit/checkpoints"),
    ("post", "/api/v1/scans"),
    ("get", "/api/v1/scans"),
    ("get", "/api/v1/scans/{record_id}"),
    ("get", "/api/v1/scans/{record_id}/findings"),
    # Classified meetings, secure areas and visitors, seals, secrecy review and foreign press
    ("get", "/api/v1/area-entries"),
    ("get", "/api/v1/area-entries/register"),
    ("get", "/api/v1/area-entries/{entry_id}"),
    ("get", "/api/v1/areas"),
    ("get", "/api/v1/areas/{area_id}"),
    ("get", "/api/v1/meetings"),
    ("get", "/api/v1/meetings/{meeting_id}"),
    ("get", "/api/v1/meetings/{meeting_id}/minutes"),
    ("get", "/api/v1/meetings/{meeting_id}/papers"),
    ("get", "/api/v1/meetings/{meeting_id}/papers/export"),
    ("get", "/api/v1/publication/foreign"),
    ("get", "/api/v1/publication/foreign/{foreign_id}"),
    ("get", "/api/v1/publication/submissions"),
    ("get", "/api/v1/publication/submissions/{submission_id}"),
    ("get", "/api/v1/seals"),
    ("get", "/api/v1/seals/offered"),
    ("get", "/api/v1/seals/register"),
    ("get", "/api/v1/seals/take-outs"),
    ("get", "/api/v1/seals/take-outs/{take_out_id}"),
    ("get", "/api/v1/seals/uses"),
    ("get", "/api/v1/seals/uses/{use_id}"),
    ("get", "/api/v1/seals/{seal_id}"),
    ("get", "/api/v1/venues"),
    ("get", "/api/v1/visitors"),
    ("get", "/api/v1/visitors/register"),
    ("get", "/api/v1/visitors/{visitor_id}"),
    ("post", "/api/v1/area-assignments/{assignment_id}/end"),
    ("post", "/api/v1/area-entries"),
    ("post", "/api/v1/area-entries/requests"),
    ("post", "/api/v1/area-entries/{entry_id}/exit"),
    ("post", "/api/v1/areas"),
    ("post", "/api/v1/areas/{area_id}/assignments"),
    ("post", "/api/v1/areas/{area_id}/deactivate"),
    ("post", "/api/v1/areas/{area_id}/keeper"),
    ("post", "/api/v1/meeting-papers/{paper_id}/collect"),
    ("post", "/api/v1/meeting-papers/{paper_id}/handling"),
    ("post", "/api/v1/meetings"),
    ("post", "/api/v1/meetings/{meeting_id}"),
    ("post", "/api/v1/meetings/{meeting_id}/approve"),
    ("post", "/api/v1/meetings/{meeting_id}/attendees"),
    ("post", "/api/v1/meetings/{meeting_id}/attendees/{attendee_id}/remove"),
    ("post", "/api/v1/meetings/{meeting_id}/cancel"),
    ("post", "/api/v1/meetings/{meeting_id}/checks"),
    ("post", "/api/v1/meetings/{meeting_id}/close"),
    ("post", "/api/v1/meetings/{meeting_id}/end"),
    ("post", "/api/v1/meetings/{meeting_id}/minutes"),
    ("post", "/api/v1/meetings/{meeting_id}/open"),
    ("post", "/api/v1/meetings/{meeting_id}/papers"),
    ("post", "/api/v1/meetings/{meeting_id}/sign-in"),
    ("post", "/api/v1/minutes/{minutes_id}/read"),
    ("post", "/api/v1/minutes/{minutes_id}/reading-requests"),
    ("post", "/api/v1/publication/foreign"),
    ("post", "/api/v1/publication/foreign/{foreign_id}/cancel"),
    ("post", "/api/v1/publication/foreign/{foreign_id}/held"),
    ("post", "/api/v1/publication/submissions"),
    ("post", "/api/v1/publication/submissions/{submission_id}/release"),
    ("post", "/api/v1/publication/submissions/{submission_id}/review"),
    ("post", "/api/v1/publication/submissions/{submission_id}/versions"),
    ("post", "/api/v1/publication/submissions/{submission_id}/withdraw"),
    ("post", "/api/v1/publication/verify"),
    ("post", "/api/v1/seals"),
    ("post", "/api/v1/seals/take-outs"),
    ("post", "/api/v1/seals/take-outs/{take_out_id}/hand-out"),
    ("post", "/api/v1/seals/take-outs/{take_out_id}/return"),
    ("post", "/api/v1/seals/take-outs/{take_out_id}/withdraw"),
    ("post", "/api/v1/seals/uses"),
    ("post", "/api/v1/seals/uses/{use_id}/log"),
    ("post", "/api/v1/seals/uses/{use_id}/withdraw"),
    ("post", "/api/v1/seals/{seal_id}/deactivate"),
    ("post", "/api/v1/seals/{seal_id}/keeper"),
    ("post", "/api/v1/seals/{seal_id}/lock"),
    ("post", "/api/v1/visitors"),
    ("post", "/api/v1/visitors/{visitor_id}/sign-out"),
    ("put", "/api/v1/areas/{area_id}"),
    # Self-inspections, rectifications, the security committee and incidents
    ("get", "/api/v1/checklists"),
    ("get", "/api/v1/committee-meetings"),
    ("get", "/api/v1/committee-meetings/{committee_meeting_id}"),
    ("get", "/api/v1/incidents"),
    ("get", "/api/v1/incidents/count"),
    ("get", "/api/v1/incidents/register"),
    ("get", "/api/v1/incidents/{incident_id}"),
    ("get", "/api/v1/incidents/{incident_id}/report.pdf"),
    ("get", "/api/v1/inspections"),
    ("get", "/api/v1/inspections/{inspection_id}"),
    ("get", "/api/v1/rectifications"),
    ("get", "/api/v1/rectifications/{rectification_id}"),
    ("patch", "/api/v1/committee-meetings/{committee_meeting_id}"),
    ("post", "/api/v1/checklists"),
    ("post", "/api/v1/checklists/{checklist_id}/retire"),
    ("post", "/api/v1/committee-meetings"),
    ("post", "/api/v1/committee-meetings/{committee_meeting_id}/decisions"),
    ("post", "/api/v1/incidents"),
    ("post", "/api/v1/incidents/{incident_id}/close"),
    ("post", "/api/v1/incidents/{incident_id}/investigation"),
    ("post", "/api/v1/incidents/{incident_id}/remedies"),
    ("post", "/api/v1/incidents/{incident_id}/report"),
    ("post", "/api/v1/inspections"),
    ("post", "/api/v1/inspections/{inspection_id}/answers/{answer_id}"),
    ("post", "/api/v1/inspections/{inspection_id}/submit"),
    ("post", "/api/v1/rectifications"),
    ("post", "/api/v1/rectifications/{rectification_id}/done"),
    ("post", "/api/v1/rectifications/{rectification_id}/reassign"),
    ("post", "/api/v1/rectifications/{rectification_id}/verify"),
    ("put", "/api/v1/checklists/{checklist_id}"),
}
# The confidentiality budget (BUDGET).
ROUTES |= {
    ("get", "/api/v1/budgets"),
    ("post", "/api/v1/budgets"),
    ("get", "/api/v1/budgets/{year}"),
    ("post", "/api/v1/budgets/{year}/lines"),
    ("get", "/api/v1/budgets/{year}/expenses"),
    ("get", "/api/v1/budgets/{year}/register"),
    ("post", "/api/v1/budget-lines/{line_id}/planned"),
    ("post", "/api/v1/budget-expenses"),
    ("post", "/api/v1/budget-expenses/{expense_id}/reversal"),
}
# The cockpit: the deadline engine and its notifications, the dashboard, the annual report
# (ANNUAL-REPORT); the accreditation self-score.
ROUTES |= {
    ("get", "/api/v1/deadlines"),
    ("get", "/api/v1/deadlines/tally"),
    ("post", "/api/v1/deadlines/rectify"),
    ("get", "/api/v1/notifications"),
    ("post", "/api/v1/notifications/read"),
    ("post", "/api/v1/notifications/{notification_id}/read"),
    ("get", "/api/v1/dashboard"),
    ("get", "/api/v1/annual-reports/{year}"),
    ("put", "/api/v1/annual-reports/{year}"),
    ("get", "/api/v1/annual-reports/{year}/file"),
    ("get", "/api/v1/accreditation/profiles"),
    ("get", "/api/v1/accreditation/profiles/{standard_id}/score"),
    ("put", "/api/v1/accreditation/items/{item_id}/assessment"),
    ("post", "/api/v1/accreditation/import"),
}
# The installation's own backups (DEV-BACKUP), for the system administrator.
ROUTES |= {("get", "/api/v1/backups/status")}


def _schema() -> dict:
    r = Client().get("/api/openapi.json")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/json")
    return r.json()


def test_served_without_authentication_and_lists_the_routes(db):
    schema = _schema()
    assert schema["openapi"].startswith("3.")
    served = {(m, p) for p, methods in schema["paths"].items() for m in methods}
    assert served == ROUTES


def test_documents_both_authentications(db):
    schemes = _schema()["components"]["securitySchemes"]
    assert {s["type"] for s in schemes.values()} == {"http", "apiKey"}
    assert any(s.get("scheme") == "bearer" for s in schemes.values())


def test_documents_the_error_answers(db):
    """Every route documents 401/403/404/409/422 with the Error body."""
    schema = _schema()
    assert set(schema["components"]["schemas"]["Error"]["properties"]) >= {"message", "rule"}
    for methods in schema["paths"].values():
        for operation in methods.values():
            for code in ("401", "403", "404", "409", "422"):
                ref = operation["responses"][code]["content"]["application/json"]["schema"]
                assert ref == {"$ref": "#/components/schemas/Error"}


def test_ninja_docs_page_is_not_served(db):
    """The Swagger page would load scripts from a CDN (DEV-AIRGAP)."""
    assert Client().get("/api/v1/docs").status_code == 404


def _component_classes() -> dict[str, set[str]]:
    """Every pydantic model of baomi by the component name the schema would give it."""
    from pydantic import BaseModel

    import baomi.api.api  # noqa: F401  (every router and its schemas)

    names: dict[str, set[str]] = {}
    pending = [BaseModel]
    while pending:
        for cls in pending.pop().__subclasses__():
            pending.append(cls)
            if cls.__module__.startswith("baomi."):
                names.setdefault(cls.__name__, set()).add(f"{cls.__module__}.{cls.__qualname__}")
    return names


def test_no_two_schemas_share_a_component_name(db):
    """ninja keeps one schema per name: a second class of the same name would document its
    routes with the other's body."""
    shared = {name: found for name, found in _component_classes().items() if len(found) > 1}
    assert not shared, shared


@pytest.mark.parametrize(
    ("method", "path", "fields"),
    [
        ("post", "/api/v1/copies/{copy_id}/loan-requests", {"borrower_id", "due_date", "purpose"}),
        ("post", "/api/v1/copies/{copy_id}/loan", {"borrower_id", "due_date", "purpose"}),
        ("post", "/api/v1/assets/{asset_id}/loan-requests", {"borrower", "due_back", "purpose"}),
        ("post", "/api/v1/inventories/{inventory_id}/checks", {"copy_id", "found_with_id", "note"}),
        ("post", "/api/v1/checks", {"department_id"}),
        ("post", "/api/v1/documents/{document_id}/review", {"reason"}),
        ("post", "/api/v1/media/{medium_id}/sanitisation-requests", {"reason"}),
    ],
)
def test_a_route_documents_its_own_body(db, method, path, fields):
    schema = _schema()
    body = schema["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]
    body = next((b for b in body.get("anyOf", []) if b.get("type") != "null"), body)  # optional
    while "$ref" in body:
        body = schema["components"]["schemas"][body["$ref"].rsplit("/", 1)[-1]]
    assert set(body["properties"]) == fields


def _inputs(schema: dict) -> list[tuple[str, str, dict]]:
    """(operation, field path, JSON schema) of every leaf of every parameter and body."""
    components = schema["components"]["schemas"]
    found: list[tuple[str, str, dict]] = []

    def walk(label: str, where: str, node: dict) -> None:
        while "$ref" in node:
            node = components[node["$ref"].rsplit("/", 1)[-1]]
        for choice in node.get("anyOf", []) + node.get("oneOf", []) + node.get("allOf", []):
            walk(label, where, choice)
        if node.get("type") == "object":
            for name, sub in node.get("properties", {}).items():
                walk(label, f"{where}.{name}", sub)
        elif node.get("type") == "array":
            walk(label, f"{where}[]", node.get("items", {}))
        elif "type" in node:
            found.append((label, where, node))

    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            label = f"{method.upper()} {path}"
            for parameter in operation.get("parameters", []):
                walk(label, parameter["name"], parameter["schema"])
            for content in operation.get("requestBody", {}).get("content", {}).values():
                walk(label, "body", content["schema"])
    return found


def test_every_text_input_refuses_control_characters(db):
    """Every free text a client sends (body, query or path) carries the pattern that refuses
    C0 control characters, tab and line breaks allowed only in multi-line text: the API
    answers 422 naming the field, never a database error (a NUL on PostgreSQL)."""
    from pydantic import TypeAdapter

    from baomi.core.inputs import Line, Text

    patterns = {TypeAdapter(kind).json_schema()["pattern"] for kind in (Line, Text)}
    free = [
        (label, where)
        for label, where, node in _inputs(_schema())
        if node["type"] == "string"
        and "enum" not in node
        and "format" not in node
        and node.get("pattern") not in patterns
    ]
    assert not free, free


def test_every_id_and_offset_input_is_bounded(db):
    """An id beyond a 64-bit key or an offset beyond any list is 422, not an overflow."""
    loose = [
        (label, where)
        for label, where, node in _inputs(_schema())
        if node["type"] == "integer"
        and (where.endswith(("_id", "_ids[]", "offset")) or where == "id")
        and ("minimum" not in node or "maximum" not in node)
    ]
    assert not loose, loose
