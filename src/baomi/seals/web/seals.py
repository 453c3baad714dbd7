"""The pages of the seals (印章管理, SEAL-LOG): one menu entry for everyone who may ask for
approvals. The office (MANAGE_SEALS) sees the register of seals, registers one, and exports the
seal use register (用印登记簿); a keeper sees the seals they keep; everyone asks to use or take
out a seal and sees their own requests. A seal's page shows its keeper, uses, take-outs and
the lock-up record of its last days (an unconfirmed working day flagged); a use's and a
take-out's page offer their next steps (``kit.actions``). The keeper's home panel lists
today's lock-up and the uses approved waiting to be logged. The approval requests' subject
(the seal) and sentences are told here too."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baomi.core.exports import EXPORTERS
from baomi.kit.actions import Action, arrange
from baomi.kit.pages import (
    attachment,
    cleaned,
    done,
    export_links,
    filter_query,
    next_page,
    page,
)
from baomi.org import queries as org_queries
from baomi.seals.operations import seals as ops
from baomi.seals.policies import keeps_seals
from baomi.seals.queries import seals as queries
from baomi.seals.web import seal_forms as forms
from baomi.seams.approvals import Subject

RULES = ("SEAL-LOG",)

# Approvals ------------------------------------------------------------------------------------


def subject(actor: Any, seal_id: int) -> Subject | None:
    """The seal an approval request is about, to those who may know it, may ask to use it or
    are asked to approve its use."""
    found = queries.asked_about(actor, seal_id)
    if found is None:
        return None
    label = f"{found.name} · {queries.kind_label(found.kind)}"
    known = queries.SEALS.may_know(actor, found)
    return Subject(label, None, reverse("seal", args=[found.pk]) if known else "#")


def use_sentence(actor: Any, params: Mapping[str, Any]) -> str:
    """What an approval of a use authorises: the document, the impressions, to whom."""
    return _("%(impressions)s impressions on “%(document)s” for %(recipient)s.") % {
        "impressions": params.get("impressions", "—"),
        "document": params.get("document", "—"),
        "recipient": params.get("recipient") or "—",
    }


def take_out_sentence(actor: Any, params: Mapping[str, Any]) -> str:
    """What an approval of a take-out authorises: who, where, what for, back by when."""
    name = org_queries.name_of(actor, params.get("taken_by_id"))
    back = str(params.get("due_back_at", "—")).replace("T", " ")[:16]
    return _("%(name)s takes the seal to %(destination)s (%(purpose)s), back by %(back)s.") % {
        "name": name or "—",
        "destination": params.get("destination", "—"),
        "purpose": params.get("purpose", "—"),
        "back": back,
    }


# Navigation, panels, registers -------------------------------------------------------------


def keeper_count(actor: Any) -> int:
    """The menu entry's badge: the keeper's uses to log and seals to hand out."""
    return queries.keeper_count(actor)


def my_seals(actor: Any, **about: Any) -> dict[str, Any] | None:
    """The keeper's home panel: each seal they keep, today's lock-up, its flagged days and
    the uses approved waiting to be logged; None for whoever keeps none."""
    lines = queries.my_seals(actor)
    if not lines:
        return None
    return {"lines": lines, "today": timezone.localdate(), "lock_form": forms.LockUpForm()}


def my_seals_count(actor: Any) -> int:
    lines = queries.my_seals(actor)
    return sum(len(line["waiting"]) + len(line["unconfirmed"]) for line in lines)


def register_url() -> str:
    return reverse("seal_use_register")


def register_shown(actor: Any) -> bool:
    return keeps_seals(actor)


def register_exports() -> list[tuple[str, str]]:
    return [(f, f"{reverse('seal_use_register')}?format={f}") for f in EXPORTERS]


# The list ----------------------------------------------------------------------------------


def _use_lines(found: Any) -> list[dict[str, Any]]:
    return [
        {"use": u, "status": u.status, "label": queries.USE_STATUS_LABELS.get(u.status, u.status)}
        for u in found
    ]


def _take_out_lines(found: Any) -> list[dict[str, Any]]:
    now = timezone.now()
    return [
        {
            "take_out": t,
            "status": t.status,
            "label": queries.TAKE_OUT_STATUS_LABELS.get(t.status, t.status),
            "overdue": t.status == "out" and t.due_back_at < now,
        }
        for t in found
    ]


@page("seals")
def seals(request: HttpRequest) -> HttpResponse:
    """The seals the person may know (the office's register, else the ones they keep), the
    seals out, their own requests, and the forms to ask to use or take out a seal."""
    actor = request.user
    offered = list(queries.offered(actor))
    office = keeps_seals(actor)
    found: list[Action] = []
    if offered:
        found += [
            Action(
                "seal-use-request",
                _("Ask to use a seal"),
                reverse("seal_use_request"),
                forms.UseRequestForm(seals=offered),
                rules=RULES,
                intro=_(
                    "The request goes to the approvers of SEAL-LOG; the keeper logs the use "
                    "once it is approved."
                ),
            ),
            Action(
                "seal-take-out-request",
                _("Ask to take a seal out"),
                reverse("seal_take_out_request"),
                forms.TakeOutRequestForm(seals=offered),
                rules=RULES,
                style="warning",
                intro=_(
                    "Seals are not taken out of the office (不准携带公章外出): only an approved "
                    "exception, with the time it is back."
                ),
            ),
        ]
    if office:
        found.append(
            Action(
                "seal-register",
                _("Register a seal"),
                reverse("seal_register"),
                forms.SealForm(keepers=queries.keepers(actor)),
                rules=RULES,
            )
        )
    return render(
        request,
        "seals/seals/list.html",
        {
            "office": office,
            "seals": list(queries.seals(actor)),
            "out": _take_out_lines(queries.take_outs(actor, status="out")),
            "my_uses": _use_lines(queries.uses(actor, mine=True)[:50]),
            "my_take_outs": _take_out_lines(queries.take_outs(actor, mine=True)[:50]),
            "actions": arrange(request, found),
        },
    )


@require_POST
@page("seals")
def seal_register(request: HttpRequest) -> HttpResponse:
    data = cleaned(forms.SealForm(request.POST, keepers=queries.keepers(request.user)))
    item = ops.register_seal(
        actor=request.user,
        name=data["name"],
        kind=data["kind"],
        keeper_id=data["keeper"],
        number=data["number"],
        location=data["location"],
    )
    return done(request, _("Seal registered."), reverse("seal", args=[item.pk]))


# A seal ------------------------------------------------------------------------------------


@page("seals")
def seal(request: HttpRequest, seal_id: int) -> HttpResponse:
    """A seal: its keeper and safe, its uses and take-outs, the lock-up record of its last
    days, and what the keeper or the office may do."""
    actor = request.user
    item = queries.seal(actor, seal_id)
    office = keeps_seals(actor)
    keeper = queries.is_keeper(actor, item)
    found: list[Action] = []
    if item.active and (keeper or office):
        found.append(
            Action(
                "seal-lock",
                _("Confirm it is locked in the safe"),
                reverse("seal_lock", args=[item.pk]),
                forms.LockUpForm(),
                rules=RULES,
                faults={"SEAL-LOG": "day"},
            )
        )
    if item.active and office:
        found += [
            Action(
                "seal-keeper",
                _("Change the keeper"),
                reverse("seal_keeper", args=[item.pk]),
                forms.KeeperForm(keepers=queries.keepers(actor)),
                rules=RULES,
            ),
            Action(
                "seal-deactivate",
                _("Take out of use"),
                reverse("seal_deactivate", args=[item.pk]),
                style="danger",
            ),
        ]
    return render(
        request,
        "seals/seals/detail.html",
        {
            "seal": item,
            "kind": queries.kind_label(item.kind),
            "office": office,
            "uses": _use_lines(queries.uses(actor, seal_id=item.pk)[:100]),
            "take_outs": _take_out_lines(queries.take_outs(actor, seal_id=item.pk)[:50]),
            "record": queries.lock_up_record(actor, item),
            "out": queries.out_now(item.pk),
            "actions": arrange(request, found),
        },
    )


def _to_seal(request: HttpRequest, seal_id: int, message: str) -> HttpResponse:
    return done(request, message, next_page(request, reverse("seal", args=[seal_id])))


@require_POST
@page("seals")
def seal_lock(request: HttpRequest, seal_id: int) -> HttpResponse:
    data = cleaned(forms.LockUpForm(request.POST))
    ops.confirm_locked(actor=request.user, seal_id=seal_id, day=data["day"])
    return _to_seal(request, seal_id, _("Lock-up confirmed."))


@require_POST
@page("seals")
def seal_keeper(request: HttpRequest, seal_id: int) -> HttpResponse:
    data = cleaned(forms.KeeperForm(request.POST, keepers=queries.keepers(request.user)))
    ops.change_keeper(actor=request.user, seal_id=seal_id, keeper_id=data["keeper"])
    return _to_seal(request, seal_id, _("Keeper changed."))


@require_POST
@page("seals")
def seal_deactivate(request: HttpRequest, seal_id: int) -> HttpResponse:
    ops.deactivate_seal(actor=request.user, seal_id=seal_id)
    return _to_seal(request, seal_id, _("Seal taken out of use."))


# Uses --------------------------------------------------------------------------------------


@require_POST
@page("seals")
def seal_use_request(request: HttpRequest) -> HttpResponse:
    offered = queries.offered(request.user)
    data = cleaned(forms.UseRequestForm(request.POST, seals=offered))
    item = ops.request_use(
        actor=request.user,
        seal_id=data["seal"],
        document=data["document"],
        impressions=data["impressions"],
        recipient=data["recipient"],
    )
    return done(
        request, _("Seal use requested: it awaits approval."), reverse("seal_use", args=[item.pk])
    )


@page("seals")
def seal_use(request: HttpRequest, use_id: int) -> HttpResponse:
    """A use: what for, how many, to whom, its approval, its log, and the next steps."""
    item = queries.use(request.user, use_id)
    steps = queries.use_steps(request.user, item)
    here = reverse("seal_use", args=[item.pk])
    found: list[Action] = []
    if "log" in steps:
        found.append(
            Action(
                "seal-use-log",
                queries.USE_STEP_LABELS["log"],
                reverse("seal_use_log", args=[item.pk]),
                forms.LogUseForm(initial={"impressions": item.impressions}),
                rules=RULES,
                faults={"SEAL-LOG": "impressions"},
            )
        )
    if "withdraw" in steps:
        found.append(
            Action(
                "seal-use-withdraw",
                queries.USE_STEP_LABELS["withdraw"],
                reverse("seal_use_withdraw", args=[item.pk]),
                hidden={"next": here},
                style="danger",
            )
        )
    return render(
        request,
        "seals/seals/use.html",
        {
            "use": item,
            "line": _use_lines([item])[0],
            "seal_known": queries.SEALS.may_know(request.user, item.seal),
            "approvers": list(item.approval.steps.select_related("approver"))
            if item.approval
            else [],
            "actions": arrange(request, found),
        },
    )


@require_POST
@page("seals")
def seal_use_log(request: HttpRequest, use_id: int) -> HttpResponse:
    data = cleaned(forms.LogUseForm(request.POST))
    ops.log_use(
        actor=request.user,
        use_id=use_id,
        impressions=data["impressions"],
        letter_number=data["letter_number"],
        note=data["note"],
    )
    return done(request, _("Use logged."), reverse("seal_use", args=[use_id]))


@require_POST
@page("seals")
def seal_use_withdraw(request: HttpRequest, use_id: int) -> HttpResponse:
    ops.withdraw_use(actor=request.user, use_id=use_id)
    return done(request, _("Request withdrawn."), reverse("seal_use", args=[use_id]))


# Taking out --------------------------------------------------------------------------------


@require_POST
@page("seals")
def seal_take_out_request(request: HttpRequest) -> HttpResponse:
    offered = queries.offered(request.user)
    data = cleaned(forms.TakeOutRequestForm(request.POST, seals=offered))
    item = ops.request_take_out(
        actor=request.user,
        seal_id=data["seal"],
        destination=data["destination"],
        purpose=data["purpose"],
        due_back_at=data["due_back_at"],
    )
    return done(
        request,
        _("Taking the seal out requested: it awaits approval."),
        reverse("seal_take_out", args=[item.pk]),
    )


@page("seals")
def seal_take_out(request: HttpRequest, take_out_id: int) -> HttpResponse:
    item = queries.take_out(request.user, take_out_id)
    steps = queries.take_out_steps(request.user, item)
    here = reverse("seal_take_out", args=[item.pk])
    urls = {
        "hand_out": ("seal-hand-out", "seal_take_out_hand_out", "primary"),
        "return": ("seal-return", "seal_take_out_return", "primary"),
        "withdraw": ("seal-take-out-withdraw", "seal_take_out_withdraw", "danger"),
    }
    found = [
        Action(
            urls[step][0],
            queries.TAKE_OUT_STEP_LABELS[step],
            reverse(urls[step][1], args=[item.pk]),
            hidden={"next": here},
            style=urls[step][2],
        )
        for step in steps
    ]
    return render(
        request,
        "seals/seals/take_out.html",
        {
            "take_out": item,
            "line": _take_out_lines([item])[0],
            "seal_known": queries.SEALS.may_know(request.user, item.seal),
            "approvers": list(item.approval.steps.select_related("approver"))
            if item.approval
            else [],
            "actions": arrange(request, found),
        },
    )


def _to_take_out(request: HttpRequest, take_out_id: int, message: str) -> HttpResponse:
    return done(request, message, next_page(request, reverse("seal_take_out", args=[take_out_id])))


@require_POST
@page("seals")
def seal_take_out_hand_out(request: HttpRequest, take_out_id: int) -> HttpResponse:
    ops.hand_out(actor=request.user, take_out_id=take_out_id)
    return _to_take_out(request, take_out_id, _("Seal handed out."))


@require_POST
@page("seals")
def seal_take_out_return(request: HttpRequest, take_out_id: int) -> HttpResponse:
    ops.return_seal(actor=request.user, take_out_id=take_out_id)
    return _to_take_out(request, take_out_id, _("Return confirmed."))


@require_POST
@page("seals")
def seal_take_out_withdraw(request: HttpRequest, take_out_id: int) -> HttpResponse:
    ops.withdraw_take_out(actor=request.user, take_out_id=take_out_id)
    return _to_take_out(request, take_out_id, _("Request withdrawn."))


# The seal use register (用印登记簿) -----------------------------------------------------------


@page("seals", keeps_seals)
def seal_use_register(request: HttpRequest) -> HttpResponse:
    """The office's 用印登记簿, by seal and year, 50 lines a page in the order the uses were
    made; ``?format=`` exports it (.xlsx, PDF; at most ``queries.MAX_LINES`` lines)."""
    actor = request.user
    form = forms.RegisterFilterForm(request.GET or None, seals=queries.seals(actor))
    data = form.cleaned_data if form.is_valid() else {}
    seal_id, year = data.get("seal"), data.get("year")
    file_format = request.GET.get("format", "")
    if file_format:
        export = queries.export_register(actor, file_format, seal_id=seal_id, year=year)
        return attachment(export.content, export.filename, export.content_type)
    page_obj = Paginator(
        queries.register_uses(actor, seal_id=seal_id, year=year), queries.PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "seals/seals/register.html",
        {
            "form": form,
            "columns": queries.register_columns(),
            "rows": [queries.register_row(item) for item in page_obj.object_list],
            "page_obj": page_obj,
            "query": filter_query(request),
            "exports": export_links(request),
        },
    )
