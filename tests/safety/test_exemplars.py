"""The classifiers' training data (the safety and scope exemplars, and the dev-split messages in
service/safety_training.yaml) never stands in for a held-out eval message.

An exemplar that is a near copy of a test or holdout message would let the classifier
memorise the answer and inflate the reported recall. Near copy: cosine >= 0.92 with the
real model (paraphrases that share a template sit around 0.80-0.90).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from service.embedders import Embedder
from service.evals.safety_training import HELD_OUT_SUITES, NEAR_COPY, held_out_questions
from service.safety import (
    EXAMPLES_PATHS,
    LABELS,
    SCOPE_EXAMPLES_PATH,
    SCOPE_LABELS,
    TRAINING_PATH,
    read_exemplars,
)

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]


def exemplar_texts(with_training: bool = False) -> list[str]:
    # read_exemplars raises on a label the file should not have.
    files = [(path, LABELS) for path in EXAMPLES_PATHS] + [(SCOPE_EXAMPLES_PATH, SCOPE_LABELS)]
    if with_training:
        files.append((TRAINING_PATH, LABELS))
    return [text for path, allowed in files for _, text in read_exemplars(path, allowed)]


def test_no_exemplar_is_a_near_copy_of_a_held_out_message(real_embedder: Embedder) -> None:
    exemplars = exemplar_texts(with_training=True)
    held_out = held_out_questions([REPO / path for path in HELD_OUT_SUITES])
    similarity = real_embedder.encode(exemplars) @ real_embedder.encode(held_out).T
    rows, cols = np.where(similarity >= NEAR_COPY)
    leaks = [f"{exemplars[r]!r} ~ {held_out[c]!r} ({similarity[r, c]:.3f})" for r, c in zip(rows, cols, strict=True)]
    assert not leaks, "exemplars that copy held-out messages:\n" + "\n".join(leaks)


def test_exemplars_have_no_duplicates() -> None:
    texts = [t.strip().lower() for t in exemplar_texts()]
    assert len(texts) == len(set(texts))


def test_the_sentence_model_is_trained_on_single_crisis_sentences_and_ordinary_ones(real_embedder: Embedder) -> None:
    from service.safety import Exemplars, SafetyClassifier

    exemplars = Exemplars.load(real_embedder, cache_dir=None)
    assert exemplars.sentence_vectors is not None
    assert len(exemplars.sentence_labels) == len(exemplars.sentence_vectors)
    assert 0 < sum(exemplars.sentence_labels) < len(exemplars.sentence_labels)
    classifier = SafetyClassifier(exemplars)

    def crisis(text: str) -> float:
        found = classifier.sentence_crisis([(text, real_embedder.encode([text])[0])])
        assert found is not None
        return found[1]

    # Phrased for this test, not taken from any eval set.
    assert crisis("the pills are counted out on my nightstand and tonight is it") > 0.9
    assert crisis("can you send me the clinic's fax number") < 0.5


def test_an_exemplar_file_with_an_unknown_label_is_refused(tmp_path: Path) -> None:
    from service.safety import read_exemplars

    path = tmp_path / "examples.yaml"
    path.write_text("crisis:\n  - i want it all to stop\nmaybe_crisis:\n  - not sure\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"examples\.yaml: unknown exemplar labels \['maybe_crisis'\]"):
        read_exemplars(path, LABELS)
    assert read_exemplars(path, ("crisis", "maybe_crisis")) == [("crisis", "i want it all to stop"), ("maybe_crisis", "not sure")]
