"""One registry: named entries, kept in the order of their ``order`` then of registration."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Generic, Protocol, TypeVar


class Entry(Protocol):
    @property
    def key(self) -> str: ...


E = TypeVar("E", bound=Entry)


class Registry(Generic[E]):
    """Entries by key. Registering a second entry under a taken key is a programming error
    (two domains claiming one name), unless it is the same entry again (``ready`` may run
    twice in tests)."""

    def __init__(self, what: str) -> None:
        self.what = what
        self._entries: dict[str, E] = {}

    def register(self, *entries: E) -> None:
        for entry in entries:
            known = self._entries.get(entry.key)
            if known is not None and known != entry:
                raise ValueError(f"{self.what} {entry.key!r} is registered twice")
            self._entries[entry.key] = entry

    def replace(self, entry: E) -> None:
        """Put ``entry`` in the place of the one registered under its key: an app that extends
        another's entry (``baomi.backups`` adds the installation to the computers' DEV-BACKUP
        deadlines, one provider per rule)."""
        self[entry.key]  # refuses a key nobody registered
        self._entries[entry.key] = entry

    def get(self, key: str) -> E | None:
        return self._entries.get(key)

    def __getitem__(self, key: str) -> E:
        try:
            return self._entries[key]
        except KeyError:
            raise KeyError(f"no {self.what} {key!r} is registered") from None

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def __iter__(self) -> Iterator[E]:
        entries = list(self._entries.values())
        return iter(sorted(entries, key=lambda e: getattr(e, "order", 0)))

    def __len__(self) -> int:
        return len(self._entries)
