"""Double clicks that really race, on PostgreSQL: eight threads submit the same request (same key, and then new
keys for the same dataset and project) and eight owners' clicks accept it at once. One request, one agreement,
one step of each kind, and no error."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.db import connections

from motesplats.datasharing import services
from motesplats.datasharing.models import Agreement, DataRequest, Step

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 8


def race(task: Callable[[int], Any]) -> tuple[list[Any], list[BaseException]]:
    barrier = threading.Barrier(THREADS, timeout=30)
    results: list[Any] = []
    errors: list[BaseException] = []

    def run(number: int) -> None:
        try:
            barrier.wait()
            results.append(task(number))
        except BaseException as error:  # noqa: BLE001 - every failure is reported by the test
            errors.append(error)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(run, range(THREADS)))
    return results, errors


def test_racing_submits_and_accepts_make_one_of_each(world):
    def submit(number: int) -> int:
        request, _created = services.data_request_create(
            by=world["member"], dataset=world["dataset"], purpose="Koppla", project=world["projects"]["luft"],
            idempotency_key="same" if number % 2 else f"tab-{number}")
        return request.pk

    ids, errors = race(submit)
    assert errors == [] and len(set(ids)) == 1
    assert DataRequest.objects.count() == 1 and Step.objects.filter(action="create").count() == 1
    request = DataRequest.objects.get()

    def accept(_number: int) -> int:
        return services.data_request_accept(request=request, by=world["owner"], licence="CC0",
                                            delivery_route="api").pk

    agreements, errors = race(accept)
    assert errors == [] and len(set(agreements)) == 1
    assert Agreement.objects.count() == 1 and Step.objects.filter(action="accept").count() == 1
