"""Sparse term spaces with document frequencies that change as rows are added and retired.

Rows keep raw term weights (sublinear tf); the IDF is applied at query time, so adding, replacing or
retiring a row never requires re-weighting the others: a cosine under the current IDF is
(q * idf^2) . d / (|q * idf| |d * idf|). Row norms under the current IDF are recomputed after every change
of the document frequencies, so a score depends only on the documents indexed, never on the order of
the changes that led there.
"""

from __future__ import annotations

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
        self.version = 0  # grows with every change of the document frequencies
        self._idf_fresh = False
        self._idf = np.ones(CAPACITY, dtype=np.float32)
        self._idf2 = np.ones(CAPACITY, dtype=np.float32)
        self.buffer = np.zeros(CAPACITY, dtype=np.float32)

    def id_of(self, term: str, display: str = "", *, weak: bool = False) -> int:
        """Column of `term`; `display` names it in explanations (a weak display never replaces another)."""
        found = self.ids.get(term)
        if found is None:
            found = len(self.display)
            if found >= CAPACITY:
                raise OverflowError("term space is full")
            self.ids[term] = found
            self.terms.append(term)
            self.display.append(display or term)
        elif display and not weak and (len(display) < len(self.display[found])
                                       or self.display[found] == term):
            self.display[found] = display
        return found

    def count(self, rows: list[sp.csr_matrix], sign: int) -> None:
        """Add (sign=1) or remove (sign=-1) the documents in `rows` from the document frequencies."""
        indices = [r.indices for r in rows if r.nnz]
        if indices:
            all_indices = np.concatenate(indices)
            if len(all_indices) > 1000:
                counts = np.bincount(all_indices, minlength=CAPACITY).astype(np.float32)
                self.df += sign * counts
            else:
                np.add.at(self.df, all_indices, np.float32(sign))
        self.n_docs += sign * len(rows)
        self.version += 1
        self._idf_fresh = False

    def _refresh(self) -> None:
        if not self._idf_fresh:
            used = len(self.terms)
            n = max(self.n_docs, 1)
            self._idf[:used] = np.log((1.0 + n) / (1.0 + self.df[:used])) + 1.0
            self._idf2[:used] = self._idf[:used] ** 2
            self._idf_fresh = True

    @property
    def idf(self) -> FloatArray:
        """Smoothed IDF of every term in use (columns never used keep 1.0 and appear in no row)."""
        self._refresh()
        return self._idf

    @property
    def idf2(self) -> FloatArray:
        self._refresh()
        return self._idf2


class Rows:
    """An append-only stack of sparse rows in one space, with a live mask.

    New rows go to a small tail that is merged into the main matrix only when it grows, so an update
    does not copy the whole matrix. Row norms under the IDF are cached until the IDF changes.
    """

    MERGE_AFTER = 256

    def __init__(self, space: Space) -> None:
        self.space = space
        self.main = sp.csr_matrix((0, CAPACITY), dtype=np.float32)
        self.tail = sp.csr_matrix((0, CAPACITY), dtype=np.float32)
        self.alive = np.zeros(0, dtype=bool)
        self._norms: FloatArray | None = None
        self._norms_version = -1
        self._main_squared: tuple[sp.csr_matrix, sp.csr_matrix] | None = None

    def __len__(self) -> int:
        return int(self.main.shape[0] + self.tail.shape[0])

    def append(self, rows: list[sp.csr_matrix]) -> list[int]:
        start = len(self)
        if not rows:
            return []
        block = sp.vstack(rows, format="csr", dtype=np.float32)
        if self.main.shape[0] == 0 or block.shape[0] >= self.MERGE_AFTER:
            self.main = sp.vstack([self.main, self.tail, block], format="csr", dtype=np.float32)
            self.tail = sp.csr_matrix((0, CAPACITY), dtype=np.float32)
            self._norms = None
        else:
            self.tail = sp.vstack([self.tail, block], format="csr", dtype=np.float32)
            if self.tail.shape[0] >= self.MERGE_AFTER:
                self.main = sp.vstack([self.main, self.tail], format="csr", dtype=np.float32)
                self.tail = sp.csr_matrix((0, CAPACITY), dtype=np.float32)
                self._norms = None
        self.alive = np.concatenate([self.alive, np.ones(block.shape[0], bool)])
        return list(range(start, start + block.shape[0]))

    def retire(self, index: int) -> None:
        self.alive[index] = False

    def row(self, index: int) -> sp.csr_matrix:
        n_main = self.main.shape[0]
        matrix, i = (self.main, index) if index < n_main else (self.tail, index - n_main)
        start, end = matrix.indptr[i], matrix.indptr[i + 1]
        return sp.csr_matrix((matrix.data[start:end], matrix.indices[start:end],
                              np.array([0, end - start], dtype=np.int32)), shape=(1, CAPACITY))

    def _squared(self, matrix: sp.csr_matrix) -> sp.csr_matrix:
        """The element-wise square of `matrix`, kept for the main matrix until it changes."""
        if matrix is self.main:
            if self._main_squared is None or self._main_squared[0] is not matrix:
                self._main_squared = (matrix, matrix.multiply(matrix).tocsr() if matrix.nnz else matrix)
            return self._main_squared[1]
        return matrix.multiply(matrix).tocsr() if matrix.nnz else matrix

    def _norms_of(self, matrix: sp.csr_matrix) -> FloatArray:
        idf2 = self.space.idf2
        squared = self._squared(matrix)
        norms = np.sqrt(np.asarray(squared @ idf2, dtype=np.float32)).ravel()
        norms[norms == 0] = 1.0
        return norms

    def norms(self) -> FloatArray:
        if (self._norms is None or len(self._norms) != self.main.shape[0]
                or self._norms_version != self.space.version):
            self._norms = self._norms_of(self.main)
            self._norms_version = self.space.version
        if self.tail.shape[0]:
            return np.concatenate([self._norms, self._norms_of(self.tail)])
        return self._norms

    def cosine(self, query: sp.csr_matrix) -> FloatArray:
        """Cosine of every row with `query` (a 1-row matrix of raw weights) under the current IDF."""
        if not query.nnz or not len(self):
            return np.zeros(len(self), dtype=np.float32)
        idf = self.space.idf
        q_cols = query.indices
        q_vals = query.data * idf[q_cols] ** 2
        q_norm = float(np.sqrt(np.sum((query.data * idf[q_cols]) ** 2))) or 1.0
        dense = self.space.buffer
        dense[q_cols] = q_vals
        try:
            scores = np.asarray(self.main @ dense, dtype=np.float32).ravel()
            if self.tail.shape[0]:
                scores = np.concatenate([scores, np.asarray(self.tail @ dense, dtype=np.float32).ravel()])
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
