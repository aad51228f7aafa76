"""Read a portfolio file into checked, plain records, collecting every error with where it is.

Nothing here touches the database except to look up keys the file refers to but does not define.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from motesplats.common.errors import FieldError, InvalidInput
from motesplats.registry.models import Openness, OrganisationKind, ProjectStatus

MAX_KEY = 64


class PortfolioImportError(InvalidInput):
    """The file was rejected as a whole; `errors` names each bad entry and why."""

    code = "portfolio_rejected"
    title = gettext_lazy("Filen innehåller fel. Inget har sparats.")

    def __init__(self, errors: list[str]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(self.errors), field_errors=[FieldError("", error) for error in self.errors])


@dataclass
class OrganisationRecord:
    key: str
    name: str
    fields: dict[str, Any]  # only the fields the file gives: kind, description, website


@dataclass
class PersonRecord:
    key: str
    name: str
    org: str
    fields: dict[str, Any]  # email, title, interests, languages


@dataclass
class DatasetRecord:
    name: str
    fields: dict[str, Any]  # description, format, update_frequency, openness


@dataclass
class ProjectRecord:
    key: str
    org: str
    title: str
    fields: dict[str, Any]  # summary, description, status, start_date, end_date, link, is_public
    themes: list[str] | None = None
    partners: list[str] | None = None
    contacts: list[str] | None = None
    datasets: list[DatasetRecord] | None = None
    needs: list[str] | None = None


@dataclass
class Portfolio:
    organisations: list[OrganisationRecord] = field(default_factory=list)
    people: list[PersonRecord] = field(default_factory=list)
    projects: list[ProjectRecord] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # paths of unknown keys, for the report


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _choice_lookup(choices: list[tuple[str, Any]], *aliases: tuple[str, str]) -> dict[str, str]:
    """Accept a choice by its value or its Swedish label, in any case; plus a few aliases."""
    lookup: dict[str, str] = {}
    for value, label in choices:
        lookup[_fold(value)] = value
        lookup[_fold(str(label))] = value
    for alias, value in aliases:
        lookup[_fold(alias)] = value
    return lookup


def _choices_in_swedish(choices: list[tuple[str, Any]]) -> str:
    return ", ".join(value for value, _label in choices)


KINDS = _choice_lookup(OrganisationKind.choices)
STATUSES = _choice_lookup(ProjectStatus.choices, ("ide", ProjectStatus.IDE), ("pagaende", ProjectStatus.PAGAENDE))
OPENNESS = _choice_lookup(Openness.choices, ("delbar inom staden", Openness.DELBAR), ("oppen", Openness.OPPEN))

_KNOWN = {
    "root": {"organisations", "people", "projects"},
    "organisation": {"key", "name", "kind", "description", "website"},
    "person": {"key", "name", "email", "title", "org", "interests", "languages"},
    "project": {"key", "org", "title", "summary", "description", "themes", "status", "partners", "contacts",
                "start", "end", "link", "public", "data_collected", "data_needed"},
    "dataset": {"name", "description", "format", "update_frequency", "openness"},
    "need": {"description"},
}


def decode(data: Any) -> Any:
    """bytes / str / file -> the parsed JSON value; a syntax error names its line and column."""
    if hasattr(data, "read"):
        data = data.read()
    if isinstance(data, bytes | bytearray):
        try:
            data = bytes(data).decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise PortfolioImportError([
                _("Filen är inte kodad i UTF-8 (fel vid byte %(position)d).") % {"position": error.start}
            ]) from None
    if isinstance(data, str):
        data = data.removeprefix("\ufeff")
        if not data.strip():
            raise PortfolioImportError([_("Filen är tom.")])
        try:
            return json.loads(data)
        except json.JSONDecodeError as error:
            raise PortfolioImportError([
                _("Ogiltig JSON på rad %(line)d, kolumn %(column)d: %(reason)s")
                % {"line": error.lineno, "column": error.colno, "reason": _json_reason(error.msg)}
            ]) from None
    return data


_JSON_REASONS = {
    "Expecting ',' delimiter": gettext_noop("ett kommatecken saknas"),
    "Expecting ':' delimiter": gettext_noop("ett kolon saknas"),
    "Expecting value": gettext_noop("ett värde saknas"),
    "Expecting property name enclosed in double quotes": gettext_noop("ett fältnamn inom dubbla citattecken väntades"),
    "Unterminated string starting at": gettext_noop("en text saknar avslutande citattecken"),
    "Extra data": gettext_noop("text efter filens slut"),
    "Invalid control character at": gettext_noop("otillåtet tecken i en text"),
    "Invalid \\escape": gettext_noop("ogiltig escape-sekvens"),
}


def _json_reason(message: str) -> str:
    for english, swedish in _JSON_REASONS.items():
        if message.startswith(english):
            return _(swedish)
    return message


class _Checker:
    """Collects errors; each check returns the cleaned value or None (and records why)."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self._url = URLValidator(schemes=["http", "https"])

    def add(self, where: str, message: str) -> None:
        self.errors.append(f"{where}: {message}")

    def text(self, item: dict[str, Any], name: str, where: str, *, required: bool = False,
             max_length: int | None = None) -> str | None:
        value = item.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.add(where, _("fältet \"%(field)s\" saknas eller är tomt") % {"field": name})
            return None if required else ("" if name in item else None)
        if not isinstance(value, str):
            self.add(where, _("\"%(field)s\" ska vara en text") % {"field": name})
            return None
        value = value.strip()
        if max_length is not None and len(value) > max_length:
            self.add(where, _("\"%(field)s\" är för lång (%(length)d tecken, högst %(max)d)")
                     % {"field": name, "length": len(value), "max": max_length})
            return None
        return value

    def text_list(self, item: dict[str, Any], name: str, where: str, *, max_length: int = 200) -> list[str] | None:
        value = item.get(name)
        if value is None:
            return [] if name in item else None
        if isinstance(value, str):  # "luft, IoT" is a common way to write a list by hand
            value = value.split(",")
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.add(where, _("\"%(field)s\" ska vara en lista med texter") % {"field": name})
            return None
        cleaned: list[str] = []
        seen: set[str] = set()
        for entry in value:
            entry = " ".join(entry.split())
            if len(entry) > max_length:
                self.add(where, _("\"%(field)s\": \"%(value)s…\" är för lång (högst %(max)d tecken)")
                         % {"field": name, "value": entry[:30], "max": max_length})
            elif entry and _fold(entry) not in seen:
                seen.add(_fold(entry))
                cleaned.append(entry)
        return cleaned

    def choice(self, item: dict[str, Any], name: str, where: str, lookup: dict[str, str],
               choices: list[tuple[str, Any]]) -> str | None:
        value = item.get(name)
        if value is None:
            return None
        if isinstance(value, str) and _fold(value) in lookup:
            return lookup[_fold(value)]
        self.add(where, _("%(field)s \"%(value)s\" är inte en av: %(choices)s")
                 % {"field": name, "value": value, "choices": _choices_in_swedish(choices)})
        return None

    def url(self, item: dict[str, Any], name: str, where: str) -> str | None:
        value = self.text(item, name, where, max_length=200)
        if value:
            try:
                self._url(value)
            except ValidationError:
                self.add(where, _("\"%(field)s\" är inte en giltig webbadress: \"%(value)s\"")
                         % {"field": name, "value": value})
                return None
        return value

    def email(self, item: dict[str, Any], name: str, where: str) -> str | None:
        value = self.text(item, name, where, max_length=254)
        if value:
            try:
                validate_email(value)
            except ValidationError:
                self.add(where, _("\"%(value)s\" är inte en giltig e-postadress") % {"value": value})
                return None
            return value.lower()
        return value

    def date(self, item: dict[str, Any], name: str, where: str) -> dt.date | None:
        value = item.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.add(where, _("\"%(field)s\" ska vara ett datum som ÅÅÅÅ-MM-DD, inte \"%(value)s\"")
                 % {"field": name, "value": value})
        return None

    def boolean(self, item: dict[str, Any], name: str, where: str) -> bool | None:
        value = item.get(name)
        if value is None or isinstance(value, bool):
            return value
        self.add(where, _("\"%(field)s\" ska vara true eller false") % {"field": name})
        return None

    def key(self, item: dict[str, Any], name: str, where: str) -> str | None:
        value = item.get(name)
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
            item = {**item, name: value}
        return self.text(item, name, where, required=True, max_length=MAX_KEY)


def _where(section: str, index: int, item: Any, key_field: str = "key") -> str:
    label = f"{section}[{index}]"
    if isinstance(item, dict) and isinstance(item.get(key_field), str | int) and item.get(key_field) != "":
        label += f" (key \"{item[key_field]}\")" if key_field == "key" else f" (\"{item[key_field]}\")"
    return label


def _section(root: dict[str, Any], name: str, check: _Checker) -> list[Any]:
    value = root.get(name)
    if value is None:
        return []
    if not isinstance(value, list):
        check.add(name, _("ska vara en lista"))
        return []
    return value


def _unknown(item: dict[str, Any], kind: str, where: str, portfolio: Portfolio) -> None:
    for name in sorted(set(item) - _KNOWN[kind]):
        portfolio.ignored.append(f"{where}.{name}")


def _entries(section: str, items: list[Any], check: _Checker,
             key_field: str = "key") -> list[tuple[int, str, dict[str, Any]]]:
    entries = []
    for index, item in enumerate(items):
        where = _where(section, index, item, key_field)
        if not isinstance(item, dict):
            check.add(where, _("ska vara ett objekt med fält inom { }"))
            continue
        entries.append((index, where, item))
    return entries


def _check_duplicates(check: _Checker, section: str, seen: dict[str, str], value: str | None, where: str,
                      what: str) -> None:
    if value is None:
        return
    folded = _fold(value) if what != "key" else value
    if folded in seen:
        check.add(where, _("%(what)s \"%(value)s\" förekommer redan i %(other)s")
                  % {"what": what, "value": value, "other": seen[folded]})
    else:
        seen[folded] = where


def parse(
    data: Any,
    *,
    organisation_exists: Callable[[set[str]], set[str]],
    person_exists: Callable[[set[str]], set[str]],
) -> Portfolio:
    """Check the whole file; raise PortfolioImportError with every problem, or return clean records.

    `organisation_exists` / `person_exists` get the keys the file refers to but does not define and return
    those already in the database, so a file may add projects to organisations imported earlier.
    """
    root = decode(data)
    if not isinstance(root, dict):
        raise PortfolioImportError([_("Filen ska innehålla ett JSON-objekt med \"organisations\" och "
                                      "\"projects\".")])
    if not any(name in root for name in _KNOWN["root"]):
        raise PortfolioImportError([_("Filen innehåller varken \"organisations\", \"people\" eller "
                                      "\"projects\".")])
    check = _Checker()
    portfolio = Portfolio()
    _unknown(root, "root", "", portfolio)
    portfolio.ignored = [path.lstrip(".") for path in portfolio.ignored]

    org_refs: list[tuple[str, str]] = []
    person_refs: list[tuple[str, str]] = []

    keys: dict[str, str] = {}
    names: dict[str, str] = {}
    for _index, where, item in _entries("organisations", _section(root, "organisations", check), check):
        _unknown(item, "organisation", where, portfolio)
        key = check.key(item, "key", where)
        name = check.text(item, "name", where, required=True, max_length=200)
        _check_duplicates(check, "organisations", keys, key, where, "key")
        _check_duplicates(check, "organisations", names, name, where, _("namnet"))
        fields: dict[str, Any] = {}
        if "kind" in item:
            kind = check.choice(item, "kind", where, KINDS, OrganisationKind.choices)
            fields["kind"] = kind or OrganisationKind.ANNAN
        if "description" in item:
            fields["description"] = check.text(item, "description", where) or ""
        if "website" in item:
            fields["website"] = check.url(item, "website", where) or ""
        if key and name:
            portfolio.organisations.append(OrganisationRecord(key=key, name=name, fields=fields))
    defined_orgs = {record.key for record in portfolio.organisations} | set(keys)

    keys = {}
    for _index, where, item in _entries("people", _section(root, "people", check), check):
        _unknown(item, "person", where, portfolio)
        key = check.key(item, "key", where)
        name = check.text(item, "name", where, required=True, max_length=200)
        org = check.key(item, "org", where)
        _check_duplicates(check, "people", keys, key, where, "key")
        fields = {}
        if "email" in item:
            fields["email"] = check.email(item, "email", where) or ""
        if "title" in item:
            fields["title"] = check.text(item, "title", where, max_length=200) or ""
        for list_field in ("interests", "languages"):
            values = check.text_list(item, list_field, where, max_length=80)
            if values is not None:
                fields[list_field] = values
        if org:
            org_refs.append((org, where))
        if key and name and org:
            portfolio.people.append(PersonRecord(key=key, name=name, org=org, fields=fields))
    defined_people = set(keys)

    keys = {}
    for _index, where, item in _entries("projects", _section(root, "projects", check), check):
        _unknown(item, "project", where, portfolio)
        key = check.key(item, "key", where)
        org = check.key(item, "org", where)
        title = check.text(item, "title", where, required=True, max_length=250)
        _check_duplicates(check, "projects", keys, key, where, "key")
        record = ProjectRecord(key=key or "", org=org or "", title=title or "", fields={})
        for name, max_length in (("summary", 500), ("description", None)):
            if name in item:
                record.fields[name] = check.text(item, name, where, max_length=max_length) or ""
        if "status" in item:
            record.fields["status"] = (check.choice(item, "status", where, STATUSES, ProjectStatus.choices)
                                       or ProjectStatus.PAGAENDE)
        start = check.date(item, "start", where)
        end = check.date(item, "end", where)
        if "start" in item:
            record.fields["start_date"] = start
        if "end" in item:
            record.fields["end_date"] = end
        if start and end and end < start:
            check.add(where, _("slutdatum %(end)s är före startdatum %(start)s") % {"end": end, "start": start})
        if "link" in item:
            record.fields["link"] = check.url(item, "link", where) or ""
        if "public" in item:
            public = check.boolean(item, "public", where)
            record.fields["is_public"] = True if public is None else public
        record.themes = check.text_list(item, "themes", where, max_length=80)
        record.partners = check.text_list(item, "partners", where, max_length=MAX_KEY)
        record.contacts = check.text_list(item, "contacts", where, max_length=MAX_KEY)
        if org:
            org_refs.append((org, where))
        for partner in record.partners or []:
            org_refs.append((partner, where))
        for contact in record.contacts or []:
            person_refs.append((contact, where))
        record.datasets = _datasets(item, where, check, portfolio)
        record.needs = _needs(item, where, check, portfolio)
        if key and org and title:
            portfolio.projects.append(record)

    missing_orgs = {ref for ref, _w in org_refs} - defined_orgs
    known_orgs = organisation_exists(missing_orgs) if missing_orgs else set()
    for ref, where in org_refs:
        if ref not in defined_orgs and ref not in known_orgs:
            check.add(where, _("okänd organisation \"%(key)s\"") % {"key": ref})
    missing_people = {ref for ref, _w in person_refs} - defined_people
    known_people = person_exists(missing_people) if missing_people else set()
    for ref, where in person_refs:
        if ref not in defined_people and ref not in known_people:
            check.add(where, _("okänd kontaktperson \"%(key)s\"") % {"key": ref})

    if check.errors:
        raise PortfolioImportError(sorted(check.errors, key=_document_order))
    return portfolio


_SECTIONS = {"organisations": 0, "people": 1, "projects": 2}


def _document_order(message: str) -> tuple[int, int]:
    """Errors are listed in the order of the entries in the file (the sort is stable within an entry)."""
    section, _bracket, rest = message.partition("[")
    index = rest.split("]", 1)[0]
    return _SECTIONS.get(section, -1), int(index) if index.isdigit() else -1


def _datasets(item: dict[str, Any], where: str, check: _Checker, portfolio: Portfolio) -> list[DatasetRecord] | None:
    value = item.get("data_collected")
    if value is None:
        return [] if "data_collected" in item else None
    if not isinstance(value, list):
        check.add(where, _("\"data_collected\" ska vara en lista"))
        return None
    records: list[DatasetRecord] = []
    names: dict[str, str] = {}
    for index, entry in enumerate(value):
        at = f"{where}.data_collected[{index}]"
        if isinstance(entry, str):
            entry = {"name": entry}
        if not isinstance(entry, dict):
            check.add(at, _("ska vara en text eller ett objekt med \"name\""))
            continue
        _unknown(entry, "dataset", at, portfolio)
        name = check.text(entry, "name", at, required=True, max_length=300)
        _check_duplicates(check, "data_collected", names, name, at, _("namnet"))
        fields: dict[str, Any] = {}
        if "description" in entry:
            fields["description"] = check.text(entry, "description", at) or ""
        for name_field in ("format", "update_frequency"):
            if name_field in entry:
                fields[name_field] = check.text(entry, name_field, at, max_length=100) or ""
        if "openness" in entry:
            fields["openness"] = check.choice(entry, "openness", at, OPENNESS, Openness.choices) or Openness.DELBAR
        if name:
            records.append(DatasetRecord(name=name, fields=fields))
    return records


def _needs(item: dict[str, Any], where: str, check: _Checker, portfolio: Portfolio) -> list[str] | None:
    value = item.get("data_needed")
    if value is None:
        return [] if "data_needed" in item else None
    if not isinstance(value, list):
        check.add(where, _("\"data_needed\" ska vara en lista"))
        return None
    needs: list[str] = []
    seen: set[str] = set()
    for index, entry in enumerate(value):
        at = f"{where}.data_needed[{index}]"
        if isinstance(entry, dict):
            _unknown(entry, "need", at, portfolio)
            entry = entry.get("description")
        if not isinstance(entry, str) or not entry.strip():
            check.add(at, _("ska vara en text som beskriver datan"))
            continue
        text = entry.strip()
        if _fold(text) not in seen:
            seen.add(_fold(text))
            needs.append(text)
    return needs
