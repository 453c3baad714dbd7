"""The modules a domain keeps by convention: ``<app>.urls`` (its pages) and ``<app>.api`` (its
JSON routes, ``ROUTERS`` = [(prefix, ninja Router), …]), found in every installed baomi app —
an app of the ``baomi`` package, or one packaged outside it whose AppConfig says
``baomi_domain = True`` (Django's own apps and libraries also have ``urls`` modules, which are
not ours to mount)."""

from __future__ import annotations

import importlib
import importlib.util
from types import ModuleType

from django.apps import apps


def domain_modules(name: str) -> list[ModuleType]:
    """``<app>.<name>`` of every installed baomi app that has one, in INSTALLED_APPS order."""
    found = []
    for config in apps.get_app_configs():
        if not (config.name.startswith("baomi.") or getattr(config, "baomi_domain", False)):
            continue
        dotted = f"{config.name}.{name}"
        if importlib.util.find_spec(dotted) is not None:
            found.append(importlib.import_module(dotted))
    return found
