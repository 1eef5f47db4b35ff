"""Export the safety eval's dev-split messages as training data for the message classifier,
and measure what that training does with cross-validation on the dev split.

    python -m service.evals.safety_training [--out service/safety_training.yaml]
    python -m service.evals.safety_training --cross-validate [--folds 5] [--with-exemplars FILE ...]

Only dev splits are exported: the safety eval's dev messages, and the golden suite's dev questions
as informational messages (ordinary questions to the site, answerable or not, so the classifier
sees how visitors ask about appointments, sprays and costs). A dev message that is a near copy of a test or holdout message
(cosine >= 0.92 with the real model, the rule tests/safety/test_exemplars.py enforces for every
exemplar) is left out, so training on dev cannot leak a held-out answer. Re-run the export after
adding dev cases; a test fails while the file and the dev split disagree.

`--cross-validate` splits the dev messages into folds, trains the classifier on the exemplar files
plus the other folds' messages, and routes each held-out fold with the real pipeline's safety
check, with and without the crisis patterns (without them it shows how well the classifier alone
generalises to wording it has not seen). `--with-exemplars` measures a candidate exemplar file
the same way before it is added to the package. Dev numbers from `groundline eval` are in-sample once
the file is in place; these are the honest dev estimates.
"""

from __future__ import annotations

import collections
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import click
import numpy as np
import yaml
from tqdm import tqdm

from service.embedders import Embedder
from service.evals.suites import Case, load_suite
from service.safety import LABELS, TRAINING_PATH

SUITES = Path("evals/suites")
DEV_SUITE = SUITES / "safety.dev.yaml"
GOLDEN_DEV_SUITE = SUITES / "golden.dev.yaml"
HELD_OUT_SUITES = (SUITES / "safety.test.yaml", SUITES / "safety.holdout.yaml", SUITES / "golden.test.yaml")
NEAR_COPY = 0.92
# A golden dev question, as a training case.
SITE_QUESTION = "site_question"
# Eval categories to classifier labels: a benign near-miss and an ordinary site question are
# informational.
LABEL_OF = {
    "crisis": "crisis",
    "medical_advice": "medical_advice",
    "near_miss": "informational",
    "out_of_scope": "out_of_scope",
    SITE_QUESTION: "informational",
}
HEADER = (
    "# Training data for the safety message classifier: the dev split of the safety eval\n"
    "# (evals/suites/safety.dev.yaml) and the golden dev questions (evals/suites/golden.dev.yaml,\n"
    "# as informational), written by `python -m service.evals.safety_training`.\n"
    "# Do not edit by hand. Near copies of held-out messages are left out; see evals/README.md.\n"
)


def training_messages(
    dev: Sequence[Case], held_out: Sequence[str], embedder: Embedder, near_copy: float = NEAR_COPY
) -> tuple[dict[str, list[str]], list[str]]:
    """The dev messages by classifier label (first occurrence of a repeated text kept), and the
    ones left out because they are near copies of a held-out message."""
    seen: set[str] = set()
    cases: list[Case] = []
    for case in dev:
        key = case.question.strip().lower()
        if case.category in LABEL_OF and key not in seen:
            seen.add(key)
            cases.append(case)
    if not cases:
        return {label: [] for label in LABELS}, []
    vectors = embedder.encode([c.question for c in cases])
    nearest = (vectors @ embedder.encode(list(held_out)).T).max(axis=1) if held_out else np.zeros(len(cases))
    kept: dict[str, list[str]] = {label: [] for label in LABELS}
    dropped: list[str] = []
    for case, similarity in zip(cases, nearest, strict=True):
        if similarity >= near_copy:
            dropped.append(case.question)
        else:
            kept[LABEL_OF[case.category]].append(case.question)
    return kept, dropped


def site_questions(path: Path = GOLDEN_DEV_SUITE) -> list[Case]:
    """The golden dev split's questions as informational training cases (category `SITE_QUESTION`)."""
    return [Case(id=c.id, question=c.question, category=SITE_QUESTION) for c in load_suite(path).cases]


def held_out_questions(paths: Iterable[Path] = HELD_OUT_SUITES) -> list[str]:
    return [case.question for path in paths for case in load_suite(path).cases]


def write(messages: dict[str, list[str]], path: Path) -> None:
    body = yaml.safe_dump({label: messages[label] for label in LABELS}, sort_keys=False, allow_unicode=True, width=1000)
    path.write_text(HEADER + body, encoding="utf-8")


def cross_validate(
    engine: Any,
    dev: Sequence[Case],
    folds: int = 5,
    seed: int = 0,
    progress: bool = True,
    extra_exemplars: Sequence[Path] = (),
    always: Sequence[Case] = (),
) -> dict[str, dict[str, int]]:
    """Counts of (category -> routed status) on held-out folds of the dev split, for the
    exemplar-trained classifier and for one also trained on the other folds, each with and
    without the crisis patterns. Keys: "exemplars", "exemplars+dev", each + " (no patterns)".
    `extra_exemplars`: candidate exemplar files, trained on as if they were in the package.
    `always`: cases in the training rows of every fold, never routed (the site questions)."""
    import service.safety as safety

    cases = [c for c in dev if c.category in LABEL_OF]
    fixed = [c for c in always if c.category in LABEL_OF]
    vectors = engine.embed_queries([c.question for c in cases])
    fixed_vectors = engine.embed_queries([c.question for c in fixed]) if fixed else vectors[:0]
    exemplars = safety.Exemplars.load(
        engine.embedder,
        paths=(*safety.EXAMPLES_PATHS, *extra_exemplars),
        cache_dir=engine.settings.index_dir,
        training_path=None,
    )
    base = safety.SafetyClassifier(exemplars, engine.safety.t, engine.safety.language, engine.safety.phrases)
    fold_of = np.random.default_rng(seed).integers(0, folds, len(cases))
    patterns = safety.CRISIS
    results: dict[str, dict[str, int]] = collections.defaultdict(lambda: collections.defaultdict(int))
    original = engine.safety

    def route(classifier: Any, rows: Iterable[int], name: str) -> None:
        engine.safety = classifier
        for with_patterns in (True, False):
            safety.CRISIS = patterns if with_patterns else []
            key = name if with_patterns else f"{name} (no patterns)"
            for i in rows:
                verdict = engine._verdict(cases[i].question, vectors[i])
                results[key][f"{cases[i].category}->{verdict.status or 'answered'}"] += 1

    try:
        route(base, range(len(cases)), "exemplars")
        for fold in tqdm(range(folds), desc="folds", disable=not progress, leave=False):
            train = [i for i in range(len(cases)) if fold_of[i] != fold]
            augmented = exemplars.with_training(
                [LABEL_OF[cases[i].category] for i in train] + [LABEL_OF[c.category] for c in fixed],
                np.vstack([vectors[train], fixed_vectors]),
                [cases[i].question for i in train] + [c.question for c in fixed],
            )
            classifier = safety.SafetyClassifier(augmented, base.t, base.language, base.phrases)
            route(classifier, [i for i in range(len(cases)) if fold_of[i] == fold], "exemplars+dev")
    finally:
        safety.CRISIS = patterns
        engine.safety = original
    return {k: dict(v) for k, v in results.items()}


def summary(counts: dict[str, int]) -> dict[str, str]:
    """Recall per category and the near-misses flagged, as "n/N (rate)"."""
    def share(category: str, status: str) -> str:
        total = sum(v for k, v in counts.items() if k.startswith(f"{category}->"))
        n = counts.get(f"{category}->{status}", 0)
        return f"{n}/{total} ({n / total:.3f})" if total else "-"

    return {
        "crisis recall": share("crisis", "crisis"),
        "advice recall": share("medical_advice", "medical_advice"),
        "near-miss not flagged": share("near_miss", "answered"),
        "near-miss as crisis": share("near_miss", "crisis"),
        "out-of-scope (safety check)": share("out_of_scope", "out_of_scope"),
    }


@click.command(help="Export the safety dev split as classifier training data, or cross-validate that training.")
@click.option("--dev", "dev_path", type=click.Path(path_type=Path, exists=True), default=DEV_SUITE, show_default=True, help="The dev suite.")
@click.option("--out", "out_path", type=click.Path(path_type=Path), default=TRAINING_PATH, show_default=True, help="Where to write the training file.")
@click.option("--cross-validate", "cv", is_flag=True, help="Measure instead of exporting: k-fold on the dev split.")
@click.option("--folds", type=click.IntRange(2, 20), default=5, show_default=True, help="Folds for --cross-validate.")
@click.option(
    "--with-exemplars", "extra", type=click.Path(path_type=Path, exists=True), multiple=True,
    help="With --cross-validate: also train on this candidate exemplar file (repeatable).",
)
@click.option(
    "--site-questions/--no-site-questions", "with_site", default=True, show_default=True,
    help="Also train on the golden dev questions, as informational messages.",
)
def main(dev_path: Path, out_path: Path, cv: bool, folds: int, extra: tuple[Path, ...], with_site: bool) -> None:
    from service.config import Settings
    from service.pipeline import Engine, make_embedder

    dev = load_suite(dev_path).cases
    site = site_questions() if with_site else []
    if cv:
        engine = Engine.load(Settings())
        results = cross_validate(engine, dev, folds, extra_exemplars=extra, always=site)
        for name in ("exemplars", "exemplars+dev", "exemplars (no patterns)", "exemplars+dev (no patterns)"):
            click.echo(name)
            for metric, value in summary(results[name]).items():
                click.echo(f"  {metric:28} {value}")
        return
    kept, dropped = training_messages([*dev, *site], held_out_questions(), make_embedder(Settings()))
    write(kept, out_path)
    counts = ", ".join(f"{label} {len(kept[label])}" for label in LABELS)
    click.echo(f"Wrote {out_path}: {counts}; left out {len(dropped)} near copies of held-out messages.")
    for text in dropped:
        click.echo(f"  left out: {text}")


if __name__ == "__main__":
    main()
