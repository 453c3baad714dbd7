"""The registry of audit actions: every event type has one registered code and label."""

from django.utils.functional import Promise

ACTIONS: dict[str, Promise | str] = {}


def register_action(code: str, label: Promise | str) -> str:
    if code in ACTIONS:
        raise ValueError(f"audit action {code} registered twice")
    ACTIONS[code] = label
    return code


def label(code: str) -> Promise | str:
    return ACTIONS.get(code, code)
