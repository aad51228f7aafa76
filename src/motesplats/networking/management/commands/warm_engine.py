"""``python manage.py warm_engine``: compile the engine's kernels into ``ENGINE_CACHE_DIR`` (numba's cache), so
that the first plan starts searching at once. ``make demo`` runs it; so should a production install, after which
the directory may be read-only (see ``optimiser.compiled``)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from optimiser import compiled


class Command(BaseCommand):
    help = "Compile the optimisation engine's kernels into the engine cache directory (ENGINE_CACHE_DIR)."

    def handle(self, *args: Any, **options: Any) -> None:
        seconds = compiled.warm()
        self.stdout.write(f"Engine ready in {compiled.cache_dir() or 'numba default cache'} ({seconds:.1f} s).")
