"""What the engine knows about a project, independent of Django, and the portfolio file format."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class DatasetDoc:
    name: str
    description: str = ""

    @property
    def text(self) -> str:
        return f"{self.name}. {self.description}".strip(" .")


@dataclass(frozen=True)
class ProjectDoc:
    key: str
    org: str
    title: str
    summary: str = ""
    description: str = ""
    themes: tuple[str, ...] = ()
    datasets: tuple[DatasetDoc, ...] = ()
    needs: tuple[str, ...] = ()
    extra: tuple[str, ...] = field(default=(), compare=False)

    @property
    def text(self) -> str:
        parts = [self.title, self.title, self.summary, self.description, " ".join(self.themes)]
        parts += [d.text for d in self.datasets] + list(self.needs) + list(self.extra)
        return "\n".join(p for p in parts if p)


class PortfolioError(ValueError):
    """The portfolio file is not in the import format; the message names the bad entry."""


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _dataset(value: Any, where: str) -> DatasetDoc:
    if isinstance(value, str):
        return DatasetDoc(value.strip())
    if isinstance(value, Mapping):
        name = _text(value.get("name")) or _text(value.get("description"))
        description = _text(value.get("description")) if _text(value.get("name")) else ""
        if name:
            return DatasetDoc(name, description)
    raise PortfolioError(f"{where}: expected a text or an object with \"name\"")


def _need(value: Any, where: str) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, Mapping):
        text = _text(value.get("description")) or _text(value.get("name"))
        if text:
            return text
    raise PortfolioError(f"{where}: expected a text or an object with \"description\"")


def load_portfolio(data: Any) -> list[ProjectDoc]:
    """Projects of a portfolio in the import format; unknown keys are ignored."""
    if not isinstance(data, Mapping) or not isinstance(data.get("projects"), list):
        raise PortfolioError('the file must be a JSON object with a list "projects"')
    docs: list[ProjectDoc] = []
    seen: set[str] = set()
    for index, raw in enumerate(data["projects"]):
        where = f"projects[{index}]"
        if not isinstance(raw, Mapping):
            raise PortfolioError(f"{where}: expected an object")
        key = _text(raw.get("key"))
        if not key:
            raise PortfolioError(f'{where}: "key" is missing')
        if key in seen:
            raise PortfolioError(f'{where}: the key "{key}" is used twice')
        seen.add(key)
        title = _text(raw.get("title"))
        if not title:
            raise PortfolioError(f'{where} ("{key}"): "title" is missing')
        themes = raw.get("themes") or []
        collected = raw.get("data_collected") or []
        needed = raw.get("data_needed") or []
        if not all(isinstance(x, list) for x in (themes, collected, needed)):
            raise PortfolioError(f'{where} ("{key}"): "themes", "data_collected" and "data_needed" must be lists')
        docs.append(
            ProjectDoc(
                key=key,
                org=_text(raw.get("org")),
                title=title,
                summary=_text(raw.get("summary")),
                description=_text(raw.get("description")),
                themes=tuple(t.strip() for t in themes if isinstance(t, str) and t.strip()),
                datasets=tuple(_dataset(v, f"{where}.data_collected[{i}]") for i, v in enumerate(collected)),
                needs=tuple(n for n in (_need(v, f"{where}.data_needed[{i}]") for i, v in enumerate(needed)) if n),
            )
        )
    return docs
