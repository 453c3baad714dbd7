"""Approval operations and the subjects they are about.

An approval request names a registered operation (``ApprovalOperation``): its name, its label
as a reader sees it, the rules under which it may be asked, and ``sentence``, which turns the
request's parameters into the words of what it authorises. ``open_request`` and
``consume_approval`` refuse a name nobody registered.

A request's subject (``"carriers.copy"``, ``"devices.asset"`` …) is described by the
``SubjectKind`` its domain registered, and only to someone who may know it (CLS-MAC): a
subject the actor may not know, or of a type nobody registered, is described as None and the
page says the item is not shown."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise

from baomi.seams.registry import Registry


@dataclass(frozen=True)
class Subject:
    """What a request is about, as the asking person may see it."""

    label: str
    level: int | None
    url: str


@dataclass(frozen=True)
class SubjectKind:
    key: str  # "<app>.<model>", the request's subject_type
    describe: Callable[[Any, int], Subject | None]  # (actor, subject id) → None if not known
    # (actor, subject ids) → those the actor may know, described in one read: for the kinds
    # listed by the page (the deadlines' copies and documents); else one ``describe`` each
    describe_many: Callable[[Any, Collection[int]], dict[int, Subject]] | None = None


def no_parameters(actor: Any, params: Mapping[str, Any]) -> str:
    return ""


@dataclass(frozen=True)
class ApprovalOperation:
    key: str  # the request's operation name
    label: Promise
    rules: tuple[str, ...]  # the rules under which it is asked
    # (actor, params) → what the request authorises, in words the actor may read
    sentence: Callable[[Any, Mapping[str, Any]], str] = field(default=no_parameters)


APPROVAL_OPERATIONS: Registry[ApprovalOperation] = Registry("approval operation")
SUBJECT_KINDS: Registry[SubjectKind] = Registry("approval subject kind")


def describe(actor: Any, subject_type: str, subject_id: str) -> Subject | None:
    """The subject as ``actor`` may see it, or None when they may not know it."""
    kind = SUBJECT_KINDS.get(subject_type)
    if kind is None or not str(subject_id).isdigit():
        return None
    return kind.describe(actor, int(subject_id))


def describe_all(actor: Any, subjects: Iterable[tuple[str, int]]) -> dict[tuple[str, int], Subject]:
    """Each of ``subjects`` ((type, id) pairs) that ``actor`` may know, described: one read a
    kind where it describes many at once. A subject missing from the answer is not shown."""
    wanted: dict[str, set[int]] = {}
    for subject_type, subject_id in subjects:
        wanted.setdefault(subject_type, set()).add(subject_id)
    found: dict[tuple[str, int], Subject] = {}
    for subject_type, ids in wanted.items():
        kind = SUBJECT_KINDS.get(subject_type)
        if kind is None:
            continue
        if kind.describe_many is not None:
            described = kind.describe_many(actor, ids)
        else:
            described = {pk: kind.describe(actor, pk) for pk in ids}
        found.update(((subject_type, pk), s) for pk, s in described.items() if s is not None)
    return found


def operation_label(name: str) -> Any:
    operation = APPROVAL_OPERATIONS.get(name)
    return operation.label if operation else name


def parameters_sentence(actor: Any, name: str, params: Mapping[str, Any]) -> str:
    """What a request of operation ``name`` with ``params`` authorises, in words for
    ``actor``."""
    operation = APPROVAL_OPERATIONS.get(name)
    return operation.sentence(actor, params) if operation else ""
