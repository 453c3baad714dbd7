"""Template context shared by every page: the shell's navigation for the signed-in role."""

from typing import Any

from django.http import HttpRequest


def shell(request: HttpRequest) -> dict[str, Any]:
    return {}
