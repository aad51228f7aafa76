"""Benchmarks of Mötesplats (run as modules, e.g. ``python -m bench.mdgp``); never timed unit tests."""
