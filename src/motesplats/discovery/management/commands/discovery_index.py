"""python manage.py discovery_index: build the discovery index now (with progress) and save the snapshot
that web processes start from, instead of each building it on its first request."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from motesplats.discovery import index_store


class Command(BaseCommand):
    help = "Build the discovery index from the registry and save it for the web processes."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()

        def progress(done: int, total: int) -> None:
            self.stdout.write(f"\r{done}/{total} projekt indexerade", ending="")
            self.stdout.flush()

        state, path = index_store.build_and_save(progress)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(
            f"{len(state.index)} projekt indexerade på {time.perf_counter() - started:.1f} s ({state.engine}); "
            f"sparat i {path}"))
