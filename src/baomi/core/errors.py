"""The refusals every operation may raise. Views, the API and the CLI translate them."""

from collections.abc import Callable


class BaomiError(Exception):
    """Base of every refusal the product explains to a person."""

    def __init__(self, message: str = "") -> None:
        super().__init__(message)
        self.message = str(message)


class RuleViolation(BaomiError):
    """A rule of the rulebook refused the operation; ``rule_id`` names the clause."""

    def __init__(
        self,
        rule_id: str,
        message: str,
        *,
        conflict: bool = False,
        evidence: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(message)
        self.rule_id = rule_id
        # A conflicting state (an item already destroyed, a request already decided) is 409.
        self.conflict = conflict
        # Rows the refusal itself must leave behind (a refused media use and its alert for
        # the security office): written by ``@operation`` after the rollback, with the
        # refusal's audit event, in one fresh transaction.
        self.evidence = evidence

    def __str__(self) -> str:
        return f"{self.rule_id}: {self.message}"


class AccessDenied(BaomiError):
    """The actor's role does not permit the operation (the permission matrix refused)."""


class NotFound(BaomiError):
    """The item does not exist, or the actor may not know it (CLS-MAC non-disclosure)."""


class InvalidInput(BaomiError):
    """The request itself is malformed (a missing field, a date in the wrong form).
    ``detail``, when given, lists the problems one by one (e.g. each rejected row of a file)."""

    def __init__(self, message: str, *, field: str = "", detail: list | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.detail = detail


class Conflict(BaomiError):
    """The state changed under the request (already decided, already consumed)."""
