"""``python -m optimiser.warm [--research]``: compile the engine's kernels into ``$OPTIMISER_CACHE_DIR`` (see
:mod:`optimiser.compiled`); ``--research`` also compiles the research MDGP solver's."""

import sys

from optimiser import compiled

if __name__ == "__main__":  # pragma: no cover - a command-line entry
    seconds = compiled.warm(research="--research" in sys.argv[1:])
    print(f"engine compiled code ready in {compiled.cache_dir() or 'the default cache'} ({seconds:.1f} s)")
