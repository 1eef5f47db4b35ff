"""The paraphrase-support check for generated (non-verbatim) answer sentences.

A sentence is supported by a source text when all four hold:
  1. every number in the sentence also appears in the source, roman numerals after words
     like "Schedule" or "Phase" included (numbers are where paraphrases go wrong and
     embeddings do not notice),
  2. both are negated or neither is (`not`, `never`, `cannot`, `no`, ...): embeddings
     barely see a flipped negation,
  3. the cosine similarity of their embeddings is at least `cosine`,
  4. the share of the sentence's content words found in the source is at least `overlap`.
The two thresholds are calibrated on labelled pairs (evals/calibration/support_pairs.yaml)
by `python -m service.evals.calibrate`, which writes them to support_thresholds.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from service.embedders import Embedder

DEFAULT_THRESHOLDS = Path("evals/calibration/support_thresholds.yaml")

_WORD = re.compile(r"[a-z0-9]+(?:['.][a-z0-9]+)*")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_ROMAN = re.compile(r"\b(?i:schedule|phase|type|class|stage|grade|tier)\s+(I{1,3}|IV|VI{0,3}|IX|X)\b")
_NEGATION = re.compile(r"\b(?:not|no|never|none|neither|nor|cannot|without)\b|n't\b", re.IGNORECASE)
_NUMBER_WORDS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10", "twelve": "12", "twenty": "20", "hundred": "100",
}
_STOP = """a an and are as at be been being but by can could did do does for from had has have how
i if in into is it its may might more most much not of on or our so such than that the their them
then there these they this those to up was we were what when which while who will with would you
your also about after before over some any each other"""
STOPWORDS = frozenset(_STOP.split())


def content_words(text: str) -> set[str]:
    """Lower-cased words that carry meaning (stop words dropped, simple plural folded)."""
    words = {w.removesuffix("'s") for w in _WORD.findall(text.lower())}
    return {w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words} - STOPWORDS


def numbers(text: str) -> set[str]:
    """Numbers in a text, spelled-out small numbers included (`six` -> `6`)."""
    found = {n.replace(",", "") for n in _NUMBER.findall(text)}
    found |= {_NUMBER_WORDS[w] for w in _WORD.findall(text.lower()) if w in _NUMBER_WORDS}
    found |= {f"roman:{r}" for r in _ROMAN.findall(text)}
    return found


def negated(text: str) -> bool:
    return bool(_NEGATION.search(text))


def token_overlap(claim: str, source: str) -> float:
    """Share of the claim's content words that the source contains (1.0 for a claim with none)."""
    words = content_words(claim)
    return len(words & content_words(source)) / len(words) if words else 1.0


def numbers_agree(claim: str, source: str) -> bool:
    """Every number the claim states is one the source states."""
    return numbers(claim) <= numbers(source)


def polarity_agrees(claim: str, source: str) -> bool:
    """Both negated or neither: "can be paused" is not backed by "cannot be paused"."""
    return negated(claim) == negated(source)


@dataclass(frozen=True)
class SupportThresholds:
    cosine: float
    overlap: float
    model: str = ""

    @classmethod
    def load(cls, path: Path) -> SupportThresholds | None:
        """The calibrated thresholds, or None when they were never calibrated."""
        if not path.is_file():
            return None
        data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return cls(float(data["cosine"]), float(data["overlap"]), str(data.get("model") or ""))


@dataclass(frozen=True)
class PairFeatures:
    cosine: float
    overlap: float
    numbers_ok: bool
    polarity_ok: bool = True

    def supported(self, cosine: float, overlap: float) -> bool:
        return self.numbers_ok and self.polarity_ok and self.cosine >= cosine and self.overlap >= overlap


def features(embedder: Embedder, pairs: Sequence[tuple[str, str]]) -> list[PairFeatures]:
    """Cosine, word overlap and number agreement for (claim, source) pairs, in one batch."""
    if not pairs:
        return []
    vectors = embedder.encode([t for pair in pairs for t in pair])
    cosines = np.sum(vectors[0::2] * vectors[1::2], axis=1)
    return [
        PairFeatures(float(cos), token_overlap(c, s), numbers_agree(c, s), polarity_agrees(c, s))
        for (c, s), cos in zip(pairs, cosines, strict=True)
    ]


class SoftSupport:
    """`check(sentence, source)` with a model and calibrated thresholds."""

    def __init__(self, embedder: Embedder, thresholds: SupportThresholds) -> None:
        self.embedder = embedder
        self.t = thresholds

    def check(self, sentence: str, source: str) -> bool:
        (feats,) = features(self.embedder, [(sentence, source)])
        return feats.supported(self.t.cosine, self.t.overlap)


def accuracy(feats: Sequence[PairFeatures], labels: Sequence[bool], cosine: float, overlap: float) -> float:
    hits = sum(f.supported(cosine, overlap) == label for f, label in zip(feats, labels, strict=True))
    return hits / len(labels) if labels else 0.0


COSINE_GRID = [round(0.30 + 0.01 * i, 2) for i in range(66)]
OVERLAP_GRID = [round(0.05 * i, 2) for i in range(21)]


def calibrate(feats: Sequence[PairFeatures], labels: Sequence[bool]) -> tuple[float, float, float]:
    """(cosine, overlap, accuracy): the grid point with the best accuracy on these pairs.

    Ties go to the strictest thresholds, since calling an unsupported sentence supported is
    the worse mistake for a grounding metric.
    """
    best = (-1.0, 0.0, 0.0)
    for c in COSINE_GRID:
        for o in OVERLAP_GRID:
            acc = accuracy(feats, labels, c, o)
            if (acc, c + o) > (best[0], best[1] + best[2]):
                best = (acc, c, o)
    return best[1], best[2], best[0]


def cross_validated(feats: Sequence[PairFeatures], labels: Sequence[bool], folds: int = 5) -> float:
    """Accuracy on held-out pairs: calibrate on k-1 folds (interleaved), test on the rest."""
    correct = 0
    for k in range(folds):
        train = [i for i in range(len(labels)) if i % folds != k]
        test = [i for i in range(len(labels)) if i % folds == k]
        c, o, _ = calibrate([feats[i] for i in train], [labels[i] for i in train])
        correct += sum(feats[i].supported(c, o) == labels[i] for i in test)
    return correct / len(labels) if labels else 0.0


def thresholds_dict(t: SupportThresholds, **extra: Any) -> dict[str, Any]:
    return {**asdict(t), **extra}
