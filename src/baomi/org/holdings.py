"""What a person still holds, asked of the domains that hand items to people (HANDOVER).

The organisation chart does not know documents, media or equipment (they live in apps above
it), so each such app registers a provider when it starts (in its ``AppConfig.ready``):
``provider(person)`` answers the items the person still holds, each as one human-readable
line. ``held_by(person)`` asks every provider; a person holding anything cannot be marked as
left."""

from __future__ import annotations

from collections.abc import Callable

from baomi.org.models import Person

Provider = Callable[[Person], list[str]]

_providers: list[Provider] = []


def register(provider: Provider) -> None:
    """Ask ``provider`` from now on (registering the same provider twice asks it once)."""
    if provider not in _providers:
        _providers.append(provider)


def held_by(person: Person) -> list[str]:
    """Every item ``person`` still holds, according to every registered provider."""
    return [item for provider in _providers for item in provider(person)]
