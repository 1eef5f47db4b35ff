"""The message classifier's features: the vector and the message's words (service/safety.py)."""

from __future__ import annotations

import numpy as np

from service.safety import LABELS, Exemplars, SafetyClassifier, WordsAndVector


def test_the_words_separate_messages_whose_vectors_are_alike() -> None:
    # Every vector is the same, so only the words can tell the two labels apart.
    texts = ["i want to die tonight", "i want to die", "what happens when you die", "what happens to the body"] * 3
    labels = ["crisis", "crisis", "informational", "informational"] * 3
    vectors = np.ones((len(texts), 4), dtype=np.float32) / 2
    model = WordsAndVector(vectors, labels, texts, 2, max_iter=500)
    assert model.words is not None
    probs = model.predict_proba(vectors[:2], ["honestly i want to die", "what happens when people die"])
    crisis = list(model.classes_).index("crisis")
    assert probs[0, crisis] > 0.5 > probs[1, crisis]

    vectors_only = WordsAndVector(vectors, labels, [], 2, max_iter=500)
    assert vectors_only.words is None
    flat = vectors_only.predict_proba(vectors[:2], ["honestly i want to die", "what happens when people die"])
    assert abs(flat[0, crisis] - flat[1, crisis]) < 1e-9


def test_texts_that_share_no_word_fall_back_to_the_vectors() -> None:
    vectors = np.eye(4, dtype=np.float32)
    model = WordsAndVector(vectors, ["a", "b", "a", "b"], ["one", "two", "three", "four"], 2)
    assert model.words is None and model.model is not None
    assert model.predict_proba(vectors[:1], ["one"]).shape == (1, 2)


def test_the_classifier_reads_the_message_text() -> None:
    texts = ["i want to die tonight", "how much should i take", "what happens when you die", "write a poem"] * 3
    labels = ["crisis", "medical_advice", "informational", "out_of_scope"] * 3
    assert set(labels) == set(LABELS)
    vector = np.ones(4, dtype=np.float32) / 2
    exemplars = Exemplars(labels, np.tile(vector, (len(texts), 1)), texts=texts)
    classifier = SafetyClassifier(exemplars)
    assert classifier.probabilities(vector, "i really want to die tonight")["crisis"] > 0.5
    assert classifier.probabilities(vector, "write a short poem")["out_of_scope"] > 0.5
    assert classifier.probabilities(None, "i want to die") == {label: 0.0 for label in LABELS}
