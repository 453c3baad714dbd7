"""``{% meeting_docs meeting %}``: the papers (MEET-DOCS) and minutes (MEET-MINUTES) panels
on the meeting's page, each from its own part (``web.papers.panel``, ``web.minutes.panel``),
so the meeting's page needs one line for both."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from baomi.meetings.web import minutes, papers

register = template.Library()


@register.simple_tag(takes_context=True)
def meeting_docs(context: dict[str, Any], meeting: Any) -> SafeString:
    request = context["request"]
    return mark_safe(  # noqa: S308 - the templates render escaped text
        render_to_string("meetings/papers/panel.html", papers.panel(request, meeting), request)
        + render_to_string("meetings/minutes/panel.html", minutes.panel(request, meeting), request)
    )
