"""Signals of the registry, for the apps that follow it.

projects_changed(sender=Project, ids: list[int])
    Sent once after a transaction commits (at once outside a transaction) in which registry services created,
    changed or deleted projects or what belongs to them: fields, themes, partners, contacts, the data they
    collect and need. `ids` lists every such project once, sorted; a deleted project's id is among them.
    A bulk import sends it once, with every project it wrote. Discovery keeps its index current with it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

from django.db import transaction
from django.dispatch import Signal

projects_changed = Signal()


class _Announcement:
    """The ids of one transaction; called after its commit."""

    def __init__(self) -> None:
        self.ids: set[int] = set()
        self.sent = False

    def __call__(self) -> None:
        from motesplats.registry.models import Project

        self.sent = True
        projects_changed.send(sender=Project, ids=sorted(self.ids))


_local = threading.local()  # each thread has its own database connection, so its own transaction


def announce_projects_changed(ids: Iterable[int]) -> None:
    """Queue `projects_changed` for these projects: one signal per transaction, however many services ran."""
    ids = {int(pk) for pk in ids if pk is not None}
    if not ids:
        return
    pending: _Announcement | None = getattr(_local, "pending", None)
    connection = transaction.get_connection()
    # still queued in this transaction? (a rollback drops the queued call, and with it these ids)
    if pending is None or pending.sent or not connection.in_atomic_block or not any(
            hook[1] is pending for hook in connection.run_on_commit):
        pending = _local.pending = _Announcement()
        pending.ids |= ids
        transaction.on_commit(pending)  # outside a transaction: sent now
        return
    pending.ids |= ids
