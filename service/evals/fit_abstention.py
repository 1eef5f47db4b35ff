"""Fit the abstention model (service/abstention_model.json) on the labelled training questions.

    python -m service.evals.fit_abstention [--content content] [--C 1.0] [--threshold 0.5]

The training questions (service/abstention_examples.yaml) are about the sample articles and
were written blind to the eval sets. Each question goes through the real pipeline (safety,
retrieval, sentence selection); questions the safety layer routes elsewhere are left out. The
features are the ones `ExtractiveAnswerer.evidence` computes; the fitted weights are written
with the training summary. Check the result on the dev split: `groundline eval golden-dev`.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import yaml
from sklearn.linear_model import LogisticRegression
from tqdm import tqdm

from service.answering import ABSTENTION_MODEL_PATH
from service.config import Settings
from service.pipeline import Engine, ensure_index, make_embedder, make_store

EXAMPLES = Path(__file__).resolve().parents[1] / "abstention_examples.yaml"
FEATURES = ("top_score", "best_sentence", "missing_idf", "unknown_term")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--content", type=Path, default=Path("content"), help="the articles the questions are about")
    parser.add_argument("--C", type=float, default=1.0, help="inverse regularisation strength")
    parser.add_argument("--threshold", type=float, default=0.5, help="abstain at or above this probability")
    parser.add_argument("--out", type=Path, default=ABSTENTION_MODEL_PATH)
    args = parser.parse_args(argv)

    settings = Settings(content_dir=args.content)
    embedder = make_embedder(settings)
    ensure_index(make_store(settings, embedder), settings.content_dir)
    engine = Engine.load(settings, embedder)
    data = yaml.safe_load(EXAMPLES.read_text(encoding="utf-8"))
    rows: list[list[float]] = []
    labels: list[int] = []
    routed = 0
    items = [(q["question"], label) for label in ("answerable", "unanswerable") for q in data[label]]
    for question, label in tqdm(items, desc="features", unit="q"):
        vector = engine.embed_query(question)
        if engine.classify(question).status is not None:
            routed += 1
            continue
        passages = engine.retriever.search(question, vector, settings.default_top_k, part_vectors=engine.part_vectors(question))
        if not passages:
            continue
        picked = engine.answerer.select(question, vector, passages)
        evidence = engine.answerer.evidence(question, passages, picked)
        rows.append([evidence[f] for f in FEATURES])
        labels.append(1 if label == "unanswerable" else 0)
    x, y = np.asarray(rows), np.asarray(labels)
    model = LogisticRegression(C=args.C, max_iter=5000).fit(x, y)
    p = model.predict_proba(x)[:, 1]
    summary = {
        "answerable_answered": round(float((p[y == 0] < args.threshold).mean()), 3),
        "unanswerable_abstained": round(float((p[y == 1] >= args.threshold).mean()), 3),
    }
    out = {
        "features": list(FEATURES),
        "weights": [round(float(w), 6) for w in model.coef_[0]],
        "intercept": round(float(model.intercept_[0]), 6),
        "threshold": args.threshold,
        "trained_on": {
            "file": "service/abstention_examples.yaml",
            "answerable": int((y == 0).sum()),
            "unanswerable": int((y == 1).sum()),
            "routed_by_safety_and_left_out": routed,
            "C": args.C,
            "training_fit": summary,
        },
    }
    args.out.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: weights {dict(zip(FEATURES, out['weights'], strict=True))}, intercept {out['intercept']}")
    print(f"on its own training questions: {summary}")


if __name__ == "__main__":
    main()
