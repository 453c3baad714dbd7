"""What comes next for one asset, as the asset detail returns it (``next_steps``): the step
of each workflow and the operation that comes next, for the caller — what the asset page
offers them (``baomi.devices.queries.steps``). An approval is named by its id (GET
/approvals/mine and /approvals/awaiting list it), a record by the id of its repair, loan or
standalone use."""

from __future__ import annotations

from typing import Any, Literal

from ninja import Field, Schema

State = Literal["none", "pending", "granted", "open", "never", "running"]
STATES = (
    "none: nothing asked, the request comes next; pending: awaiting the approvers; granted: "
    "approved, the operation comes next; open: away (at the vendor, lent), the return comes "
    "next; never: a medium that holds or has held classified data never leaves for repair; "
    "running: a use in progress is finished first"
)
NEXT = "The operation that comes next for the caller (its route below); null: none"


def _id(row: Any) -> int | None:
    return row.pk if row is not None else None


class _StepOut(Schema):
    granted_id: int | None = Field(description="The granted approval the operation will use")
    pending_id: int | None = Field(description="The approval request awaiting its approvers")

    @staticmethod
    def resolve_granted_id(step: Any) -> int | None:
        return _id(step.granted)

    @staticmethod
    def resolve_pending_id(step: Any) -> int | None:
        return _id(step.pending)


class RepairStepOut(_StepOut):
    """DEV-REPAIR (the security officer's)."""

    state: State = Field(description=STATES)
    next: Literal["request_repair", "send_to_repair", "return_from_repair"] | None = Field(
        description=NEXT
    )
    repair_id: int | None = Field(description="The repair record while at the vendor")
    keeps_storage: bool = Field(
        description="Approved: the machine holds or has held classified data and goes without "
        "its storage (storage_kept)"
    )
    vendors: list[str] = Field(
        description="Nothing asked: the designated vendors a request may name (none: no "
        "request is possible yet)"
    )

    @staticmethod
    def resolve_repair_id(step: Any) -> int | None:
        return _id(step.open)


class LoanStepOut(_StepOut):
    """DEV-LEND (the security officer's)."""

    state: State = Field(description=STATES)
    next: Literal["request_loan", "lend_asset", "return_loan"] | None = Field(description=NEXT)
    loan_id: int | None = Field(description="The loan while lent")

    @staticmethod
    def resolve_loan_id(step: Any) -> int | None:
        return _id(step.open)


class DisposalStepOut(_StepOut):
    """DESTROY-APPROVE: scrapping or destroying this asset alone (the security officer's)."""

    state: State = Field(description=STATES)
    next: Literal["request_disposal", "dispose"] | None = Field(description=NEXT)
    outcome: str | None = Field(description="Approved: scrapped or destroyed")


class StandaloneStepOut(_StepOut):
    """DEV-STANDALONE on a computer, by the caller."""

    state: State | None = Field(
        description=STATES + "; null: the caller may ask for none (the computer is not at "
        "hand, or their role knows no items)"
    )
    next: Literal["request_standalone", "start_standalone", "finish_standalone"] | None = Field(
        description=NEXT
    )
    running_ids: list[int] = Field(description="The uses in progress the caller may finish")

    @staticmethod
    def resolve_running_ids(step: Any) -> list[int]:
        return [use.pk for use in step.running]


class SanitiseStepOut(_StepOut):
    """MEDIA-TAINT: sanitising a medium (the security officer's)."""

    state: State | None = Field(
        description=STATES + "; null: the medium needs no sanitising (only past requests)"
    )
    next: Literal["request_sanitisation", "sanitise"] | None = Field(description=NEXT)
    sanitisable: bool
    request_ids: list[int] = Field(description="Every request to sanitise it, newest first")

    @staticmethod
    def resolve_request_ids(step: Any) -> list[int]:
        return [request.pk for request in step.requests]


class AssetStepsOut(Schema):
    """The next steps of an asset for the caller; null for a workflow they do not see (repair,
    loan, disposal and sanitising are the security officer's; standalone processing and the
    upkeep records are a computer's)."""

    repair: RepairStepOut | None
    loan: LoanStepOut | None
    disposal: DisposalStepOut | None
    standalone: StandaloneStepOut | None
    sanitise: SanitiseStepOut | None
    upkeep: list[Literal["record_av_update", "report_infection", "record_backup"]] = Field(
        description="What may be recorded on a computer at hand (DEV-AV, DEV-BACKUP)"
    )
