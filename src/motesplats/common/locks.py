"""Row locks that give up: one locked row must never stall the site.

Every service that takes a row lock (`SELECT ... FOR UPDATE`) does it through `for_update(queryset)`, which
first bounds the transaction on PostgreSQL (`SET LOCAL lock_timeout` and `statement_timeout`, for this
transaction only). A request that cannot get the lock in time fails fast with the database's error, which
`is_database_busy` recognises; the web views (`common.middleware.DatabaseBusyMiddleware`) and the API
(`common.api_problems`) answer it with 503 and `Retry-After`, and the transaction's rollback leaves nothing
half-saved. On SQLite the IMMEDIATE transaction mode and the connection's busy timeout play this part.

Settings: DB_LOCK_TIMEOUT_MS (default 2000), DB_STATEMENT_TIMEOUT_MS (default 15000), DB_BUSY_RETRY_AFTER
(seconds, default 5), DB_BUSY_BREAKER_SECONDS (default 2), DB_LOCK_QUEUE_MS (default 20000), DB_LOCK_STALL_MS
(default: the lock timeout) and DB_LOCK_PROBE_MS (default 100): see `get_locked`.

    >>> is_database_busy(ValueError("no"))
    False
"""

from __future__ import annotations

import time
from typing import Any, TypeVar

from django.conf import settings
from django.db import OperationalError, connections, transaction
from django.db.models import Model, QuerySet

M = TypeVar("M", bound=Model)

# PostgreSQL's codes for "try again": lock_not_available, query_canceled (a timeout), deadlock_detected,
# serialization_failure.
BUSY_SQLSTATES = frozenset({"55P03", "57014", "40P01", "40001"})


def lock_timeout_ms() -> int:
    return int(getattr(settings, "DB_LOCK_TIMEOUT_MS", 2000))


def statement_timeout_ms() -> int:
    return int(getattr(settings, "DB_STATEMENT_TIMEOUT_MS", 15000))


def retry_after() -> int:
    return int(getattr(settings, "DB_BUSY_RETRY_AFTER", 5))


def bound_transaction(using: str = "default", *, lock_ms: int | None = None,
                      statement_ms: int | None = None) -> None:
    """Bound the current transaction's waits on PostgreSQL (a no-op on other databases).

    Call inside `transaction.atomic()`: the settings end with the transaction (`set_config(..., true)`).
    """
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    if not connection.in_atomic_block:
        raise transaction.TransactionManagementError("bound_transaction() needs transaction.atomic().")
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('lock_timeout', %s, true), set_config('statement_timeout', %s, true)",
                       [f"{lock_ms if lock_ms is not None else lock_timeout_ms()}ms",
                        f"{statement_ms if statement_ms is not None else statement_timeout_ms()}ms"])


def for_update(queryset: QuerySet[M], **options: Any) -> QuerySet[M]:
    """`queryset.select_for_update(**options)` in a transaction bounded by `bound_transaction`."""
    bound_transaction(queryset.db)
    return queryset.select_for_update(**options)


def breaker_seconds() -> int:
    return int(getattr(settings, "DB_BUSY_BREAKER_SECONDS", 2))


def stall_ms() -> int:
    """How long a holder of a row may sit in one state before it counts as stalled (default: the lock
    timeout)."""
    return int(getattr(settings, "DB_LOCK_STALL_MS", lock_timeout_ms()))


def queue_budget_ms() -> int:
    return int(getattr(settings, "DB_LOCK_QUEUE_MS", 20000))


def probe_ms() -> int:
    """The first, short try of `get_locked` (DB_LOCK_PROBE_MS, default 100; 0 waits the whole lock timeout at
    once). A row held by a stalled transaction then costs a server thread 0.1 s instead of the lock timeout:
    with every thread of a worker waiting 2 s on the row, unrelated pages queued behind them for seconds."""
    return int(getattr(settings, "DB_LOCK_PROBE_MS", 100))


LOCK_NOT_AVAILABLE = "55P03"
STALLED_HOLDER = (
    "SELECT EXISTS (SELECT 1 FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
    " WHERE l.locktype = 'transactionid' AND l.granted AND l.pid <> pg_backend_pid()"
    " AND l.transactionid = (LOCKER)"
    " AND a.wait_event_type IS DISTINCT FROM 'Lock' AND a.state <> 'idle'"
    " AND clock_timestamp() - a.state_change > %s * interval '1 millisecond')")


def lock_is_stalled(queryset: QuerySet[M], **lookup: Any) -> bool:
    """Whether the transaction holding the row of `queryset.get(**lookup)` has sat in one state (idle in its
    transaction, or running one statement) for longer than DB_LOCK_STALL_MS (default: the lock timeout),
    without itself waiting for a lock. A queue of short transactions moves on within milliseconds; a stuck
    request or a long job does not.

    The row's `xmax` names the locking transaction; PostgreSQL keeps a lock on every transaction id, which
    leads to its backend. A row shared by several lockers (a multixact) is taken as a moving queue.
    PostgreSQL only: elsewhere every timeout counts as a stall.
    """
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return True
    model = queryset.model
    pk = model._base_manager.using(queryset.db).filter(**lookup).values_list("pk", flat=True).first()
    if pk is None:
        return False
    table, column = (connection.ops.quote_name(name) for name in (model._meta.db_table, model._meta.pk.column))
    locker = f"SELECT xmax FROM {table} WHERE {column} = %s"  # noqa: S608 - the model's own names, quoted
    query = STALLED_HOLDER.replace("LOCKER", locker)
    with connection.cursor() as cursor:
        cursor.execute(query, [pk, stall_ms()])
        return bool(cursor.fetchone()[0])


def get_locked(queryset: QuerySet[M], *, key: str, **lookup: Any) -> M:
    """`for_update(queryset).get(**lookup)` behind a circuit breaker named `key`.

    A lock that times out behind a *stalled* holder (`lock_is_stalled`) opens the breaker: the next requests
    answer at once with ServiceUnavailable for DB_BUSY_BREAKER_SECONDS instead of each holding a server
    thread for the whole lock timeout, which is what kept every thread waiting while one row was locked.
    A lock that times out in a *moving queue* (many short registrations at once) waits its turn again,
    in a savepoint, for up to DB_LOCK_QUEUE_MS in all: ordinary contention never answers 503.
    The first try waits only DB_LOCK_PROBE_MS: a holder that has already stalled is then found out (and the
    breaker opened) in a tenth of a second, not after the whole lock timeout; otherwise the lock is waited for
    as usual.
    """
    from django.core.cache import cache

    from .errors import ServiceUnavailable

    name = f"locks:stalled:{key}"
    if cache.get(name):
        raise ServiceUnavailable(retry_after=retry_after())
    deadline = time.monotonic() + queue_budget_ms() / 1000
    probe = probe_ms()
    while True:
        try:
            with transaction.atomic(using=queryset.db):
                if probe:  # a short first try: a stalled holder is recognised without waiting for it
                    bound_transaction(queryset.db, lock_ms=probe)
                    found = queryset.select_for_update().get(**lookup)
                    bound_transaction(queryset.db)  # the rest of the transaction waits as long as usual
                    return found
                return for_update(queryset).get(**lookup)
        except OperationalError as error:
            if not is_database_busy(error):
                raise
            if _sqlstate(error) != LOCK_NOT_AVAILABLE or lock_is_stalled(queryset, **lookup):
                cache.set(name, True, breaker_seconds())
                raise
            if time.monotonic() >= deadline:
                raise  # a queue that moves but is too long for this request: 503 for it alone, no breaker
            probe = 0


def _sqlstate(exc: BaseException) -> str | None:
    cause = exc.__cause__
    return getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)


def is_database_busy(exc: BaseException) -> bool:
    """Whether `exc` says "the database is busy, try again": a lock or statement timeout, a deadlock or a
    serialization failure on PostgreSQL, a locked database on SQLite."""
    if not isinstance(exc, OperationalError):
        return False
    if _sqlstate(exc) in BUSY_SQLSTATES:
        return True
    return "database is locked" in str(exc) or "database table is locked" in str(exc)
