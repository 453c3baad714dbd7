"""The classified posts page (security office) and a person's posts on their page in the
organisation: appoint to a post and end a holding (PPL-VET, PPL-CLASS). The forms only shape
input; the operations (``operations.posts``) check every rule."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from baomi.core.levels import Clearance
from baomi.kit.forms import Form, date_input
from baomi.kit.pages import cleaned, done, page
from baomi.org import queries as org
from baomi.people.operations import posts as operations
from baomi.people.operations.posts import MAX_DUTIES, MAX_NAME, POST_CLASSES
from baomi.people.queries import posts as queries


def _class_choices() -> list[tuple[Any, Any]]:
    return [(int(c), Clearance(c).label) for c in POST_CLASSES]


class PostForm(Form):
    name = forms.CharField(label=gettext_lazy("Classified post"), max_length=MAX_NAME)
    clearance = forms.TypedChoiceField(label=gettext_lazy("Class"), coerce=int, choices=())
    department = forms.TypedChoiceField(
        label=gettext_lazy("Department"), coerce=int, required=False, empty_value=None, choices=()
    )
    duties = forms.CharField(
        label=gettext_lazy("Duties"),
        max_length=MAX_DUTIES,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["clearance"].choices = _class_choices()
        self.fields["department"].choices = [
            ("", "—"),
            *((d.pk, d.name) for d in org.departments(actor)),
        ]


class AppointForm(Form):
    post = forms.TypedChoiceField(label=gettext_lazy("Classified post"), coerce=int, choices=())
    since = forms.DateField(label=gettext_lazy("Since"), widget=date_input())

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["post"].choices = [
            (p.pk, f"{p.name} ({Clearance(p.clearance).label})")
            for p in queries.posts(actor, active=True)
        ]


class EndHoldingForm(Form):
    until = forms.DateField(label=gettext_lazy("Until"), widget=date_input())


@page("people_files")
def classified_posts(request: HttpRequest) -> HttpResponse:
    """The organisation's classified posts with their class and holders; a new post."""
    if request.method == "POST":
        data = cleaned(PostForm(request.POST, actor=request.user))
        made = operations.create_post(
            actor=request.user,
            name=data["name"],
            clearance=data["clearance"],
            department_id=data["department"],
            duties=data["duties"],
        )
        return done(
            request,
            _("Classified post created: %(name)s.") % {"name": made.name},
            reverse("classified_posts"),
        )
    return render(
        request,
        "people/posts/list.html",
        {
            "posts": queries.office_posts(request.user),
            "form": PostForm(actor=request.user),
        },
    )


@page("people_files")
def classified_post(request: HttpRequest, post_id: int) -> HttpResponse:
    """One classified post: change it."""
    found = queries.post(request.user, post_id)
    if request.method == "POST":
        data = cleaned(PostForm(request.POST, actor=request.user))
        changed = operations.update_post(
            actor=request.user,
            post_id=post_id,
            name=data["name"],
            clearance=data["clearance"],
            department_id=data["department"],
            duties=data["duties"],
        )
        return done(
            request,
            _("Classified post changed: %(name)s.") % {"name": changed.name},
            reverse("classified_posts"),
        )
    form = PostForm(
        actor=request.user,
        initial={
            "name": found.name,
            "clearance": found.clearance,
            "department": found.department_id,
            "duties": found.duties,
        },
    )
    return render(request, "people/posts/post.html", {"post": found, "form": form})


@require_POST
@page("people_files")
def deactivate_post(request: HttpRequest, post_id: int) -> HttpResponse:
    changed = operations.deactivate_post(actor=request.user, post_id=post_id)
    return done(
        request,
        _("Classified post deactivated: %(name)s.") % {"name": changed.name},
        reverse("classified_posts"),
    )


@require_POST
@page("people")
def appoint(request: HttpRequest, person_id: int) -> HttpResponse:
    """Appoint the person to a classified post (PPL-VET, PPL-CLASS)."""
    data = cleaned(AppointForm(request.POST, actor=request.user))
    holding = operations.appoint(
        actor=request.user, person_id=person_id, post_id=data["post"], since=data["since"]
    )
    return done(
        request,
        _("%(name)s holds %(post)s from %(since)s.")
        % {
            "name": holding.person.name,
            "post": holding.post.name,
            "since": holding.since.isoformat(),
        },
        reverse("person", args=[person_id]),
    )


@require_POST
@page("people")
def end_holding(request: HttpRequest, holding_id: int) -> HttpResponse:
    data = cleaned(EndHoldingForm(request.POST))
    ended = operations.end_holding(actor=request.user, holding_id=holding_id, until=data["until"])
    return done(
        request,
        _("%(name)s held %(post)s until %(until)s.")
        % {
            "name": ended.person.name,
            "post": ended.post.name,
            "until": ended.until.isoformat(),
        },
        reverse("person", args=[ended.person_id]),
    )


def appoint_form(actor: Any) -> AppointForm:
    return AppointForm(actor=actor, initial={"since": timezone.localdate()}, auto_id="appoint-%s")


def end_form() -> EndHoldingForm:
    return EndHoldingForm(initial={"until": timezone.localdate()})
