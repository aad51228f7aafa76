"""The discovery index: related projects and data matches, each with reasons.

A project's relatedness to another is a blend of
  text     cosine of TF-IDF over stems, compound parts and concepts, blended with char 3-5-grams
           (lexical), or of sentence embeddings (semantic), or both (blend);
  themes   Jaccard overlap of their themes;
  data     how well data one collects meets a need of the other (either way).
Reasons come back as codes with terms; the caller renders them in the reader's language.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol, cast

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from motesplats.discovery.engine.documents import DatasetDoc, ProjectDoc
from motesplats.discovery.engine.space import Rows, Space
from motesplats.discovery.engine.text import CONCEPT_PREFIX, Analyzer, stem, words

FloatArray = NDArray[np.float32]
_TOKENS = itertools.count(1)
Pair = frozenset[str]

REASON_THEMES = "themes"
REASON_TERMS = "terms"
REASON_PROVIDES = "provides"  # the related project collects data the focal project needs
REASON_RECEIVES = "receives"  # the focal project collects data the related project needs
REASON_WORDING = "wording"  # only similar spelling (shared word pieces), no shared theme, term or data
REASON_VERDICT = "verdict"  # the programme office marked the pair (contacted / collaborating)


class Encoder(Protocol):
    """Sentence embeddings: one L2-normalised row per text."""

    def encode(self, texts: Sequence[str]) -> FloatArray: ...


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
    terms: tuple[str, ...] = ()


@dataclass(frozen=True)
class NeedMatch:
    project: str
    need: str
    producers: tuple[Producer, ...]


@dataclass(frozen=True)
class Consumer:
    key: str
    need: str
    score: float
    terms: tuple[str, ...] = ()


@dataclass(frozen=True)
class DatasetMatch:
    project: str
    dataset: str
    consumers: tuple[Consumer, ...]


@dataclass(frozen=True)
class Weights:
    text: float = 0.6
    themes: float = 0.2
    data: float = 0.25
    word_share: float = 0.65  # of the lexical text score; the rest is char n-grams
    semantic_share: float = 0.5  # in "blend": share of the embeddings in the text score
    same_org: float = 0.85  # factor on projects of the same organisation
    concept: float = 2.0  # extra weight of concept terms when matching data
    data_threshold: float = 0.22  # a need/dataset match below this is not a match
    key_terms: int = 5


def ngrams(word: str, low: int = 3, high: int = 5) -> list[str]:
    padded = f" {word} "
    return [padded[i : i + n] for n in range(low, high + 1) for i in range(len(padded) - n + 1)]


@dataclass
class _Project:
    doc: ProjectDoc
    row: int
    need_rows: list[int] = field(default_factory=list)
    set_rows: list[int] = field(default_factory=list)


class _Dense:
    """Append-only dense rows (embeddings)."""

    def __init__(self, dim: int) -> None:
        self.parts: list[FloatArray] = []
        self.matrix = np.zeros((0, dim), dtype=np.float32)

    def append(self, rows: FloatArray) -> None:
        self.parts.append(rows.astype(np.float32))

    def get(self) -> FloatArray:
        if self.parts:
            self.matrix = np.vstack([self.matrix, *self.parts])
            self.parts = []
        return self.matrix


class DiscoveryIndex:
    def __init__(self, *, mode: str = "lexical", encoder: Encoder | None = None, weights: Weights | None = None,
                 analyzer: Analyzer | None = None) -> None:
        if mode not in {"lexical", "semantic", "blend"}:
            raise ValueError(f"unknown discovery engine {mode!r}")
        if mode != "lexical" and encoder is None:
            raise ValueError(f"the {mode} engine needs an encoder (DISCOVERY_MODEL_PATH)")
        self.mode = mode
        self.encoder = encoder
        self.weights = weights or Weights()
        self.analyzer = analyzer or Analyzer()
        self.words = Space()
        self.grams = Space()
        self.proj_words = Rows(self.words)
        self.proj_grams = Rows(self.grams)
        self.need_words, self.need_grams = Rows(self.words), Rows(self.grams)
        self.set_words, self.set_grams = Rows(self.words), Rows(self.grams)
        self.theme_ids: dict[str, int] = {}
        self.theme_parts: list[sp.csr_matrix] = []
        self._themes = sp.csr_matrix((0, 1 << 16), dtype=np.float32)
        self.projects: dict[str, _Project] = {}
        self.row_keys: list[str | None] = []
        self.row_orgs: list[str] = []
        self.need_owner: list[int] = []  # need row -> project row
        self.need_text: list[str] = []
        self.set_owner: list[int] = []
        self.set_text: list[str] = []
        self.dense: _Dense | None = None
        self.need_dense: _Dense | None = None
        self.set_dense: _Dense | None = None
        self.generation = 0  # grows with every change; callers cache results per (token, generation)
        self.token = next(_TOKENS)
        self._gram_cache: dict[str, NDArray[np.int32]] = {}
        self._word_cache: dict[tuple[str, float], tuple[NDArray[np.int32], NDArray[np.float32]]] = {}
        self._org_ids: dict[str, int] = {}
        self.row_org_codes = np.zeros(0, dtype=np.int32)

    def __getstate__(self) -> dict[str, object]:
        """Pickled without the encoder (a model is loaded again from its path)."""
        state = self.__dict__.copy()
        state["encoder"] = None
        return state

    # --- building -------------------------------------------------------------------------------

    def build(self, docs: Iterable[ProjectDoc]) -> DiscoveryIndex:
        docs = list(docs)
        if self.analyzer.learn(d.text for d in docs):
            self._word_cache.clear()
        self._add(docs)
        return self

    def add(self, docs: Sequence[ProjectDoc]) -> None:
        """Add new projects in a batch (their words should already be learnt: see `build`)."""
        if self.analyzer.learn(d.text for d in docs):
            self._word_cache.clear()
        self._add(list(docs))

    def upsert(self, doc: ProjectDoc) -> None:
        """Index a new or changed project without touching the others."""
        if self.analyzer.learn([doc.text]):
            self._word_cache.clear()
        if doc.key in self.projects:
            self.remove(doc.key)
        self._add([doc])

    def remove(self, key: str) -> None:
        entry = self.projects.pop(key, None)
        if entry is None:
            return
        self.words.count([self.proj_words.row(entry.row)], -1)
        self.grams.count([self.proj_grams.row(entry.row)], -1)
        self.proj_words.retire(entry.row)
        self.proj_grams.retire(entry.row)
        self.row_keys[entry.row] = None
        for r in entry.need_rows:
            self.need_words.retire(r)
            self.need_grams.retire(r)
        for r in entry.set_rows:
            self.set_words.retire(r)
            self.set_grams.retire(r)
        for rows in self._all_rows():
            rows.invalidate()
        self.generation += 1

    def __contains__(self, key: object) -> bool:
        return key in self.projects

    def __len__(self) -> int:
        return len(self.projects)

    def keys(self) -> list[str]:
        return list(self.projects)

    def doc(self, key: str) -> ProjectDoc:
        return self.projects[key].doc

    def _all_rows(self) -> list[Rows]:
        return [self.proj_words, self.proj_grams, self.need_words, self.need_grams, self.set_words,
                self.set_grams]

    def _word_ids(self, word: str, concept: float) -> tuple[NDArray[np.int32], NDArray[np.float32]]:
        key = (word, concept)
        cached = self._word_cache.get(key)
        if cached is None:
            terms = self.analyzer.word_terms(word)
            ids = np.array([self.words.id_of(t.key, t.display, weak=t.weight < 1.0) for t in terms], dtype=np.int32)
            weights = np.array([t.weight * (concept if t.key.startswith(CONCEPT_PREFIX) else 1.0) for t in terms],
                               dtype=np.float32)
            cached = (ids, weights)
            self._word_cache[key] = cached
        return cached

    @staticmethod
    def _sublinear(ids: NDArray[np.int32], weights: NDArray[np.float32]) -> sp.csr_matrix:
        from motesplats.discovery.engine.space import CAPACITY

        if not len(ids):
            return sp.csr_matrix((1, CAPACITY), dtype=np.float32)
        cols, inverse = np.unique(ids, return_inverse=True)
        sums = np.bincount(inverse, weights=weights).astype(np.float32)
        vals = np.where(sums >= 1, 1.0 + np.log(np.maximum(sums, 1e-9)), sums).astype(np.float32)
        return sp.csr_matrix((vals, cols.astype(np.int32), np.array([0, len(cols)], np.int32)),
                             shape=(1, CAPACITY))

    def _word_vector(self, text: str | list[str], *, concept: float = 1.0) -> sp.csr_matrix:
        tokens = words(text) if isinstance(text, str) else text
        if not tokens:
            return self._sublinear(np.zeros(0, np.int32), np.zeros(0, np.float32))
        parts = [self._word_ids(w, concept) for w in tokens]
        return self._sublinear(np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts]))

    def _gram_ids(self, word: str) -> NDArray[np.int32]:
        ids = self._gram_cache.get(word)
        if ids is None:
            ids = np.array([self.grams.id_of(g) for g in ngrams(word)], dtype=np.int32)
            self._gram_cache[word] = ids
        return ids

    def _gram_vector(self, text: str | list[str]) -> sp.csr_matrix:
        tfs = Counter(words(text) if isinstance(text, str) else text)
        if not tfs:
            return self._sublinear(np.zeros(0, np.int32), np.zeros(0, np.float32))
        parts = [self._gram_ids(w) for w in tfs]
        weights = np.repeat(np.array([1.0 + math.log(tf) for tf in tfs.values()], np.float32),
                            [len(p) for p in parts])
        return self._sublinear(np.concatenate(parts), weights)

    def _theme_vector(self, themes: Sequence[str]) -> sp.csr_matrix:
        cols = sorted({self.theme_ids.setdefault(theme_key(t), len(self.theme_ids)) for t in themes})
        return sp.csr_matrix((np.ones(len(cols), np.float32), np.array(cols, np.int32),
                              np.array([0, len(cols)], np.int32)), shape=(1, 1 << 16))

    def _add(self, docs: list[ProjectDoc]) -> None:
        word_rows, gram_rows, theme_rows = [], [], []
        need_w, need_g, set_w, set_g = [], [], [], []
        need_texts: list[str] = []
        set_texts: list[str] = []
        for doc in docs:
            tokens = words(doc.text)
            word_rows.append(self._word_vector(tokens))
            gram_rows.append(self._gram_vector(tokens))
            theme_rows.append(self._theme_vector(doc.themes))
            for need in doc.needs:
                need_w.append(self._word_vector(need, concept=self.weights.concept))
                need_g.append(self._gram_vector(need))
                need_texts.append(need)
            for dataset in doc.datasets:
                set_w.append(self._word_vector(dataset.text, concept=self.weights.concept))
                set_g.append(self._gram_vector(dataset.text))
                set_texts.append(dataset.name)
        rows = self.proj_words.append(word_rows)
        self.proj_grams.append(gram_rows)
        need_rows = self.need_words.append(need_w)
        self.need_grams.append(need_g)
        set_rows = self.set_words.append(set_w)
        self.set_grams.append(set_g)
        self.theme_parts.extend(theme_rows)
        self.words.count(word_rows, 1)
        self.grams.count(gram_rows, 1)
        n_iter, s_iter = iter(need_rows), iter(set_rows)
        org_codes: list[int] = []
        for doc, row in zip(docs, rows, strict=True):
            entry = _Project(doc, row)
            self.row_keys.append(doc.key)
            self.row_orgs.append(doc.org)
            org_codes.append(self._org_ids.setdefault(doc.org, len(self._org_ids)) if doc.org else -1)
            for _ in doc.needs:
                r = next(n_iter)
                entry.need_rows.append(r)
                self.need_owner.append(row)
            for _ in doc.datasets:
                r = next(s_iter)
                entry.set_rows.append(r)
                self.set_owner.append(row)
            self.projects[doc.key] = entry
        self.row_org_codes = np.concatenate([self.row_org_codes, np.array(org_codes, dtype=np.int32)])
        self.need_text.extend(need_texts)
        self.set_text.extend(set_texts)
        if self.encoder is not None:
            self._embed(docs, need_texts, set_texts)
        for all_rows in self._all_rows():
            all_rows.invalidate()
        self.generation += 1

    def _embed(self, docs: list[ProjectDoc], needs: list[str], sets: list[str]) -> None:
        assert self.encoder is not None
        texts = [". ".join(p for p in (d.title, d.summary, d.description, ", ".join(d.themes)) if p) for d in docs]
        vectors = self.encoder.encode(texts)
        dim = vectors.shape[1]
        if self.dense is None:
            self.dense, self.need_dense, self.set_dense = _Dense(dim), _Dense(dim), _Dense(dim)
        assert self.need_dense is not None and self.set_dense is not None
        self.dense.append(vectors)
        self.need_dense.append(self.encoder.encode(needs) if needs else np.zeros((0, dim), np.float32))
        self.set_dense.append(self.encoder.encode(sets) if sets else np.zeros((0, dim), np.float32))

    @property
    def themes(self) -> sp.csr_matrix:
        if self.theme_parts:
            self._themes = sp.vstack([self._themes, *self.theme_parts], format="csr", dtype=np.float32)
            self.theme_parts = []
        return self._themes

    # --- scores ---------------------------------------------------------------------------------

    def _alive(self) -> NDArray[np.bool_]:
        return self.proj_words.alive

    def _text_scores(self, row: int) -> FloatArray:
        w = self.weights
        lexical = None
        if self.mode in {"lexical", "blend"}:
            lexical = (w.word_share * self.proj_words.cosine(self.proj_words.row(row))
                       + (1 - w.word_share) * self.proj_grams.cosine(self.proj_grams.row(row)))
        if self.mode == "lexical":
            assert lexical is not None
            return lexical
        assert self.dense is not None
        matrix = self.dense.get()
        semantic: FloatArray = np.clip(matrix @ matrix[row], 0.0, 1.0).astype(np.float32)
        if lexical is None:
            return semantic
        return cast(FloatArray, (w.semantic_share * semantic + (1 - w.semantic_share) * lexical).astype(np.float32))

    def _theme_scores(self, row: int) -> FloatArray:
        themes = self.themes
        mine = themes[row]
        if not mine.nnz:
            return np.zeros(themes.shape[0], np.float32)
        inter = np.asarray((themes @ mine.T).todense(), dtype=np.float32).ravel()
        sizes = np.diff(themes.indptr).astype(np.float32)
        union = sizes + mine.nnz - inter
        union[union == 0] = 1.0
        return cast(FloatArray, inter / union)

    def _data_scores(self, word_rows: Rows, gram_rows: Rows, dense: _Dense | None,
                     q_words: sp.csr_matrix, q_gram: sp.csr_matrix, q_dense: FloatArray | None) -> FloatArray:
        w = self.weights
        lexical = None
        if self.mode in {"lexical", "blend"}:
            lexical = cast(FloatArray, 0.75 * word_rows.cosine(q_words) + 0.25 * gram_rows.cosine(q_gram))
        if self.mode == "lexical":
            assert lexical is not None
            return lexical
        assert dense is not None and q_dense is not None
        semantic: FloatArray = np.clip(dense.get() @ q_dense, 0.0, 1.0).astype(np.float32)
        if lexical is None:
            return semantic
        return cast(FloatArray, (w.semantic_share * semantic + (1 - w.semantic_share) * lexical).astype(np.float32))

    def _need_scores(self, need_row: int) -> FloatArray:
        """Score of every dataset row for one need row."""
        q_dense = self.need_dense.get()[need_row] if self.need_dense is not None else None
        scores = self._data_scores(self.set_words, self.set_grams, self.set_dense,
                                   self.need_words.row(need_row), self.need_grams.row(need_row), q_dense)
        scores[~self.set_words.alive] = 0.0
        return scores

    def _set_scores(self, set_row: int) -> FloatArray:
        """Score of every need row for one dataset row."""
        q_dense = self.set_dense.get()[set_row] if self.set_dense is not None else None
        scores = self._data_scores(self.need_words, self.need_grams, self.need_dense,
                                   self.set_words.row(set_row), self.set_grams.row(set_row), q_dense)
        scores[~self.need_words.alive] = 0.0
        return scores

    def _shared_terms(self, a: sp.csr_matrix, b: sp.csr_matrix, rows: Rows, limit: int, *,
                      concepts: bool = False) -> tuple[str, ...]:
        """The terms that contribute most to the match, compound parts folded into the longer word."""
        contributions = rows.contributions(a, b)
        shown: list[str] = []
        for term_id, _ in sorted(contributions.items(), key=lambda kv: -kv[1])[: 3 * limit]:
            if not concepts and self.words.terms[term_id].startswith(CONCEPT_PREFIX):
                continue
            display = self.words.display[term_id]
            inside = [i for i, s in enumerate(shown) if s in display]
            if any(display in s for s in shown):
                continue
            if inside:
                shown[inside[0]] = display
                shown = [s for i, s in enumerate(shown) if i not in inside[1:]]
            elif len(shown) < limit:
                shown.append(display)
        return tuple(shown)

    def _data_links(self, row: int) -> tuple[FloatArray, Callable[[int], list[tuple[float, str, str, str]]]]:
        """Best data-match score with every project (either direction), and the links with one of them."""
        entry = self.projects[self._key(row)]
        threshold = self.weights.data_threshold
        data = np.zeros(len(self.row_keys), np.float32)
        set_owner = np.asarray(self.set_owner, dtype=np.int64)
        need_owner = np.asarray(self.need_owner, dtype=np.int64)
        by_need = []
        for need_row in entry.need_rows:
            scores = self._need_scores(need_row)
            scores[scores < threshold] = 0.0
            np.maximum.at(data, set_owner, scores)
            by_need.append((need_row, scores))
        by_set = []
        for set_row in entry.set_rows:
            scores = self._set_scores(set_row)
            scores[scores < threshold] = 0.0
            np.maximum.at(data, need_owner, scores)
            by_set.append((set_row, scores))
        data[row] = 0.0

        def links(other: int) -> list[tuple[float, str, str, str]]:
            them = self.projects[self._key(other)]
            found = []
            for need_row, scores in by_need:
                for set_row in them.set_rows:
                    if scores[set_row] > 0:
                        found.append((float(scores[set_row]), REASON_PROVIDES, self.set_text[set_row],
                                      self.need_text[need_row]))
            for set_row, scores in by_set:
                for need_row in them.need_rows:
                    if scores[need_row] > 0:
                        found.append((float(scores[need_row]), REASON_RECEIVES, self.set_text[set_row],
                                      self.need_text[need_row]))
            return found

        return data, links

    def _key(self, row: int) -> str:
        key = self.row_keys[row]
        assert key is not None
        return key

    # --- queries --------------------------------------------------------------------------------

    def similar(self, key: str, k: int = 5, *, other_orgs_only: bool = False,
                exclude: Iterable[str] = (), boost: dict[str, float] | None = None,
                same_org_factor: float | None = None) -> list[Related]:
        """The k projects most related to `key`, best first, never `key` itself.

        exclude: keys never to propose (e.g. pairs marked "not relevant"); boost: key -> added score
        (pairs the programme office confirmed).
        """
        entry = self.projects[key]
        row = entry.row
        w = self.weights
        alive = self._alive()
        text = self._text_scores(row)
        themes = self._theme_scores(row)
        data, links = self._data_links(row)
        score = w.text * text + w.themes * themes + w.data * np.minimum(data * 1.5, 1.0)
        score[~alive] = -1.0
        score[row] = -1.0
        own_org = self.row_org_codes[row]
        same = (self.row_org_codes == own_org) if own_org >= 0 else np.zeros(len(score), bool)
        if other_orgs_only:
            score[same] = -1.0
        else:
            score[same & (score > 0)] *= w.same_org if same_org_factor is None else same_org_factor
        for other_key in exclude:
            other = self.projects.get(other_key)
            if other is not None:
                score[other.row] = -1.0
        boosted = {}
        for other_key, extra in (boost or {}).items():
            other = self.projects.get(other_key)
            if other is not None and score[other.row] >= 0:
                score[other.row] += extra
                boosted[other.row] = extra
        k = min(k, int(np.sum(score > 0)))
        if k <= 0:
            return []
        top = np.argpartition(-score, k - 1)[:k]
        top = top[np.argsort(-score[top], kind="stable")]
        return [self._explain(row, int(j), float(score[j]), links(int(j)), int(j) in boosted) for j in top]

    def _explain(self, row: int, other: int, score: float, links: list[tuple[float, str, str, str]],
                 boosted: bool) -> Related:
        me, them = self.projects[self._key(row)].doc, self.projects[self._key(other)].doc
        reasons: list[Reason] = []
        if boosted:
            reasons.append(Reason(REASON_VERDICT))
        shared = sorted({theme_key(t) for t in me.themes} & {theme_key(t) for t in them.themes})
        if shared:
            names = {theme_key(t): t for t in them.themes}
            reasons.append(Reason(REASON_THEMES, tuple(names[s] for s in shared)))
        seen: set[tuple[str, str, str]] = set()
        for _, direction, dataset, need in sorted(links, key=lambda link: -link[0])[:3]:
            if (direction, dataset, need) not in seen:
                seen.add((direction, dataset, need))
                reasons.append(Reason(direction, (dataset, need)))
        terms = self._shared_terms(self.proj_words.row(row), self.proj_words.row(other), self.proj_words,
                                   self.weights.key_terms)
        if terms:
            reasons.append(Reason(REASON_TERMS, terms))
        if not reasons or reasons == [Reason(REASON_VERDICT)]:
            reasons.append(Reason(REASON_WORDING))
        return Related(self._key(other), round(max(score, 0.0), 4), tuple(reasons))

    def producers(self, key: str, need_index: int, k: int = 5, *, exclude: Iterable[str] = ()) -> NeedMatch:
        """Projects that collect data matching one need of `key`, best first (best dataset per project)."""
        entry = self.projects[key]
        need_row = entry.need_rows[need_index]
        scores = self._need_scores(need_row)
        excluded = {self.projects[x].row for x in exclude if x in self.projects}
        best: dict[int, tuple[float, int]] = {}
        for set_row in np.flatnonzero(scores >= self.weights.data_threshold):
            owner = self.set_owner[set_row]
            if owner == entry.row or owner in excluded:
                continue
            score = float(scores[set_row])
            if owner not in best or score > best[owner][0]:
                best[owner] = (score, int(set_row))
        ranked = sorted(best.items(), key=lambda item: (-item[1][0], self._key(item[0])))[:k]
        need_vec = self.need_words.row(need_row)
        return NeedMatch(key, self.need_text[need_row], tuple(
            Producer(self._key(owner), self.set_text[set_row], round(score, 4),
                     self._shared_terms(need_vec, self.set_words.row(set_row), self.set_words, 4, concepts=True))
            for owner, (score, set_row) in ranked))

    def consumers(self, key: str, set_index: int, k: int = 5, *, exclude: Iterable[str] = ()) -> DatasetMatch:
        """Projects that need data matching one dataset of `key`, best first."""
        entry = self.projects[key]
        set_row = entry.set_rows[set_index]
        scores = self._set_scores(set_row)
        excluded = {self.projects[x].row for x in exclude if x in self.projects}
        best: dict[int, tuple[float, int]] = {}
        for need_row in np.flatnonzero(scores >= self.weights.data_threshold):
            owner = self.need_owner[need_row]
            if owner == entry.row or owner in excluded:
                continue
            score = float(scores[need_row])
            if owner not in best or score > best[owner][0]:
                best[owner] = (score, int(need_row))
        ranked = sorted(best.items(), key=lambda item: (-item[1][0], self._key(item[0])))[:k]
        set_vec = self.set_words.row(set_row)
        return DatasetMatch(key, self.set_text[set_row], tuple(
            Consumer(self._key(owner), self.need_text[need_row], round(score, 4),
                     self._shared_terms(set_vec, self.need_words.row(need_row), self.need_words, 4, concepts=True))
            for owner, (score, need_row) in ranked))

    def data_needs(self, k: int = 5) -> list[NeedMatch]:
        """Every need of every project with its producers."""
        return [self.producers(key, i, k) for key, entry in self.projects.items()
                for i in range(len(entry.need_rows))]


def theme_key(theme: str) -> str:
    return " ".join(stem(w) for w in words(theme)) or theme.strip().lower()


def dataset_docs(items: Iterable[tuple[str, str]]) -> tuple[DatasetDoc, ...]:
    return tuple(DatasetDoc(name, description) for name, description in items)
