"""The paraphrase-support check and its calibration."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.embedders import HashingEmbedder
from service.evals.calibrate import DEFAULT_PAIRS, load_pairs, run
from service.evals.support import (
    PairFeatures,
    SoftSupport,
    SupportThresholds,
    calibrate,
    content_words,
    cross_validated,
    numbers,
    numbers_agree,
    polarity_agrees,
    token_overlap,
)

REPO = Path(__file__).resolve().parents[2]


def test_words_numbers_and_overlap() -> None:
    assert content_words("The sessions are LONG, and the clinic's fees") == {"session", "long", "clinic", "fee"}
    assert numbers("six infusions cost $2,400 over 1.5 weeks") == {"6", "2400", "1.5"}
    assert numbers_agree("about 40 minutes", "runs for about 40 minutes")
    assert not numbers_agree("about 90 minutes", "runs for about 40 minutes")
    assert token_overlap("infusion lasts minutes", "the infusion runs forty minutes") == pytest.approx(2 / 3)
    assert token_overlap("the and of", "anything") == 1.0


def test_roman_numerals_and_negation_must_agree() -> None:
    assert numbers("a Schedule III drug in a phase II trial, as I said") == {"roman:III", "roman:II"}
    assert not numbers_agree("ketamine is Schedule I", "ketamine is a Schedule III controlled substance")
    assert polarity_agrees("it cannot be paused", "an IM dose can't be paused")
    assert not polarity_agrees("an IM dose can be paused", "an IM dose cannot be paused once given")


def test_calibrate_picks_thresholds_that_separate_the_labels() -> None:
    feats = [PairFeatures(0.9, 0.8, True), PairFeatures(0.85, 0.7, True), PairFeatures(0.6, 0.9, True),
             PairFeatures(0.95, 0.9, False), PairFeatures(0.4, 0.2, True)]
    labels = [True, True, False, False, False]
    cosine, overlap, acc = calibrate(feats, labels)
    assert acc == 1.0
    assert 0.6 < cosine <= 0.85 and overlap <= 0.7
    assert 0.0 <= cross_validated(feats, labels, folds=5) <= 1.0


def test_the_calibration_pairs_file_is_large_enough_and_balanced() -> None:
    pairs, labels = load_pairs(REPO / DEFAULT_PAIRS)
    assert len(pairs) >= 40
    assert 0.3 <= sum(labels) / len(labels) <= 0.7
    assert len(set(pairs)) == len(pairs)


def test_calibration_runs_end_to_end_on_the_fake_embedder() -> None:
    result = run(HashingEmbedder(), REPO / DEFAULT_PAIRS)
    assert result["pairs"] >= 40 and 0.5 <= result["accuracy"] <= 1.0
    assert result["model"] == HashingEmbedder().model_id


def test_soft_support_respects_numbers_even_when_similar() -> None:
    soft = SoftSupport(HashingEmbedder(), SupportThresholds(cosine=0.1, overlap=0.1))
    source = "A typical IV ketamine infusion runs for about 40 minutes."
    assert soft.check("An IV ketamine infusion runs about 40 minutes.", source)
    assert not soft.check("An IV ketamine infusion runs about 90 minutes.", source)
    assert not soft.check("An IV ketamine infusion never runs about 40 minutes.", source)
