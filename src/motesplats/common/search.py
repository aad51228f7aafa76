"""Search by relevance, the same call on PostgreSQL and SQLite.

`search(queryset, query, fields)` keeps the rows of `queryset` (already filtered as the caller wants) that
match `query` and orders them by relevance, best first (then by primary key, so the order is stable):

- PostgreSQL: full-text search with the Swedish configuration (stems: "mätningar" finds "mätning"), prefix
  terms ("luft" finds "luft:*"), weighted by field, plus trigram word similarity (pg_trgm) for typos and
  words inside compounds ("kvalitet" finds "luftkvalitetsmätning", "luftkvalite" finds "luftkvalitet").
- SQLite: an FTS5 table with the trigram tokenizer, filled for the query with the candidate rows, ranked
  by bm25 with the field weights (substrings: parts of compounds, any case, å/ä/ö kept); when nothing
  matches, words spelt almost like the query (typos) are looked for.

Fields are (name, weight) pairs; a name may follow relations ("organisation__name") or be a many-to-many
text ("themes__name"). The selector of every list (projects, organisations, people, datasets) calls this.

>>> Field("title", 1.0).weight
1.0
"""

from __future__ import annotations

import difflib
import re
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import connection
from django.db.models import Case, F, FloatField, Model, Q, QuerySet, TextField, Value, When
from django.db.models.functions import Coalesce, Greatest

M = TypeVar("M", bound=Model)
WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)
TRIGRAM_THRESHOLD = 0.45  # word similarity above which a trigram match counts (PostgreSQL)
TYPO_RATIO = 0.8  # SQLite: a word at least this close to a query word counts as a typo of it
MAX_CANDIDATES = 50_000


@dataclass(frozen=True)
class Field:
    name: str
    weight: float = 1.0


def terms(query: str) -> list[str]:
    """The words of a query, lower case, in order, without repeats."""
    return list(dict.fromkeys(w.lower() for w in WORD_RE.findall(query or "")))


def search(queryset: QuerySet[M], query: str, fields: Sequence[Field]) -> QuerySet[M]:
    """The rows of `queryset` that match `query`, best first. An empty query changes nothing."""
    words = terms(query)
    if not words:
        return queryset
    if connection.vendor == "postgresql":
        return _postgres(queryset, words, fields)
    return _ranked_by_ids(queryset, _sqlite_ranking(queryset, words, fields))


# --- PostgreSQL ---------------------------------------------------------------------------------------------

def _pg_weight(weight: float) -> str:
    return "A" if weight >= 1.0 else "B" if weight >= 0.6 else "C" if weight >= 0.3 else "D"


def _text(name: str) -> Coalesce:
    return Coalesce(F(name), Value(""), output_field=TextField())


def _postgres(queryset: QuerySet[M], words: list[str], fields: Sequence[Field]) -> QuerySet[M]:
    from django.contrib.postgres.search import (
        SearchQuery,
        SearchRank,
        SearchVector,
        TrigramWordSimilarity,
    )

    direct = [f for f in fields if _single_valued(queryset.model, f.name)]
    related = [f for f in fields if f not in direct]
    vector = None
    for f in direct:
        part = SearchVector(_text(f.name), weight=_pg_weight(f.weight), config="swedish")
        vector = part if vector is None else vector + part
    tsquery = SearchQuery(" & ".join(f"{w}:*" for w in words), config="swedish", search_type="raw")
    relevance: Any = SearchRank(vector, tsquery) if vector is not None else Value(0.0)
    match = Q(_search_vector=tsquery) if vector is not None else Q()
    annotations: dict[str, Any] = {"_search_vector": vector} if vector is not None else {}
    word_conditions = Q()
    for i, word in enumerate(words):
        similarities = [TrigramWordSimilarity(Value(word), _text(f.name)) * f.weight for f in direct]
        name = f"_similar_{i}"
        annotations[name] = Greatest(*similarities) if len(similarities) > 1 else similarities[0]
        relevance = relevance + F(name) * 0.5
        in_related = Q()
        for f in related:
            in_related |= Q(**{f"{f.name}__icontains": word})
        closest = Greatest(*[TrigramWordSimilarity(Value(word), _text(f.name)) for f in direct]) if len(
            direct) > 1 else TrigramWordSimilarity(Value(word), _text(direct[0].name))
        annotations[f"_closest_{i}"] = closest
        word_conditions &= Q(**{f"_closest_{i}__gte": TRIGRAM_THRESHOLD}) | in_related
    for f in related:
        ids = queryset.model._default_manager.filter(
            _any_word(f.name, words)).values_list("pk", flat=True)
        relevance = relevance + Case(When(pk__in=ids, then=Value(f.weight * 0.3)), default=Value(0.0),
                                     output_field=FloatField())
    queryset = queryset.annotate(**annotations)
    matching = match | word_conditions if vector is not None else word_conditions
    return (queryset.filter(matching).annotate(search_relevance=relevance)
            .order_by("-search_relevance", "pk").distinct())


def _single_valued(model: type[Model], path: str) -> bool:
    """True when `path` names one value per row (a field, or a field across foreign keys)."""
    for part in path.split("__")[:-1]:
        field = model._meta.get_field(part)
        if field.many_to_many or field.one_to_many or field.related_model is None:
            return False
        model = field.related_model
    return True


def _any_word(name: str, words: list[str]) -> Q:
    condition = Q()
    for word in words:
        condition |= Q(**{f"{name}__icontains": word})
    return condition


# --- SQLite -------------------------------------------------------------------------------------------------


def _fts_query(words: list[str]) -> str:
    """Every word must occur (as a substring, so parts of compounds count); words under 3 letters are
    prefixes of a word."""
    parts = []
    for word in words:
        escaped = word.replace('"', '""')
        parts.append(f'"{escaped}"' if len(word) >= 3 else f'"{escaped}"*')
    return " AND ".join(parts)


def _candidate_texts(queryset: QuerySet[Any], fields: Sequence[Field]) -> dict[int, list[str]]:
    direct = [f.name for f in fields if "__" not in f.name]
    texts: dict[int, list[str]] = {}
    for row in queryset.order_by().values_list("pk", *direct)[:MAX_CANDIDATES]:
        texts[row[0]] = ["" if v is None else str(v) for v in row[1:]]
    for f in fields:
        if "__" not in f.name:
            continue
        joined: dict[int, list[str]] = defaultdict(list)
        rows = queryset.model._default_manager.filter(pk__in=list(texts)).values_list("pk", f.name)
        for pk, value in rows:
            if value:
                joined[pk].append(str(value))
        for pk, values in texts.items():
            values.append(" ".join(sorted(joined.get(pk, []))))
    return texts


def _ordered_fields(fields: Sequence[Field]) -> list[Field]:
    return [f for f in fields if "__" not in f.name] + [f for f in fields if "__" in f.name]


def _sqlite_ranking(queryset: QuerySet[Any], words: list[str], fields: Sequence[Field]) -> list[int]:
    texts = _candidate_texts(queryset, fields)
    if not texts:
        return []
    ordered = _ordered_fields(fields)
    table = f"search_{uuid.uuid4().hex[:12]}"
    columns = ", ".join(f"c{i}" for i in range(len(ordered)))
    weights = ", ".join(str(float(f.weight)) for f in ordered)
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE VIRTUAL TABLE temp.{table} USING fts5({columns}, tokenize="trigram")')
        try:
            placeholders = ", ".join(["%s"] * (len(ordered) + 1))
            # the table and column names are made here, never from input; the values are parameters
            cursor.executemany(f"INSERT INTO temp.{table}(rowid, {columns}) VALUES ({placeholders})",  # noqa: S608
                               [(pk, *values) for pk, values in texts.items()])
            if all(len(w) >= 3 for w in words):
                cursor.execute(f"SELECT rowid FROM temp.{table} WHERE {table} MATCH %s "  # noqa: S608
                               f"ORDER BY bm25({table}, {weights}), rowid", [_fts_query(words)])
                found = [row[0] for row in cursor.fetchall()]
            else:
                found = _prefix_matches(texts, words)
        finally:
            cursor.execute(f"DROP TABLE temp.{table}")
    return found or _typo_matches(texts, words, ordered)


def _prefix_matches(texts: dict[int, list[str]], words: list[str]) -> list[int]:
    """Very short words: rows where every word starts a word of the text."""
    found = []
    for pk, values in texts.items():
        text_words = terms(" ".join(values))
        if all(any(t.startswith(w) for t in text_words) for w in words):
            found.append(pk)
    return sorted(found)


def _typo_matches(texts: dict[int, list[str]], words: list[str], fields: Sequence[Field]) -> list[int]:
    """Rows where every query word is spelt almost like a word of the row (a typo), closest first."""
    scored = []
    for pk, values in texts.items():
        total = 0.0
        for word in words:
            best = 0.0
            for value, f in zip(values, fields, strict=True):
                for candidate in terms(value):
                    if abs(len(candidate) - len(word)) <= 2 or candidate.startswith(word[:3]):
                        ratio = difflib.SequenceMatcher(None, word, candidate[: len(word) + 2]).ratio()
                        best = max(best, ratio * (0.9 + 0.1 * f.weight))
            if best < TYPO_RATIO:
                break
            total += best
        else:
            scored.append((-total, pk))
    return [pk for _, pk in sorted(scored)]


def _ranked_by_ids(queryset: QuerySet[M], ids: list[int]) -> QuerySet[M]:
    if not ids:
        return queryset.none()
    order = Case(*[When(pk=pk, then=Value(i)) for i, pk in enumerate(ids)], default=Value(len(ids)))
    return queryset.filter(pk__in=ids).annotate(search_position=order).order_by("search_position", "pk")
