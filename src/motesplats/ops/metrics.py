"""The project's own Prometheus metrics, read from the database and the broker at each scrape so that every web
process reports the same figures (no per-process counters to add up): registrations by status, check-ins,
networking plans by status, plan durations (the engine's own timing) and the Celery queue length.

Request, database and cache metrics come from django-prometheus. With several gunicorn workers set
PROMETHEUS_MULTIPROC_DIR (as compose.yaml does): `registry()` then adds up the workers' own metrics."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator

from django.conf import settings
from prometheus_client import REGISTRY, CollectorRegistry, multiprocess
from prometheus_client.core import GaugeMetricFamily, HistogramMetricFamily, Metric
from prometheus_client.registry import Collector

log = logging.getLogger(__name__)
PLAN_BUCKETS = (1.0, 2.0, 5.0, 10.0, 20.0, 30.0, 60.0, 120.0, 300.0)
RECENT_PLANS = 1000


def _plan_histogram() -> HistogramMetricFamily:
    from motesplats.networking.models import Plan, PlanStatus

    seconds = [float(stats.get("seconds") or 0.0) for stats in Plan.objects.filter(
        status__in=[PlanStatus.READY, PlanStatus.PUBLISHED]).order_by("-updated")
        .values_list("stats", flat=True)[:RECENT_PLANS] if isinstance(stats, dict) and stats.get("seconds")]
    buckets = [(str(bound), sum(1 for s in seconds if s <= bound)) for bound in PLAN_BUCKETS]
    buckets.append(("+Inf", len(seconds)))
    family = HistogramMetricFamily("motesplats_plan_duration_seconds",
                                   f"Engine time of the last {RECENT_PLANS} computed networking plans.")
    family.add_metric([], buckets, sum_value=sum(seconds))
    return family


def queue_length() -> dict[str, int]:
    """Messages waiting in the Celery queues (Redis broker only; an empty dict otherwise)."""
    url = settings.CELERY_BROKER_URL
    if not url.startswith(("redis://", "rediss://")):
        return {}
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
    try:
        queues = getattr(settings, "CELERY_TASK_DEFAULT_QUEUE", "celery")
        return {queues: int(client.llen(queues))}
    finally:
        client.close()


class DomainCollector(Collector):
    def describe(self) -> Iterator[Metric]:
        """The metric names, without the database (registering asks for them at import)."""
        yield GaugeMetricFamily("motesplats_registrations", "Registrations by status.", labels=["status"])
        yield GaugeMetricFamily("motesplats_checkins", "Registrations checked in at the door.")
        yield GaugeMetricFamily("motesplats_plans", "Networking plans by status.", labels=["status"])
        yield HistogramMetricFamily("motesplats_plan_duration_seconds", "Engine time of computed plans.")
        yield GaugeMetricFamily("motesplats_celery_queue_length", "Tasks waiting in the Celery queue.",
                                labels=["queue"])

    def collect(self) -> Iterator[Metric]:
        from django.db.models import Count

        from motesplats.events.models import Registration
        from motesplats.networking.models import Plan

        try:
            registrations = GaugeMetricFamily("motesplats_registrations", "Registrations by status.",
                                              labels=["status"])
            for row in Registration.objects.values("status").annotate(n=Count("pk")).order_by():
                registrations.add_metric([row["status"]], row["n"])
            yield registrations
            yield GaugeMetricFamily("motesplats_checkins", "Registrations checked in at the door.",
                                    value=Registration.objects.filter(checked_in_at__isnull=False).count())
            plans = GaugeMetricFamily("motesplats_plans", "Networking plans by status.", labels=["status"])
            for row in Plan.objects.values("status").annotate(n=Count("pk")).order_by():
                plans.add_metric([row["status"]], row["n"])
            yield plans
            yield _plan_histogram()
        except Exception as error:  # noqa: BLE001 - a scrape without the database still reports the rest
            log.warning("metrics: database unavailable (%s)", type(error).__name__)
        try:
            lengths = queue_length()
        except Exception as error:  # noqa: BLE001
            log.warning("metrics: broker unavailable (%s)", type(error).__name__)
            lengths = {}
        queue = GaugeMetricFamily("motesplats_celery_queue_length", "Tasks waiting in the Celery queue.",
                                  labels=["queue"])
        for name, length in lengths.items():
            queue.add_metric([name], length)
        yield queue


COLLECTOR = DomainCollector()


def registry() -> CollectorRegistry:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        combined = CollectorRegistry()
        multiprocess.MultiProcessCollector(combined)  # type: ignore[no-untyped-call]
        combined.register(COLLECTOR)
        return combined
    return REGISTRY


if COLLECTOR not in getattr(REGISTRY, "_collector_to_names", {}):
    REGISTRY.register(COLLECTOR)
