"""Swedish text handling: normalisation, stop words, Snowball stems, compound splitting, concepts.

Swedish writes compounds as one word (luftkvalitetsmätning, dagvattenhantering) and inflects nouns
(mätning, mätningar, mätningarna). A word is turned into index terms: its stem, the stems of its
compound parts (split against a vocabulary that grows with the corpus), and the concepts of the curated
table that any of those stems belongs to.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import Stemmer

TOKEN_RE = re.compile(r"[a-zåäöéü0-9]+(?:[-][a-zåäöéü0-9]+)*")
MIN_PART = 3
LINKING = ("s", "e", "a", "u")
# endings that are not words of their own: never a compound part
SUFFIXES = frozenset({"ing", "ning", "het", "else", "are", "ande", "ende", "tion", "lig", "isk", "ade", "era",
                      "erna", "arna", "orna", "ens", "ets", "ers", "ten", "nad", "dom", "skap"})
CONCEPT_PREFIX = "#"

_stemmer = Stemmer.Stemmer("swedish")


def _data_lines(name: str) -> list[str]:
    text = resources.files("motesplats.discovery.engine").joinpath("data", name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


STOP_WORDS: frozenset[str] = frozenset(_data_lines("stopwords_sv.txt"))
BASE_LEXICON: frozenset[str] = frozenset(_data_lines("lexicon_sv.txt"))


def normalise(text: str) -> str:
    """Lowercase, NFC (so å/ä/ö stay single letters), typographic dashes and quotes folded."""
    text = unicodedata.normalize("NFC", text or "").lower()
    return text.replace("\u2013", " ").replace("\u2014", " ").replace("\u00ad", "")


def words(text: str) -> list[str]:
    """The content words of a text, in order: no stop words, no one-letter words, hyphenated words split."""
    out: list[str] = []
    for token in TOKEN_RE.findall(normalise(text)):
        for part in token.split("-"):
            if len(part) > 1 and part not in STOP_WORDS and not part.isdigit():
                out.append(part)
    return out


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    return str(_stemmer.stemWord(word))


def load_concepts() -> dict[str, tuple[str, ...]]:
    """Stem of a member word -> the concepts it belongs to."""
    raw = json.loads(
        resources.files("motesplats.discovery.engine").joinpath("data", "concepts_sv.json").read_text("utf-8")
    )
    table: dict[str, tuple[str, ...]] = {}
    for concept, members in raw.items():
        if concept.startswith("_"):
            continue
        for member in members:
            member_words = words(member)
            if len(member_words) == 1:
                key = stem(member_words[0])
                if concept not in table.get(key, ()):
                    table[key] = (*table.get(key, ()), concept)
    return table


@dataclass
class Vocabulary:
    """Known words and stems; compounds are split into parts that are known."""

    known: set[str] = field(default_factory=lambda: set(BASE_LEXICON) | {stem(w) for w in BASE_LEXICON})
    _cache: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def add(self, items: Iterable[str]) -> None:
        added = False
        for word in items:
            if len(word) >= MIN_PART and word not in self.known:
                self.known.add(word)
                self.known.add(stem(word))
                added = True
        if added:
            self._cache.clear()

    def _is_known(self, part: str) -> bool:
        return (len(part) >= MIN_PART and part not in SUFFIXES and part not in STOP_WORDS
                and (part in self.known or stem(part) in self.known))

    def split(self, word: str) -> tuple[str, ...]:
        """Compound parts of `word` (at least two), or () when it is not a compound of known words.

        luftkvalitetsmätning -> (luft, kvalitet, mätning); dagvattenhantering -> (dagvatten, hantering).
        The longest known head is preferred, and a linking -s- (or -e-, -a-, -u-) between parts is dropped.
        """
        if len(word) < 2 * MIN_PART:
            return ()
        cached = self._cache.get(word)
        if cached is None:
            cached = self._split(word, top=True) or ()
            self._cache[word] = cached
        return cached

    def _split(self, word: str, *, top: bool) -> tuple[str, ...] | None:
        if not top and self._is_known(word):
            return (word,)
        for cut in range(len(word) - MIN_PART, MIN_PART - 1, -1):
            head, tail = word[:cut], word[cut:]
            heads = [head]
            if head[-1] in LINKING and len(head) > MIN_PART and head not in self.known:
                heads.insert(0, head[:-1])
            for candidate in heads:
                if not self._is_known(candidate):
                    continue
                rest = self._split(tail, top=False)
                if rest:
                    return (candidate, *rest)
        return None


@dataclass(frozen=True)
class Term:
    """An index term with the surface word it came from (shown in explanations)."""

    key: str
    display: str
    weight: float = 1.0


class Analyzer:
    """Turns text into weighted index terms: stems, compound-part stems, concepts."""

    def __init__(self, vocabulary: Vocabulary | None = None,
                 concepts: dict[str, tuple[str, ...]] | None = None) -> None:
        self.vocabulary = vocabulary or Vocabulary()
        self.concepts = load_concepts() if concepts is None else concepts

    def learn(self, texts: Iterable[str]) -> bool:
        """Add the words of a corpus to the vocabulary used to split compounds; True if it grew."""
        before = len(self.vocabulary.known)
        self.vocabulary.add(w for text in texts for w in words(text))
        grew = len(self.vocabulary.known) != before
        if grew:
            self._cache.clear()
        return grew

    @property
    def _cache(self) -> dict[str, tuple[Term, ...]]:
        cache: dict[str, tuple[Term, ...]] | None = self.__dict__.get("_word_cache")
        if cache is None:
            cache = {}
            self.__dict__["_word_cache"] = cache
        return cache

    def word_terms(self, word: str) -> tuple[Term, ...]:
        """Index terms of one content word (cached until the vocabulary grows)."""
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        main = stem(word)
        out = [Term(main, word)]
        parts = self.vocabulary.split(word)
        stems = [main]
        for part in parts:
            part_stem = stem(part)
            stems.append(part_stem)
            out.append(Term(part_stem, part, 0.7))
        # consecutive parts (kvalitet+mätning) also count as the compound they form
        for head, tail in zip(parts, parts[1:], strict=False):
            joined = stem(head + tail)
            if joined != main:
                stems.append(joined)
                out.append(Term(joined, head + tail, 0.7))
        seen: set[str] = set()
        for candidate in (main, *stems, stem(word.rstrip("s"))):
            for concept in self.concepts.get(candidate, ()):
                if concept not in seen:
                    seen.add(concept)
                    out.append(Term(CONCEPT_PREFIX + concept, concept, 0.8))
        result = tuple(out)
        self._cache[word] = result
        return result

    def terms(self, text: str) -> list[Term]:
        return [term for word in words(text) for term in self.word_terms(word)]
