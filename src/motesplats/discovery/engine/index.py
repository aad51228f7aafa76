"""The discovery index: related projects and data matches, each with reasons and a confidence band.

Every score is a standard score (how far above the typical candidate a candidate stands), so it means the
same on a portfolio of 30 projects and on one of 10,000, and with either text model:

  related(a, b) = 0.5 z(char n-gram cosine) + 0.5 z(sentence-embedding cosine)     (the text)
                + 3 max(0, data link - 1.5)                                          (data one needs)
                - 0.5 if both belong to the same organisation
                + what the programme office's verdicts on similar pairs say (`Feedback`)

  data match(need, dataset) = z of  0.5 z(need . dataset)                 (need as a query, the dataset
                                    + 0.3 z(need . dataset's project)        with its project's title and
                                    + 0.2 z(need's project . dataset)        summary as a passage)
  over every dataset of the other projects: a terse need or dataset name is read in the light of the
  project it belongs to. Character n-grams and stemmed words may take a share too (`Weights.need_char`,
  `need_word`); on the development set any share of theirs lowered hit@3, so they have none.

The data link of a and b is the best data match between a need of one and a dataset of the other. The
weights were chosen on the development set (bench/data/discovery_dev.json); see bench/discovery.py.
Without a sentence model ("lexical"), stemmed words stand in for the embeddings.

The index is a pure function of the projects it holds: adding, changing or removing projects in any order
gives the same scores as building it from scratch, so every process that holds the same projects ranks
them the same way.

>>> from motesplats.discovery.engine.documents import DatasetDoc, ProjectDoc
>>> index = DiscoveryIndex(mode="lexical").build([
...     ProjectDoc("a", "X", "Cykelräkning på broarna", "Vi räknar cyklister"),
...     ProjectDoc("b", "Y", "Räkning av cyklister", "Cykelflöden över broar"),
...     ProjectDoc("c", "Z", "Skolmåltider", "Mindre matsvinn i skolköken")])
>>> [r.key for r in index.similar("a", 2)]
['b', 'c']
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from motesplats.discovery.engine.documents import ProjectDoc
from motesplats.discovery.engine.semantic import Encoder
from motesplats.discovery.engine.space import CAPACITY, Rows, Space
from motesplats.discovery.engine.text import is_term, ngrams, stem, words

FloatArray = NDArray[np.float64]

REASON_THEMES = "themes"
REASON_TERMS = "terms"
REASON_PROVIDES = "provides"  # the related project collects data the focal project needs
REASON_RECEIVES = "receives"  # the focal project collects data the related project needs
REASON_CONTENT = "content"  # similar content (the sentence model), no shared theme, word or data
REASON_VERDICT = "verdict"  # the programme office marked the pair (contacted / collaborating)
REASON_LEARNT = "learnt"  # similar to pairs the programme office confirmed

BAND_STRONG = "stark"
BAND_POSSIBLE = "möjlig"
BAND_WEAK = "svag"

MODES = ("lexical", "semantic", "blend")


@dataclass(frozen=True)
class Reason:
    code: str
    terms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Related:
    key: str
    score: float
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class Producer:
    key: str
    dataset: str
    score: float
    band: str = BAND_WEAK
    terms: tuple[str, ...] = ()


@dataclass(frozen=True)
class NeedMatch:
    project: str
    need: str
    producers: tuple[Producer, ...]

    @property
    def answered(self) -> bool:
        """True when the best candidate is at least a possible match ("no good match" otherwise)."""
        return bool(self.producers) and self.producers[0].band != BAND_WEAK


@dataclass(frozen=True)
class Consumer:
    key: str
    need: str
    score: float
    band: str = BAND_WEAK
    terms: tuple[str, ...] = ()


@dataclass(frozen=True)
class DatasetMatch:
    project: str
    dataset: str
    consumers: tuple[Consumer, ...]


@dataclass(frozen=True)
class Feedback:
    """A verdict of the programme office on a pair: +1 (contacted, collaborating) or -1 (not relevant)."""

    a: str
    b: str
    sign: float


@dataclass(frozen=True)
class Weights:
    char: float = 0.5  # share of the character n-gram z score in the text score
    word: float = 0.0  # share of the stemmed-word z score (blend; the sentence model has the rest)
    need_char: float = 0.0  # data matches (blend): share of the character n-gram z score
    need_word: float = 0.0  # data matches (blend): share of the stemmed-word z score
    need_project: float = 0.3  # data matches: share of the query against the target's whole project
    need_context: float = 0.2  # data matches: share of the query's whole project against the target
    data: float = 3.0  # weight of a data link above `data_floor`
    data_floor: float = 1.5
    same_org: float = 0.5  # subtracted for a project of the same organisation
    feedback: float = 1.0  # a verdict on an identical pair moves the score by this much (z units)
    strong: float = 2.5  # data match bands, in z units (chosen on the development set)
    possible: float = 1.5
    key_terms: int = 5


def band_of(z: float, weights: Weights) -> str:
    if z >= weights.strong:
        return BAND_STRONG
    if z >= weights.possible:
        return BAND_POSSIBLE
    return BAND_WEAK


def display_score(z: float) -> float:
    """A standard score shown as 0..1 (0.38 at z = 1.5, a possible match; 0.62 at z = 2.5, a strong one)."""
    return round(1.0 / (1.0 + math.exp(-(z - 2.0))), 3)


def _zscores(values: FloatArray, mask: NDArray[np.bool_]) -> FloatArray:
    """Standard scores of `values` against the candidates in `mask` (0 where mask is False)."""
    out = np.zeros(len(values), dtype=np.float64)
    if not mask.any():
        return out
    chosen = values[mask]
    std = max(float(chosen.std()), 0.02)
    out[mask] = (chosen - float(chosen.mean())) / std
    return out


Signal = Callable[[], "NDArray[np.floating[Any]] | None"]


def _blend(parts: Sequence[tuple[float, Signal]], mask: NDArray[np.bool_]) -> FloatArray:
    """The weighted sum of the standard scores of several signals; a signal with no share is not computed."""
    out = np.zeros(len(mask), dtype=np.float64)
    for share, signal in parts:
        values = signal() if share > 0.0 else None
        if values is not None:
            out += share * _zscores(np.asarray(values, dtype=np.float64), mask)
    return out


def theme_key(theme: str) -> str:
    return " ".join(stem(w) for w in words(theme)) or theme.strip().lower()


def _sublinear(counts: Counter[int]) -> sp.csr_matrix:
    if not counts:
        return sp.csr_matrix((1, CAPACITY), dtype=np.float32)
    cols = np.array(sorted(counts), dtype=np.int32)
    vals = np.array([1.0 + math.log(counts[c]) for c in cols.tolist()], dtype=np.float32)
    return sp.csr_matrix((vals, cols, np.array([0, len(cols)], np.int32)), shape=(1, CAPACITY))


@dataclass
class _Project:
    doc: ProjectDoc
    row: int
    need_rows: list[int] = field(default_factory=list)
    set_rows: list[int] = field(default_factory=list)


class _Dense:
    """Append-only dense rows (embeddings), concatenated lazily."""

    def __init__(self) -> None:
        self.parts: list[NDArray[np.float32]] = []
        self.matrix: NDArray[np.float32] | None = None

    def append(self, rows: NDArray[np.float32]) -> None:
        if len(rows):
            self.parts.append(rows.astype(np.float32))

    def get(self, dim: int) -> NDArray[np.float32]:
        if self.parts:
            base = [self.matrix] if self.matrix is not None else []
            self.matrix = np.vstack([*base, *self.parts])
            self.parts = []
        return self.matrix if self.matrix is not None else np.zeros((0, dim), np.float32)


class _Texts:
    """One kind of text (projects, needs or datasets): word and n-gram rows, vectors, owners, surface words."""

    def __init__(self, words_space: Space, grams_space: Space) -> None:
        self.words = Rows(words_space)
        self.grams = Rows(grams_space)
        self.dense = _Dense()
        self.owner: list[int] = []
        self._owners: NDArray[np.int64] | None = None
        self.text: list[str] = []
        self.display: list[str] = []  # what a reason names: a dataset's name, a need's text
        self.surface: list[dict[str, str]] = []  # stem -> the word as written

    @property
    def alive(self) -> NDArray[np.bool_]:
        return self.words.alive

    def owners(self) -> NDArray[np.int64]:
        if self._owners is None or len(self._owners) != len(self.owner):
            self._owners = np.asarray(self.owner, dtype=np.int64)
        return self._owners


class DiscoveryIndex:
    """Related projects and data matches over a portfolio that can change one project at a time."""

    def __init__(self, *, mode: str = "blend", encoder: Encoder | None = None,
                 weights: Weights | None = None) -> None:
        if mode not in MODES:
            raise ValueError(f"unknown discovery engine {mode!r}")
        if mode != "lexical" and encoder is None:
            raise ValueError(f"the {mode} engine needs an encoder (a sentence model)")
        self.mode = mode
        self.encoder = encoder if mode != "lexical" else None
        self.weights = weights or Weights()
        self.word_space = Space()
        self.gram_space = Space()
        self.proj = _Texts(self.word_space, self.gram_space)
        self.need = _Texts(self.word_space, self.gram_space)
        self.set = _Texts(self.word_space, self.gram_space)
        self.projects: dict[str, _Project] = {}
        self.row_keys: list[str | None] = []
        self.row_orgs: list[str] = []
        self.row_themes: list[frozenset[str]] = []
        self._org_codes: dict[str, int] = {}
        self.row_org_codes = np.zeros(0, dtype=np.int64)  # -1: no organisation
        self.generation = 0  # grows with every change; callers cache results per generation
        self.dim = 0
        self.topic: Counter[str] = Counter()  # stems of the words that name things: titles, themes, datasets
        self.forms: dict[str, Counter[str]] = {}  # stem -> how those names write it
        self._word_cache: dict[str, int] = {}
        self._gram_cache: dict[str, NDArray[np.int32]] = {}

    # --- building -------------------------------------------------------------------------------

    def build(self, docs: Iterable[ProjectDoc]) -> DiscoveryIndex:
        self.add(list(docs))
        return self

    def add(self, docs: Sequence[ProjectDoc]) -> None:
        """Add new projects in a batch."""
        fresh = [d for d in docs if d.key not in self.projects]
        for doc in docs:
            if doc.key in self.projects:
                self.upsert(doc)
        if fresh:
            self._add(fresh)

    def upsert(self, doc: ProjectDoc) -> None:
        """Index a new or changed project without touching the others."""
        if doc.key in self.projects:
            self.remove(doc.key)
        self._add([doc])

    def remove(self, key: str) -> None:
        entry = self.projects.pop(key, None)
        if entry is None:
            return
        self.word_space.count([self.proj.words.row(entry.row)], -1)
        self.gram_space.count([self.proj.grams.row(entry.row)], -1)
        for texts, rows in ((self.proj, [entry.row]), (self.need, entry.need_rows), (self.set, entry.set_rows)):
            for r in rows:
                texts.words.retire(r)
                texts.grams.retire(r)
        self.row_keys[entry.row] = None
        self.topic.subtract(self._topic_stems(entry.doc))
        for word in self._topic_words(entry.doc):
            self.forms[stem(word)][word] -= 1
        self.generation += 1

    def __contains__(self, key: object) -> bool:
        return key in self.projects

    def __len__(self) -> int:
        return len(self.projects)

    def keys(self) -> list[str]:
        return sorted(self.projects)

    def doc(self, key: str) -> ProjectDoc:
        return self.projects[key].doc

    def _word_vector(self, tokens: list[str]) -> sp.csr_matrix:
        counts: Counter[int] = Counter()
        for word in tokens:
            col = self._word_cache.get(word)
            if col is None:
                col = self._word_cache[word] = self.word_space.id_of(stem(word))
            counts[col] += 1
        return _sublinear(counts)

    def _gram_vector(self, tokens: list[str]) -> sp.csr_matrix:
        counts: Counter[int] = Counter()
        for word, tf in Counter(tokens).items():
            ids = self._gram_cache.get(word)
            if ids is None:
                ids = self._gram_cache[word] = np.array([self.gram_space.id_of(g) for g in ngrams(word)], np.int32)
            for col in ids.tolist():
                counts[col] += tf
        return _sublinear(counts)

    @staticmethod
    def _surface(tokens: list[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for word in tokens:
            if is_term(word):
                key = stem(word)
                if key not in out or len(word) < len(out[key]):
                    out[key] = word
        return out

    def _append(self, texts: _Texts, items: list[tuple[int, str]], names: list[str] | None = None) -> list[int]:
        word_rows, gram_rows = [], []
        texts.display.extend(names if names is not None else [text for _, text in items])
        for owner, text in items:
            tokens = words(text)
            word_rows.append(self._word_vector(tokens))
            gram_rows.append(self._gram_vector(tokens))
            texts.owner.append(owner)
            texts.text.append(text)
            texts.surface.append(self._surface(tokens))
        rows = texts.words.append(word_rows)
        texts.grams.append(gram_rows)
        if texts is self.proj:
            self.word_space.count(word_rows, 1)
            self.gram_space.count(gram_rows, 1)
        return rows

    @staticmethod
    def _topic_words(doc: ProjectDoc) -> list[str]:
        return [w for text in (doc.title, *doc.themes, *(d.name for d in doc.datasets)) for w in words(text)
                if is_term(w)]

    @classmethod
    def _topic_stems(cls, doc: ProjectDoc) -> set[str]:
        return {stem(w) for w in cls._topic_words(doc)}

    def _form(self, key: str, word: str) -> str:
        """How the portfolio's names write a word (värme, not värma), else as the text wrote it."""
        forms = self.forms.get(key)
        if not forms:
            return word
        best = max(forms.items(), key=lambda kv: (kv[1], -len(kv[0]), kv[0]))
        return best[0] if best[1] > 0 else word

    @staticmethod
    def project_text(doc: ProjectDoc) -> str:
        return ". ".join(p for p in (doc.title, doc.summary, doc.description, ", ".join(doc.themes)) if p)

    @staticmethod
    def dataset_passage(doc: ProjectDoc, dataset_text: str) -> str:
        """A dataset in the context of its project: names of datasets are terse, the project says more."""
        return ". ".join(p for p in (dataset_text, doc.title, doc.summary) if p)

    def _add(self, docs: list[ProjectDoc]) -> None:
        first = len(self.row_keys)
        owners = list(range(first, first + len(docs)))
        self._append(self.proj, [(row, self.project_text(d) + "\n" + "\n".join(
            [s.text for s in d.datasets] + list(d.needs))) for row, d in zip(owners, docs, strict=True)])
        need_items = [(row, need) for row, d in zip(owners, docs, strict=True) for need in d.needs]
        set_items = [(row, s.text) for row, d in zip(owners, docs, strict=True) for s in d.datasets]
        need_rows = self._append(self.need, need_items)
        set_rows = self._append(self.set, set_items, [s.name for d in docs for s in d.datasets])
        n_iter, s_iter = iter(need_rows), iter(set_rows)
        for doc, row in zip(docs, owners, strict=True):
            entry = _Project(doc, row)
            entry.need_rows = [next(n_iter) for _ in doc.needs]
            entry.set_rows = [next(s_iter) for _ in doc.datasets]
            self.projects[doc.key] = entry
            self.row_keys.append(doc.key)
            self.row_orgs.append(doc.org)
            self.row_themes.append(frozenset(theme_key(t) for t in doc.themes))
            self.topic.update(self._topic_stems(doc))
            for word in self._topic_words(doc):
                self.forms.setdefault(stem(word), Counter())[word] += 1
        codes = [self._org_codes.setdefault(d.org, len(self._org_codes)) if d.org else -1 for d in docs]
        self.row_org_codes = np.concatenate([self.row_org_codes, np.array(codes, dtype=np.int64)])
        if self.encoder is not None:
            projects = self.encoder.passages([self.project_text(d) for d in docs])
            self.dim = projects.shape[1]
            self.proj.dense.append(projects)
            if need_items:
                self.need.dense.append(self.encoder.queries([t for _, t in need_items]))
            sets = [self.dataset_passage(d, s.text) for d in docs for s in d.datasets]
            if sets:
                self.set.dense.append(self.encoder.passages(sets))
        self.generation += 1

    @classmethod
    def vector_texts(cls, docs: Sequence[ProjectDoc]) -> tuple[list[str], list[str]]:
        """The texts the sentence model encodes for these projects: (passages, queries)."""
        passages = [cls.project_text(d) for d in docs]
        passages += [cls.dataset_passage(d, s.text) for d in docs for s in d.datasets]
        return passages, [need for d in docs for need in d.needs]

    # --- scores ---------------------------------------------------------------------------------

    def _key(self, row: int) -> str:
        key = self.row_keys[row]
        assert key is not None
        return key

    def _semantic(self) -> bool:
        return self.encoder is not None

    def _text_z(self, row: int) -> FloatArray:
        """Standard score of the text similarity of every project with project `row` (0 for itself)."""
        mask = self.proj.alive.copy()
        mask[row] = False
        if self._semantic():
            w_char, w_word = (self.weights.char, self.weights.word) if self.mode == "blend" else (0.0, 0.0)
        else:
            w_char, w_word = self.weights.char, 1.0 - self.weights.char
        matrix = self.proj.dense.get(self.dim) if self._semantic() else None
        parts = [(w_char, lambda: self.proj.grams.cosine(self.proj.grams.row(row))),
                 (w_word, lambda: self.proj.words.cosine(self.proj.words.row(row))),
                 (1.0 - w_char - w_word, lambda: matrix @ matrix[row] if matrix is not None else None)]
        score = _blend(parts, mask)
        score[~mask] = 0.0
        return score

    def _data_parts(self, queries: _Texts, q_row: int, targets: _Texts) -> list[tuple[float, Signal]]:
        """(share, cosine) of one need (or dataset) with every dataset (or need), per signal."""
        def grams() -> FloatArray:
            return targets.grams.cosine(queries.grams.row(q_row)).astype(np.float64)

        def stems() -> FloatArray:
            return targets.words.cosine(queries.words.row(q_row)).astype(np.float64)

        if not self._semantic():
            return [(1.0, lambda: 0.5 * stems() + 0.5 * grams())]

        def dense() -> FloatArray:
            matrix = targets.dense.get(self.dim)
            return np.asarray(matrix @ queries.dense.get(self.dim)[q_row], dtype=np.float64)

        def project() -> FloatArray:
            by_project = self.proj.dense.get(self.dim) @ queries.dense.get(self.dim)[q_row]
            return np.asarray(by_project[targets.owners()], dtype=np.float64)

        def context() -> FloatArray:
            mine = self.proj.dense.get(self.dim)[queries.owner[q_row]]
            return np.asarray(targets.dense.get(self.dim) @ mine, dtype=np.float64)

        w = self.weights
        w_char, w_word = (w.need_char, w.need_word) if self.mode == "blend" else (0.0, 0.0)
        rest = 1.0 - w_char - w_word - w.need_project - w.need_context
        return [(w_char, grams), (w_word, stems), (w.need_project, project), (w.need_context, context),
                (rest, dense)]

    def _data_z(self, queries: _Texts, q_row: int, targets: _Texts) -> FloatArray:
        """Standard score of every target against one query, among the targets of other projects.

        One signal alone gives its own standard score; a blend of several is standardised again, so that
        the bands mean the same whatever the blend.
        """
        owner = queries.owner[q_row]
        mask = targets.alive & (targets.owners() != owner)
        parts = self._data_parts(queries, q_row, targets)
        z = _blend(parts, mask)
        if sum(1 for share, _ in parts if share > 0.0) > 1:
            z = _zscores(z, mask)
        z[~mask] = -np.inf
        return z

    def _data_links(self, row: int) -> tuple[FloatArray, list[tuple[float, str, int, int]]]:
        """The best data-match z with every project (either direction), and every link above the floor."""
        entry = self.projects[self._key(row)]
        links = np.zeros(len(self.row_keys), dtype=np.float64)
        found: list[tuple[float, str, int, int]] = []
        floor = self.weights.data_floor
        for need_row in entry.need_rows:
            z = self._data_z(self.need, need_row, self.set)
            finite = np.isfinite(z)
            np.maximum.at(links, self.set.owners()[finite], z[finite])
            found += [(float(z[s]), REASON_PROVIDES, need_row, int(s)) for s in np.flatnonzero(z > floor)]
        for set_row in entry.set_rows:
            z = self._data_z(self.set, set_row, self.need)
            finite = np.isfinite(z)
            np.maximum.at(links, self.need.owners()[finite], z[finite])
            found += [(float(z[n]), REASON_RECEIVES, int(n), set_row) for n in np.flatnonzero(z > floor)]
        links[row] = 0.0
        return links, found

    def _feedback_scores(self, row: int, feedback: Sequence[Feedback]) -> FloatArray:
        """How much the verdicts on pairs like (row, b) move every b: a verdict on (x, y) counts for (a, b)
        as much as a is like x and b like y (or a like y and b like x)."""
        out = np.zeros(len(self.row_keys), dtype=np.float64)
        rows = {key: self.projects[key].row for f in feedback for key in (f.a, f.b) if key in self.projects}
        if not rows:
            return out
        z_of: dict[int, FloatArray] = {}

        def closeness(r: int) -> FloatArray:
            if r not in z_of:
                z = self._text_z(r)
                z_of[r] = np.clip((z - 1.0) / 2.0, 0.0, 1.0)
                z_of[r][r] = 1.0
            return z_of[r]

        mine = closeness(row)
        for item in feedback:
            if item.a not in rows or item.b not in rows:
                continue
            x, y = rows[item.a], rows[item.b]
            if mine[x] > 0:
                out += item.sign * mine[x] * closeness(y)
            if mine[y] > 0:
                out += item.sign * mine[y] * closeness(x)
        return out * self.weights.feedback

    # --- queries --------------------------------------------------------------------------------

    def similar(self, key: str, k: int = 5, *, other_orgs_only: bool = False, exclude: Iterable[str] = (),
                boost: dict[str, float] | None = None, feedback: Sequence[Feedback] = ()) -> list[Related]:
        """The k projects most related to `key`, best first, never `key` itself.

        exclude: keys never to propose (pairs marked "not relevant"); boost: key -> added score (pairs the
        programme office confirmed); feedback: verdicts on other pairs, which move similar pairs.
        """
        row = self.projects[key].row
        w = self.weights
        score = self._text_z(row)
        links, found = self._data_links(row)
        score += w.data * np.maximum(links - w.data_floor, 0.0)
        learnt = self._feedback_scores(row, feedback) if feedback else None
        if learnt is not None:
            score += learnt
        org = self.row_org_codes[row]
        same = (self.row_org_codes == org) if org >= 0 else np.zeros(len(score), dtype=bool)
        score[same] -= w.same_org
        candidates = self.proj.alive.copy()
        candidates[row] = False
        if other_orgs_only:
            candidates &= ~same
        for other_key in exclude:
            other = self.projects.get(other_key)
            if other is not None:
                candidates[other.row] = False
        boosted = set()
        for other_key, extra in (boost or {}).items():
            other = self.projects.get(other_key)
            if other is not None:
                score[other.row] += extra
                boosted.add(other.row)
        rows = np.flatnonzero(candidates)
        if not len(rows) or k <= 0:
            return []
        rounded = np.round(score[rows], 6)
        if len(rows) > k:  # the k best, and every candidate tied with the k-th (ties go by key)
            kth = np.partition(-rounded, k - 1)[k - 1]
            keep = -rounded <= kth
            rows, rounded = rows[keep], rounded[keep]
        order = sorted(range(len(rows)), key=lambda i: (-rounded[i], self._key(int(rows[i]))))[:k]
        out = []
        for i in order:
            other_row = int(rows[i])
            links_with = [f for f in found if (self.set.owner[f[3]] if f[1] == REASON_PROVIDES
                                               else self.need.owner[f[2]]) == other_row]
            learnt_here = learnt is not None and bool(learnt[other_row] > 0.05)
            out.append(self._explain(row, other_row, float(rounded[i]), links_with, other_row in boosted,
                                     learnt_here))
        return out

    def _explain(self, row: int, other: int, score: float, links: list[tuple[float, str, int, int]],
                 boosted: bool, learnt: bool) -> Related:
        reasons: list[Reason] = []
        if boosted:
            reasons.append(Reason(REASON_VERDICT))
        if learnt:
            reasons.append(Reason(REASON_LEARNT))
        them = self.projects[self._key(other)].doc
        shared = self.row_themes[row] & self.row_themes[other]
        if shared:
            names = {theme_key(t): t for t in them.themes}
            reasons.append(Reason(REASON_THEMES, tuple(sorted(names[s] for s in shared))))
        seen: set[tuple[str, int, int]] = set()
        for _, direction, need_row, set_row in sorted(links, key=lambda f: (-f[0], f[2], f[3]))[:3]:
            if (direction, need_row, set_row) not in seen:
                seen.add((direction, need_row, set_row))
                reasons.append(Reason(direction, (self.set.display[set_row], self.need.display[need_row])))
        terms = self.shared_terms(self.proj, row, self.proj, other, self.weights.key_terms)
        if terms:
            reasons.append(Reason(REASON_TERMS, terms))
        if not any(r.code not in {REASON_VERDICT, REASON_LEARNT} for r in reasons):
            reasons.append(Reason(REASON_CONTENT))
        return Related(self._key(other), display_score(score), tuple(reasons))

    def shared_terms(self, a: _Texts, a_row: int, b: _Texts, b_row: int, limit: int) -> tuple[str, ...]:
        """Whole words of both texts that carry the match, rarest first, as written in the second text.

        Words match by their stem, or when one is a part of a compound of the other (luft, luftkvalitet).
        Only words that some project uses to name a thing (in a title, a theme, a dataset or a need) are
        shown: the verbs and adjectives of a description carry no match a reader would accept.
        """
        mine = {k: self._form(k, w) for k, w in a.surface[a_row].items() if self.topic[k] > 0}
        theirs = {k: self._form(k, w) for k, w in b.surface[b_row].items() if self.topic[k] > 0}
        if not mine or not theirs:
            return ()
        idf = self.word_space.idf
        ids = self.word_space.ids
        max_idf = float(np.log(1.0 + max(self.word_space.n_docs, 1))) + 1.0
        scored: dict[str, float] = {}
        for key, word in theirs.items():
            weight = float(idf[ids[key]]) if key in ids else max_idf
            if weight < 0.5 * max_idf:  # a word most projects use carries nothing
                continue
            if key in mine:
                scored[word] = weight
                continue
            for other_key in mine:
                short, long_ = sorted((key, other_key), key=len)
                if len(short) >= 5 and (long_.startswith(short) or long_.endswith(short)):
                    scored[word if len(word) <= len(mine[other_key]) else mine[other_key]] = 0.8 * weight
                    break
        ranked = sorted(scored.items(), key=lambda kv: (-kv[1], kv[0]))
        return tuple(word for word, _ in ranked[:limit])

    def _ranked_data(self, queries: _Texts, q_row: int, targets: _Texts, exclude: set[int],
                     k: int) -> list[tuple[int, int, float]]:
        """(owner row, target row, z) of the best target of each other project, best first, k of them."""
        z = self._data_z(queries, q_row, targets)
        best: dict[int, tuple[float, int]] = {}
        owners = targets.owner
        for t in np.flatnonzero(np.isfinite(z)).tolist():
            owner = owners[t]
            if owner in exclude:
                continue
            value = round(float(z[t]), 6)
            if owner not in best or value > best[owner][0]:
                best[owner] = (value, t)
        ranked = sorted(best.items(), key=lambda item: (-item[1][0], self._key(item[0])))[:k]
        return [(owner, t, value) for owner, (value, t) in ranked]

    def producers(self, key: str, need_index: int, k: int = 5, *, exclude: Iterable[str] = ()) -> NeedMatch:
        """The projects whose data best meets one need of `key`, best first (best dataset per project).

        Never empty while another project has a dataset: a weak best candidate is still shown, with the
        band saying that it is no good match.
        """
        entry = self.projects[key]
        need_row = entry.need_rows[need_index]
        excluded = {self.projects[x].row for x in exclude if x in self.projects}
        ranked = self._ranked_data(self.need, need_row, self.set, excluded, k)
        return NeedMatch(key, self.need.display[need_row], tuple(
            Producer(self._key(owner), self.set.display[set_row], display_score(z), band_of(z, self.weights),
                     self.shared_terms(self.need, need_row, self.set, set_row, 4))
            for owner, set_row, z in ranked))

    def consumers(self, key: str, set_index: int, k: int = 5, *, exclude: Iterable[str] = ()) -> DatasetMatch:
        """The projects whose needs one dataset of `key` best meets, best first."""
        entry = self.projects[key]
        set_row = entry.set_rows[set_index]
        excluded = {self.projects[x].row for x in exclude if x in self.projects}
        ranked = self._ranked_data(self.set, set_row, self.need, excluded, k)
        return DatasetMatch(key, self.set.display[set_row], tuple(
            Consumer(self._key(owner), self.need.display[need_row], display_score(z), band_of(z, self.weights),
                     self.shared_terms(self.set, set_row, self.need, need_row, 4))
            for owner, need_row, z in ranked))

    def data_needs(self, k: int = 5) -> list[NeedMatch]:
        """Every need of every project with its producers, in the order the projects were given."""
        ordered = sorted(self.projects.values(), key=lambda e: e.row)
        return [self.producers(e.doc.key, i, k) for e in ordered for i in range(len(e.need_rows))]
