"""Calibrate the paraphrase-support thresholds on labelled pairs.

    python -m service.evals.calibrate [--pairs evals/calibration/support_pairs.yaml]
                                      [--out evals/calibration/support_thresholds.yaml]

Prints the chosen thresholds, accuracy on all pairs and 5-fold cross-validated accuracy,
and writes the thresholds (with the model they hold for) for `groundline eval` to read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
import yaml

from service.embedders import Embedder
from service.evals.errors import SuiteError
from service.evals.support import (
    DEFAULT_THRESHOLDS,
    SupportThresholds,
    calibrate,
    cross_validated,
    features,
    thresholds_dict,
)

DEFAULT_PAIRS = Path("evals/calibration/support_pairs.yaml")


def load_pairs(path: Path) -> tuple[list[tuple[str, str]], list[bool]]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    pairs: list[tuple[str, str]] = []
    labels: list[bool] = []
    for i, item in enumerate(data.get("pairs") or []):
        if not isinstance(item, dict) or not {"claim", "source", "supported"} <= set(item):
            raise SuiteError(f"{path}: pair {i} needs claim, source and supported")
        pairs.append((str(item["claim"]), str(item["source"])))
        labels.append(bool(item["supported"]))
    return pairs, labels


def run(embedder: Embedder, pairs_path: Path) -> dict[str, Any]:
    """Calibrate and measure; the result is what gets written and printed."""
    pairs, labels = load_pairs(pairs_path)
    feats = features(embedder, pairs)
    cosine, overlap, acc = calibrate(feats, labels)
    predicted = [f.supported(cosine, overlap) for f in feats]
    return thresholds_dict(
        SupportThresholds(cosine, overlap, embedder.model_id),
        pairs=len(pairs),
        supported_pairs=sum(labels),
        accuracy=round(acc, 4),
        cross_validated_accuracy=round(cross_validated(feats, labels), 4),
        false_supported=sum(p and not t for p, t in zip(predicted, labels, strict=True)),
        false_unsupported=sum(t and not p for p, t in zip(predicted, labels, strict=True)),
    )


@click.command(help="Calibrate the paraphrase-support thresholds on labelled pairs.")
@click.option("--pairs", "pairs_path", type=click.Path(path_type=Path, exists=True), default=DEFAULT_PAIRS, show_default=True, help="Labelled pairs (YAML).")
@click.option("--out", "out_path", type=click.Path(path_type=Path), default=DEFAULT_THRESHOLDS, show_default=True, help="Where to write the thresholds.")
def main(pairs_path: Path, out_path: Path) -> None:
    from service.config import Settings
    from service.pipeline import make_embedder

    result = run(make_embedder(Settings()), pairs_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    header = "# Written by `python -m service.evals.calibrate`; see evals/README.md.\n"
    out_path.write_text(header + yaml.safe_dump(result, sort_keys=False), encoding="utf-8")
    for key, value in result.items():
        click.echo(f"{key:26} {value}")


if __name__ == "__main__":
    main()
