"""python manage.py discovery_index: build the discovery index now, with progress, storing the sentence
vectors of every text in the database, so that web processes start without running the model."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from motesplats.discovery import index_store


class Command(BaseCommand):
    help = "Build the discovery index from the registry and store the sentence vectors for every process."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()

        def progress(done: int, total: int) -> None:
            width = 30
            filled = int(width * done / max(total, 1))
            self.stdout.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} projekt", ending="")
            self.stdout.flush()

        state = index_store.warm(progress)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(
            f"{len(state.index)} projekt indexerade på {time.perf_counter() - started:.1f} s ({state.engine})"))
