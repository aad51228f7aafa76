"""Operations: health and readiness probes, request ids in JSON logs, Prometheus metrics, start-up checks,
backup and restore (issue 15). No models: nothing here stores personal data."""
