"""Sparse term spaces with document frequencies that change as rows are added and retired.

Rows keep raw term weights (sublinear tf times the analyzer's weight); the IDF is applied at query time,
so adding, replacing or retiring a row never requires re-weighting the others: a cosine under the
current IDF is (q * idf^2) . d / (|q * idf| |d * idf|), and the row norms under the current IDF are
cached until the next change.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

CAPACITY = 1 << 22
FloatArray = NDArray[np.float32]


class Space:
    """A growing vocabulary of terms with document frequencies over the live documents."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.display: list[str] = []
        self.terms: list[str] = []
        self.df = np.zeros(CAPACITY, dtype=np.float32)
        self.n_docs = 0
        self._idf: FloatArray | None = None
        self.buffer = np.zeros(CAPACITY, dtype=np.float32)

    def id_of(self, term: str, display: str = "") -> int:
        found = self.ids.get(term)
        if found is None:
            found = len(self.display)
            if found >= CAPACITY:
                raise OverflowError("term space is full")
            self.ids[term] = found
            self.terms.append(term)
            self.display.append(display or term)
        elif display and len(display) < len(self.display[found]):
            self.display[found] = display
        return found

    def vector(self, weights: dict[int, float]) -> sp.csr_matrix:
        if not weights:
            return sp.csr_matrix((1, CAPACITY), dtype=np.float32)
        cols = np.fromiter(weights.keys(), dtype=np.int32, count=len(weights))
        vals = np.fromiter(weights.values(), dtype=np.float32, count=len(weights))
        order = np.argsort(cols)
        return sp.csr_matrix(
            (vals[order], cols[order], np.array([0, len(cols)], dtype=np.int32)), shape=(1, CAPACITY)
        )

    def count(self, rows: sp.csr_matrix, sign: int) -> None:
        """Add (sign=1) or remove (sign=-1) the documents in `rows` from the document frequencies."""
        if rows.nnz:
            np.add.at(self.df, rows.indices, np.float32(sign))
        self.n_docs += sign * rows.shape[0]
        self._idf = None

    @property
    def idf(self) -> FloatArray:
        if self._idf is None:
            n = max(self.n_docs, 1)
            self._idf = (np.log((1.0 + n) / (1.0 + self.df)) + 1.0).astype(np.float32)
        return self._idf


class Rows:
    """An append-only stack of sparse rows in one space, with owners and a live mask."""

    def __init__(self, space: Space) -> None:
        self.space = space
        self.matrix = sp.csr_matrix((0, CAPACITY), dtype=np.float32)
        self.alive = np.zeros(0, dtype=bool)
        self._norms: FloatArray | None = None
        self._pending: list[sp.csr_matrix] = []

    def __len__(self) -> int:
        self._flush()
        return int(self.matrix.shape[0])

    def append(self, rows: Iterable[sp.csr_matrix]) -> list[int]:
        self._flush()
        start = self.matrix.shape[0] + sum(r.shape[0] for r in self._pending)
        added = list(rows)
        self._pending.extend(added)
        return list(range(start, start + len(added)))

    def _flush(self) -> None:
        if self._pending:
            self.matrix = sp.vstack([self.matrix, *self._pending], format="csr", dtype=np.float32)
            self.alive = np.concatenate([self.alive, np.ones(sum(r.shape[0] for r in self._pending), bool)])
            self._pending = []
            self._norms = None

    def retire(self, index: int) -> None:
        self._flush()
        self.alive[index] = False

    def row(self, index: int) -> sp.csr_matrix:
        self._flush()
        return self.matrix[index]

    def invalidate(self) -> None:
        self._norms = None

    def norms(self) -> FloatArray:
        self._flush()
        if self._norms is None:
            squared = self.matrix.multiply(self.matrix).tocsr() if self.matrix.nnz else self.matrix
            idf2 = self.space.idf**2
            norms = np.sqrt(np.asarray(squared @ idf2, dtype=np.float32)).ravel()
            norms[norms == 0] = 1.0
            self._norms = norms
        return self._norms

    def cosine(self, query: sp.csr_matrix) -> FloatArray:
        """Cosine of every row with `query` (a 1-row matrix of raw weights) under the current IDF."""
        self._flush()
        if not query.nnz or not self.matrix.shape[0]:
            return np.zeros(self.matrix.shape[0], dtype=np.float32)
        idf = self.space.idf
        q_cols = query.indices
        q_vals = query.data * idf[q_cols] ** 2
        q_norm = float(np.sqrt(np.sum((query.data * idf[q_cols]) ** 2))) or 1.0
        dense = self.space.buffer
        dense[q_cols] = q_vals
        try:
            scores = np.asarray(self.matrix @ dense, dtype=np.float32).ravel()
        finally:
            dense[q_cols] = 0.0
        return scores / (self.norms() * q_norm)

    def contributions(self, a: sp.csr_matrix, b: sp.csr_matrix) -> dict[int, float]:
        """Per-term share of the (unnormalised) dot product of two rows."""
        idf = self.space.idf
        common = np.intersect1d(a.indices, b.indices, assume_unique=True)
        if not len(common):
            return {}
        av = dict(zip(a.indices.tolist(), a.data.tolist(), strict=True))
        bv = dict(zip(b.indices.tolist(), b.data.tolist(), strict=True))
        return {int(t): av[int(t)] * bv[int(t)] * float(idf[t]) ** 2 for t in common}
