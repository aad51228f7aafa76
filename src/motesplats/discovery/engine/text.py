"""Swedish text handling: normalisation, stop words, Snowball stems, character n-grams.

Compounds (luftkvalitetsmätning) are matched by the character n-grams they share with their parts, and
inflections (mätning, mätningar) by their Snowball stem. Nothing here depends on the corpus, so a text
always gives the same terms, whatever was indexed before it.

>>> words("Mätningar av luften i staden och på gatorna")
['mätningar', 'luften', 'gatorna']
>>> stem("mätningar") == stem("mätning")
True
>>> ngrams("luft")[:3]
[' lu', 'luf', 'uft']
>>> is_term("luftkvalitet"), is_term("timmar"), is_term("rapporterade")
(True, False, False)
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources

import Stemmer

TOKEN_RE = re.compile(r"[a-zåäöéü0-9]+(?:[-][a-zåäöéü0-9]+)*")
MIN_TERM = 4  # shorter words are never shown as the words that carry a match

_stemmer = Stemmer.Stemmer("swedish")


def _data_lines(name: str) -> list[str]:
    text = resources.files("motesplats.discovery.engine").joinpath("data", name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


STOP_WORDS: frozenset[str] = frozenset(_data_lines("stopwords_sv.txt"))


def normalise(text: str) -> str:
    """Lowercase, NFC (so å/ä/ö stay single letters), typographic dashes and soft hyphens folded."""
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


def ngrams(word: str, low: int = 3, high: int = 5) -> list[str]:
    """Character n-grams of a word padded with spaces (compound-friendly: parts share their n-grams)."""
    padded = f" {word} "
    return [padded[i : i + n] for n in range(low, high + 1) for i in range(len(padded) - n + 1)]


REASON_NOISE: frozenset[str] = frozenset(stem(w) for w in _data_lines("reason_noise_sv.txt"))


def is_term(word: str) -> bool:
    """A word that may be shown as carrying a match: long enough, not a stop word, not a number, and not a
    unit, count or generic word (`data/reason_noise_sv.txt`, by stem: "timmar", "rapporterade")."""
    return (len(word) >= MIN_TERM and word not in STOP_WORDS and not any(c.isdigit() for c in word)
            and stem(word) not in REASON_NOISE)
