"""Signals of the registry, for the apps that follow it.

projects_changed(sender=Project, ids: list[int])
    Sent after the commit (at once outside a transaction) of registry services that created, changed or
    deleted projects or what belongs to them: fields, themes, partners, contacts, the data they collect and
    need. `ids` lists every such project once, sorted; a deleted project's id is among them. One service call
    sends one signal; writes inside `batched_announcements()` (the portfolio import, a project saved with its
    lists) send one signal for the whole block. Discovery keeps its index current with it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import transaction
from django.dispatch import Signal

from motesplats.registry.models import Project

projects_changed = Signal()

_local = threading.local()  # each thread has its own connection, so its own transaction and batch


def _send(ids: set[int]) -> None:
    projects_changed.send(sender=Project, ids=sorted(ids))


def announce_projects_changed(ids: Iterable[int]) -> None:
    """Send `projects_changed` for these projects after the commit (or add them to the open batch)."""
    changed = {int(pk) for pk in ids if pk is not None}
    if not changed:
        return
    batch: set[int] | None = getattr(_local, "batch", None)
    if batch is not None:
        batch |= changed
        return
    transaction.on_commit(lambda: _send(changed))


@contextmanager
def batched_announcements() -> Iterator[None]:
    """Collect the announcements of the services run inside; one signal for all of them after the commit.

    Use it inside the transaction the writes belong to. Blocks may nest (the outermost one sends). A block
    left by an exception announces nothing: its transaction is rolled back.
    """
    if getattr(_local, "batch", None) is not None:
        yield
        return
    batch: set[int] = set()
    _local.batch = batch
    try:
        yield
    finally:
        _local.batch = None
    if batch:
        transaction.on_commit(lambda: _send(batch))
