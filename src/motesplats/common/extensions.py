"""Extension points: an app defines one for what other apps may add; the others register in AppConfig.ready().

The app that is extended owns the point (accounts: personal data; events: "Min dag" sections; common: the
menu) and never imports the apps that extend it. An entry has a `key`; registering the same key again
replaces the entry in its place, so a second `ready()` (as in some test set-ups) adds nothing twice.

>>> from dataclasses import dataclass
>>> @dataclass(frozen=True)
... class Greeting:
...     key: str
...     text: str
>>> greetings: ExtensionPoint[Greeting] = ExtensionPoint("greetings")
>>> _ = greetings.register(Greeting("sv", "Hej"))
>>> _ = greetings.register(Greeting("en", "Hello"))
>>> _ = greetings.register(Greeting("sv", "Hej hej"))
>>> [g.text for g in greetings]
['Hej hej', 'Hello']
>>> greetings.unregister("en")
>>> len(greetings)
1
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Generic, Protocol, TypeVar


class Keyed(Protocol):
    @property
    def key(self) -> str: ...


Entry = TypeVar("Entry", bound=Keyed)


class ExtensionPoint(Generic[Entry]):
    """Entries in the order they were registered (the order of INSTALLED_APPS, when registered in ready())."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._entries: dict[str, Entry] = {}

    def register(self, entry: Entry) -> Entry:
        self._entries[entry.key] = entry
        return entry

    def unregister(self, key: str) -> None:
        self._entries.pop(key, None)

    def __iter__(self) -> Iterator[Entry]:
        return iter(list(self._entries.values()))

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def __repr__(self) -> str:
        return f"<ExtensionPoint {self.name}: {', '.join(self._entries)}>"
