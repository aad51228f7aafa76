"""Import of registrations from a CSV file by an organiser.

Columns (header row required, comma or semicolon separated, UTF-8): email, name, organisation, project_key,
dietary, accessibility. Every row is validated first; any problem rejects the whole file with the line
numbers and nothing is saved. Unknown people (matched by e-mail) are added to the registry when name and an
existing organisation are given. Consent is recorded as given to the organiser on the person's behalf.
"""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import OperationalError, transaction
from django.db.models import Q
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motesplats.audit import services as audit
from motesplats.common.locks import is_database_busy
from motesplats.common.permissions import can_manage_events
from motesplats.registry import selectors as registry_selectors
from motesplats.registry import services as registry_services
from motesplats.registry.models import Organisation, Person, Project
from motesplats.registry.services import PersonData

from ..models import Event, Registration, RegistrationImport
from .errors import EventsError, ImportProblem, ImportRejected, NotAllowed
from .registration import register

COLUMNS = ("email", "name", "organisation", "project_key", "dietary", "accessibility")
REQUIRED = ("email",)
MAX_ROWS = 2000

registration_import_requested = Signal()  # job_id: the tasks module starts `import_run` in the background


@dataclass
class ImportRow:
    line: int
    email: str
    name: str
    organisation: Organisation | None
    project: Project | None
    dietary: str
    accessibility: str
    person: Person | None


@dataclass
class ImportResult:
    confirmed: int = 0
    waitlisted: int = 0
    people_created: int = 0
    rows: list[ImportRow] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)  # rows refused while registering

    @property
    def total(self) -> int:
        return self.confirmed + self.waitlisted


def _decode(file: bytes | str) -> str:
    if isinstance(file, str):
        return file.lstrip("\ufeff")
    try:
        return file.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRejected([ImportProblem(0, _("Filen är inte UTF-8-kodad. Spara den som CSV (UTF-8)."))]) \
            from error


def parse_rows(*, event: Event, file: bytes | str) -> list[ImportRow]:
    """Validate every row; raise ImportRejected listing every problem with its line number."""
    text = _decode(file)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
    missing = [name for name in REQUIRED + ("name",) if name not in header]
    unknown = [name for name in header if name and name not in COLUMNS]
    if missing or unknown:
        message = _("Rubrikraden måste innehålla kolumnerna %(columns)s.") % {"columns": ", ".join(COLUMNS)}
        raise ImportRejected([ImportProblem(1, message)])
    reader.fieldnames = header

    problems: list[ImportProblem] = []
    raw_rows: list[tuple[int, dict[str, str]]] = []
    line = 1
    for record in reader:
        line = reader.line_num
        if None in record:
            problems.append(ImportProblem(line, _("Raden har fler fält än rubrikraden.")))
            continue
        values = {key: (value or "").strip() for key, value in record.items()}
        if not any(values.values()):
            continue
        raw_rows.append((line, values))
    if not raw_rows and not problems:
        raise ImportRejected([ImportProblem(1, _("Filen innehåller inga deltagare."))])
    if len(raw_rows) > MAX_ROWS:
        raise ImportRejected([ImportProblem(1, _("Filen har för många rader (högst %(max)s).") % {"max": MAX_ROWS})])

    people = registry_selectors.people_by_email(values["email"] for _line, values in raw_rows)
    organisations = {}
    for organisation in Organisation.objects.all():
        organisations[organisation.name.lower()] = organisation
        if organisation.key:
            organisations[organisation.key.lower()] = organisation
    project_keys = {values.get("project_key", "") for _line, values in raw_rows} - {""}
    projects = {}
    for project in Project.objects.filter(Q(key__in=project_keys) | Q(slug__in=project_keys)):
        projects[project.slug] = project
        if project.key:
            projects[project.key] = project
    already = set(Registration.objects.filter(event=event).active()
                  .values_list("person_id", flat=True))

    rows: list[ImportRow] = []
    seen: dict[str, int] = {}
    for line, values in raw_rows:
        email = values["email"].lower()
        row_problems: list[object] = []
        try:
            validate_email(email)
        except ValidationError:
            row_problems.append(_("Ogiltig e-postadress: ”%(email)s”.") % {"email": values["email"]})
        if email in seen:
            row_problems.append(_("E-postadressen finns redan på rad %(line)s.") % {"line": seen[email]})
        seen.setdefault(email, line)
        person = people.get(email)
        organisation = None
        if person is None:
            if not values.get("name"):
                row_problems.append(_("Personen finns inte i registret: ange namn."))
            organisation_name = values.get("organisation", "")
            organisation = organisations.get(organisation_name.lower()) if organisation_name else None
            if not organisation_name:
                row_problems.append(_("Personen finns inte i registret: ange organisation."))
            elif organisation is None:
                row_problems.append(_("Okänd organisation: ”%(name)s”.") % {"name": organisation_name})
        elif person.pk in already:
            row_problems.append(_("%(name)s är redan anmäld till seminariet.") % {"name": person.name})
        project = None
        if values.get("project_key"):
            project = projects.get(values["project_key"])
            if project is None:
                row_problems.append(_("Okänt projekt: ”%(key)s”.") % {"key": values["project_key"]})
        for column in ("dietary", "accessibility"):
            if len(values.get(column, "")) > 500:
                row_problems.append(_("Fältet %(column)s är längre än 500 tecken.") % {"column": column})
        if len(values.get("name", "")) > 200:
            row_problems.append(_("Namnet är längre än 200 tecken."))
        problems.extend(ImportProblem(line, message) for message in row_problems)
        rows.append(ImportRow(line=line, email=email, name=values.get("name", ""), organisation=organisation,
                              project=project, dietary=values.get("dietary", ""),
                              accessibility=values.get("accessibility", ""), person=person))
    if problems:
        raise ImportRejected(sorted(problems, key=lambda problem: problem.line))
    return rows


BATCH = 10  # rows per transaction: the event row is locked for one batch at a time, never for the whole file


def _register_rows(*, event: Event, rows: list[ImportRow], people: dict[int, Person], by: object,
                   notify: bool) -> ImportResult:
    """Register the rows in one short transaction; a row refused now (registered meanwhile) is reported."""
    batch = ImportResult()
    with transaction.atomic():
        for row in rows:
            person = row.person or people[id(row)]
            try:
                with transaction.atomic():
                    registration = register(event=event, person=person, project=row.project, dietary=row.dietary,
                                            accessibility=row.accessibility, consent=True, by=by, notify=notify)
            except EventsError as error:
                batch.problems.append(ImportProblem(row.line, error.message))
                continue
            if registration.is_confirmed:
                batch.confirmed += 1
            else:
                batch.waitlisted += 1
    return batch


def _retrying(run: Callable[[], ImportResult], attempts: int = 5) -> ImportResult:
    """Run one batch; while the event row is busy (a lock timeout: the batch was rolled back), wait and retry."""
    for attempt in range(attempts):
        try:
            return run()
        except OperationalError as error:
            if not is_database_busy(error) or attempt == attempts - 1:
                raise
            time.sleep(0.2 * (attempt + 1))
    raise AssertionError("unreachable")


def _resolve_people(rows: list[ImportRow]) -> tuple[dict[int, Person], int]:
    new_people = [row for row in rows if row.person is None]
    try:
        resolved = registry_services.people_resolve(people=[
            PersonData(name=row.name, email=row.email, organisation=row.organisation) for row in new_people])
    except ValidationError as error:
        raise ImportRejected([ImportProblem(0, message) for message in error.messages]) from error
    people = {id(row): person for row, (person, _created) in zip(new_people, resolved, strict=True)}
    return people, sum(created for _person, created in resolved)


def _check_may_import(event: Event, by: object) -> None:
    if not can_manage_events(by):
        raise NotAllowed()
    if not event.is_published:
        raise ImportRejected([ImportProblem(0, _("Det går bara att importera anmälningar till ett publicerat "
                                                 "seminarium."))])


def import_registrations(*, event: Event, file: bytes | str, by: object, dry_run: bool = False,
                         notify: bool = True, progress: Callable[[int, ImportResult], None] | None = None
                         ) -> ImportResult:
    """Register everyone in the file (seats first, then the waitlist, in file order).

    Every row is checked first: any problem rejects the file and nothing is saved. Then the new people are
    added (one transaction) and the rows registered in transactions of BATCH rows, so that registrations of
    others never wait long for the event row. A row that cannot be registered any more (the person registered
    in the meantime) is listed in `result.problems`. `progress(rows_done, result)` is called after each batch.
    """
    _check_may_import(event, by)
    rows = parse_rows(event=event, file=file)
    result = ImportResult(rows=rows)
    if dry_run:
        result.people_created = sum(1 for row in rows if row.person is None)
        return result
    people, result.people_created = _resolve_people(rows)
    for start in range(0, len(rows), BATCH):
        batch = _retrying(lambda start=start: _register_rows(
            event=event, rows=rows[start:start + BATCH], people=people, by=by, notify=notify))
        result.confirmed += batch.confirmed
        result.waitlisted += batch.waitlisted
        result.problems += batch.problems
        if progress is not None:
            progress(min(start + BATCH, len(rows)), result)
    return result


@transaction.atomic
def import_start(*, event: Event, file: bytes | str, by: object, notify: bool = True) -> RegistrationImport:
    """Check the file now (ImportRejected lists every problem; nothing is saved) and queue the import, which
    `import_run` does in the background; the returned row shows its progress."""
    _check_may_import(event, by)
    rows = parse_rows(event=event, file=file)
    job = RegistrationImport.objects.create(event=event, started_by=by if getattr(by, "pk", None) else None,
                                            source=_decode(file), notify=notify, total=len(rows))
    audit.record(actor=by, action=audit.Action.IMPORT, target=event, data={"rows": len(rows), "import": job.pk})
    transaction.on_commit(lambda: registration_import_requested.send(sender=RegistrationImport, job_id=job.pk))
    return job


def import_run(job_id: int) -> RegistrationImport:
    """Run a queued import (the worker's task calls this): the rows in batches, progress saved after each."""
    job = RegistrationImport.objects.select_related("event", "started_by").get(pk=job_id)
    if not job.is_busy:
        return job
    RegistrationImport.objects.filter(pk=job.pk).update(status=RegistrationImport.Status.RUNNING)

    def progress(done: int, result: ImportResult) -> None:
        RegistrationImport.objects.filter(pk=job.pk).update(
            done=done, confirmed=result.confirmed, waitlisted=result.waitlisted,
            people_created=result.people_created)

    try:
        result = import_registrations(event=job.event, file=job.source, by=job.started_by, notify=job.notify,
                                      progress=progress)
    except ImportRejected as error:
        job.status, job.problems = RegistrationImport.Status.FAILED, _problem_list(error.problems)
    except EventsError as error:
        job.status, job.problems = RegistrationImport.Status.FAILED, _problem_list([ImportProblem(0, error.message)])
    else:
        job.status, job.problems = RegistrationImport.Status.DONE, _problem_list(result.problems)
        job.done, job.confirmed, job.waitlisted = job.total, result.confirmed, result.waitlisted
        job.people_created = result.people_created
    job.source = ""  # the file holds personal data: kept only until it has been read
    job.finished = timezone.now()
    job.save()
    return job


def _problem_list(problems: list[ImportProblem]) -> list[dict[str, object]]:
    return [{"line": problem.line, "message": str(problem.message)} for problem in problems]
