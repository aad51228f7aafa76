"""Large portfolio imports in the background, as the participant import does (`events.services.imports`).

`import_start` checks the file at once (every problem is reported before anything is saved). A file of at
most PORTFOLIO_BACKGROUND_PROJECTS projects (default 200) is then written in the request, all or nothing, as
before; a larger one is kept in a `PortfolioImport` row and queued: the worker's task (`registry.tasks.
run_portfolio_import`, acks_late) calls `import_run`, which writes it in short transactions and saves the
progress after each chunk, so that the page can show a progress bar and then the report.

`import_run` is idempotent: a job that is done or failed is left as it is, and running a job again (a
redelivered task) writes the same file again, which the import's keys turn into updates, never duplicates.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from motesplats.registry.models import PortfolioImport
from motesplats.registry.portfolio_io.importing import ImportReport, check_portfolio, import_portfolio
from motesplats.registry.portfolio_io.parsing import PortfolioImportError


def background_threshold() -> int:
    return int(getattr(settings, "PORTFOLIO_BACKGROUND_PROJECTS", 200))


def import_start(data: bytes | str, *, source_name: str = "", by: Any = None) -> ImportReport | PortfolioImport:
    """Check the file (PortfolioImportError lists every problem; nothing is saved). A small file is imported
    now and its report returned; a large one is queued and its job returned (`import_run` writes it)."""
    portfolio = check_portfolio(data)
    if len(portfolio.projects) <= background_threshold():
        return import_portfolio(data, source_name=source_name, by=by)
    text = data.decode("utf-8-sig") if isinstance(data, bytes) else data  # checked: it decodes
    with transaction.atomic():
        job = PortfolioImport.objects.create(started_by=by if getattr(by, "pk", None) else None,
                                             source_name=source_name[:255], source=text,
                                             total=len(portfolio.projects))
        transaction.on_commit(lambda: _queue(job.pk))
    return job


portfolio_import_requested = Signal()  # job_id: sent after the commit; `registry.tasks` queues the task


def _queue(job_id: int) -> None:
    portfolio_import_requested.send(sender=PortfolioImport, job_id=job_id)


def import_run(job_id: int) -> PortfolioImport:
    """Run a queued import (the worker's task calls this): chunk by chunk, the progress saved after each."""
    job = PortfolioImport.objects.select_related("started_by").get(pk=job_id)
    if not job.is_busy:
        return job
    PortfolioImport.objects.filter(pk=job.pk).update(status=PortfolioImport.Status.RUNNING, done=0)

    def progress(done: int, total: int) -> None:
        PortfolioImport.objects.filter(pk=job.pk).update(done=done, total=total)

    try:
        report = import_portfolio(job.source, source_name=job.source_name, by=job.started_by, in_batches=True,
                                  progress=progress)
    except PortfolioImportError as error:
        job.refresh_from_db(fields=["done"])
        job.status, job.errors = PortfolioImport.Status.FAILED, [str(e) for e in error.errors]
    else:
        job.status, job.errors, job.report = PortfolioImport.Status.DONE, [], report.as_dict()
        job.done = job.total
    job.source = ""  # the file holds personal data (names, addresses): kept only until it has been written
    job.finished = timezone.now()
    job.save()
    return job


def job_report(job: PortfolioImport) -> ImportReport | None:
    """The report of a finished job, as the import returned it (for the result page)."""
    return ImportReport(**job.report) if job.report else None
