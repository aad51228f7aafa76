"""Demo hook: index the demo portfolio (storing every sentence vector) and compute the overlap overview, so
that the first visitor of a project page or of the overlap view waits for nothing. Idempotent."""

from __future__ import annotations

from typing import Any, TextIO

from motesplats.discovery import index_store, services


def load(stdout: TextIO | None = None) -> dict[str, Any]:
    index_store.reset()
    state = index_store.warm()
    snapshot = services.overlap_compute()
    if stdout is not None:
        stdout.write(f"Upptäckt: {len(state.index)} projekt indexerade ({state.engine}), överlapp beräknad "
                     f"på {snapshot.seconds:.1f} s\n")
    return {"projects": len(state.index), "engine": state.engine, "pairs": len(snapshot.payload["pairs"])}
