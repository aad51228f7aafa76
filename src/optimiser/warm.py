"""``python -m optimiser.warm``: compile the engine's kernels into ``$OPTIMISER_CACHE_DIR`` (see
:mod:`optimiser.compiled`)."""

from optimiser import compiled

if __name__ == "__main__":  # pragma: no cover - a command-line entry
    seconds = compiled.warm()
    print(f"engine compiled code ready in {compiled.cache_dir() or 'the default cache'} ({seconds:.1f} s)")
