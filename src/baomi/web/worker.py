"""A serving process made ready before its first request (``baomi.wsgi``)."""

from __future__ import annotations

import gc

from django.urls import get_resolver


def settle() -> None:
    """Load what the first request would load (the URLconf: every app's pages and the API
    with its schemas), then move every object alive into the garbage collector's permanent
    generation (``gc.freeze``). A full collection then walks only what requests leave behind,
    not the quarter of a million objects of a loaded baomi: on the bench organisation a full
    collection took ~100 ms and fell on one page in six (bench/cockpit.py)."""
    get_resolver().reverse_dict  # noqa: B018 (building the URL map imports every page and route)
    gc.collect()
    gc.freeze()
