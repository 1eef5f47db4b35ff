"""The external benchmark: MedQuAD articles with TREC-2017 LiveQA-Med questions.

The corpus lives outside the repository (../shared/benchmarks/medquad, see its README.md).
Its articles are indexed with the normal pipeline into their own index folder: the full
corpus, or with `--subset` every article judged for the questions plus a fixed random
sample of the others. Each question is scored by the section Groundline ranks first.
"""

from __future__ import annotations

import json
import random
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import frontmatter

from service.evals import metrics as m
from service.evals.errors import SuiteError
from service.evals.scoring import BodyOf, CaseRun, CaseScore, common_aggregates, score_common
from service.evals.suites import Case, Suite
from service.parsing import markdown_parser

DEFAULT_CORPUS = "../shared/benchmarks/medquad"
DEFAULT_INDEX = "embeddings/medquad"
DEFAULT_SUBSET_INDEX = "embeddings/medquad-subset"
DEFAULT_SAMPLE = 300
DEFAULT_SEED = 2017


@dataclass(frozen=True)
class BenchmarkConfig:
    """Where the corpus and its index are, from the suite header and command-line overrides."""

    corpus: Path
    questions_file: str = "liveqa_dev.jsonl"
    question_field: str = "question"
    index_dir: Path = Path(DEFAULT_INDEX)
    subset: bool = False
    sample: int = DEFAULT_SAMPLE
    seed: int = DEFAULT_SEED

    @classmethod
    def from_suite(
        cls, suite: Suite, corpus: Path | None = None, index_dir: Path | None = None, subset: bool = False
    ) -> BenchmarkConfig:
        opts = suite.options
        sub = opts.get("subset") or {}
        # Paths in the suite file are relative to the repository root (the working folder).
        default_index = sub.get("index", DEFAULT_SUBSET_INDEX) if subset else opts.get("index", DEFAULT_INDEX)
        return cls(
            corpus=corpus or Path(str(opts.get("corpus") or DEFAULT_CORPUS)),
            questions_file=str(opts.get("questions") or "liveqa_dev.jsonl"),
            question_field=str(opts.get("question_field") or "question"),
            index_dir=index_dir or Path(str(default_index)),
            subset=subset,
            sample=int(sub.get("sample", DEFAULT_SAMPLE)),
            seed=int(sub.get("seed", DEFAULT_SEED)),
        )

    @property
    def articles_dir(self) -> Path:
        return self.corpus / "articles"


@dataclass
class Benchmark:
    """The corpus's section ids, the questions with their graded judgments, and the articles."""

    config: BenchmarkConfig
    cases: list[Case]
    # answer_id -> (slug, H2 ordinal) and back.
    sections: dict[str, tuple[str, int]]
    by_position: dict[tuple[str, int], str]
    _h2: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    @classmethod
    def load(cls, config: BenchmarkConfig) -> Benchmark:
        sections_file = config.corpus / "sections.jsonl"
        questions_file = config.corpus / config.questions_file
        for path in (sections_file, questions_file, config.articles_dir):
            if not path.exists():
                raise SuiteError(
                    f"benchmark corpus not found: {path} is missing (set the corpus with --corpus; "
                    "see evals/README.md)"
                )
        sections: dict[str, tuple[str, int]] = {}
        with sections_file.open(encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                sections[row["answer_id"]] = (row["slug"], int(row["ordinal"]))
        cases: list[Case] = []
        with questions_file.open(encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                cases.append(
                    Case(
                        id=str(row["id"]),
                        question=str(row[config.question_field]).strip(),
                        notes=str(row.get("summary") or ""),
                        judgments={str(k): int(v) for k, v in (row.get("judgments") or {}).items()},
                    )
                )
        by_position = {pos: answer_id for answer_id, pos in sections.items()}
        return cls(config, cases, sections, by_position)

    @cached_property
    def article_paths(self) -> dict[str, Path]:
        """slug -> file; the corpus names each file by its slug."""
        return {p.stem: p for p in sorted(self.config.articles_dir.rglob("*.md"))}

    def judged_slugs(self) -> set[str]:
        return {self.sections[a][0] for c in self.cases for a in c.judgments if a in self.sections}

    def subset_slugs(self) -> list[str]:
        """Every article judged for a question, plus `sample` others drawn with a fixed seed."""
        judged = self.judged_slugs() & set(self.article_paths)
        rest = sorted(set(self.article_paths) - judged)
        sample = random.Random(self.config.seed).sample(rest, min(self.config.sample, len(rest)))
        return sorted(judged | set(sample))

    def content_dir(self) -> Path:
        """The folder to index: the corpus itself, or a copy of the subset beside the index."""
        if not self.config.subset:
            return self.config.articles_dir
        target = self.config.index_dir.with_name(self.config.index_dir.name + "-content")
        wanted = {f"{slug}.md" for slug in self.subset_slugs()}
        present = {p.name for p in target.glob("*.md")} if target.is_dir() else set()
        if present != wanted:
            # A copy (not links) so the index's content hashes see ordinary files.
            shutil.rmtree(target, ignore_errors=True)
            target.mkdir(parents=True)
            for name in sorted(wanted):
                shutil.copy2(self.article_paths[name[:-3]], target / name)
        return target

    def _headings(self, slug: str) -> list[tuple[str, str]]:
        """The article's H2s in order, as (anchor, normalised heading)."""
        if slug not in self._h2:
            path = self.article_paths.get(slug)
            h2: list[tuple[str, str]] = []
            if path is not None:
                # The body without frontmatter, exactly as indexed, so anchors agree.
                body = frontmatter.loads(path.read_text(encoding="utf-8").lstrip("\ufeff")).content
                tokens = markdown_parser().parse(body)
                for i, token in enumerate(tokens):
                    if token.type == "heading_open" and token.tag == "h2":
                        text = tokens[i + 1].content if i + 1 < len(tokens) else ""
                        h2.append((str(token.attrs.get("id", "")), m.norm_heading(text)))
            self._h2[slug] = h2
        return self._h2[slug]

    def answer_id(self, item: dict[str, Any]) -> str | None:
        """The MedQuAD section a citation or search result is: slug + H2 ordinal.

        The anchor finds the ordinal exactly (repeated headings get distinct anchors); the
        heading is the fallback when a result carries no anchor.
        """
        slug = str(item.get("slug") or "")
        headings = self._headings(slug)
        anchor = str(item.get("anchor") or "")
        path = item.get("heading_path") or []
        heading = m.norm_heading(str(path[1] if len(path) > 1 else item.get("section") or ""))
        ordinal = next((i + 1 for i, (a, _) in enumerate(headings) if anchor and a == anchor), None)
        if ordinal is None:
            ordinal = next((i + 1 for i, (_, h) in enumerate(headings) if h == heading), None)
        return self.by_position.get((slug, ordinal)) if ordinal else None


def first_section(run: CaseRun) -> dict[str, Any] | None:
    """The section Groundline ranks first: the first citation of an answer that cites, else
    the first search result (when the answer abstains or has no citations)."""
    response = run.response or {}
    citations = sorted(response.get("citations") or [], key=lambda c: int(c.get("n") or 0))
    if response.get("status") != "abstained" and citations:
        return dict(citations[0])
    return dict(run.search[0]) if run.search else None


def _scores(ranked_ids: Sequence[str | None], judgments: dict[str, int]) -> dict[str, Any]:
    grade = judgments.get(ranked_ids[0]) if ranked_ids and ranked_ids[0] else None
    gains = [m.graded_gain(judgments.get(a) if a else None) for a in ranked_ids]
    return {
        "grade": grade,
        "score": (grade - 1) if grade else 0,
        "succ_3plus": bool(grade and grade >= 3),
        "ndcg_at_10": m.ndcg_at_k(gains, [m.graded_gain(g) for g in judgments.values()], 10),
    }


def _ids(bench: Benchmark, items: Sequence[dict[str, Any]]) -> list[str | None]:
    """Answer ids of a ranked list, a section kept once (unmapped sections stay, unjudged)."""
    out: list[str | None] = []
    seen: set[object] = set()
    for item in items:
        answer_id = bench.answer_id(item)
        key: object = answer_id or m.section_key(item)
        if key not in seen:
            seen.add(key)
            out.append(answer_id)
    return out[:10]


def score_case(bench: Benchmark, run: CaseRun, body_of: BodyOf) -> CaseScore:
    """avgScore, succ@3+ and nDCG@10 of one question, for the answer and for search alone."""
    score = CaseScore(metrics={"status": run.status})
    score_common(run, score, body_of)
    first = first_section(run)
    ranked = _ids(bench, ([first] if first else []) + list(run.search or []))
    judgments = run.case.judgments
    score.metrics.update(_scores(ranked, judgments))
    search_only = _scores(_ids(bench, run.search or []), judgments)
    score.metrics.update({f"search_{k}": v for k, v in search_only.items()})
    score.metrics["first_answer_id"] = ranked[0] if ranked else None
    score.metrics["ranked_answer_ids"] = ranked
    best = max((g for a, g in judgments.items() if a in bench.sections), default=None)
    score.metrics["oracle_score"] = (best - 1) if best else 0
    if not score.metrics["succ_3plus"]:
        grade = score.metrics["grade"]
        score.failures.append(f"first section {ranked[0] if ranked else None} graded {grade or 'unjudged'}")
    return score


def aggregate(runs: Sequence[CaseRun], scores: Sequence[CaseScore]) -> dict[str, Any]:
    """avgScore (0-3), succ@3+ and nDCG@10 as the corpus README defines them."""
    out: dict[str, Any] = {}
    for prefix in ("", "search_"):
        out[f"{prefix}avg_score"] = m.mean(float(s.metrics.get(f"{prefix}score", 0)) for s in scores)
        out[f"{prefix}succ_at_3plus"] = m.share(bool(s.metrics.get(f"{prefix}succ_3plus")) for s in scores)
        out[f"{prefix}ndcg_at_10"] = m.mean(s.metrics.get(f"{prefix}ndcg_at_10") for s in scores)
    out["oracle_avg_score"] = m.mean(float(s.metrics.get("oracle_score", 0)) for s in scores)
    out["ndcg_questions"] = sum(s.metrics.get("ndcg_at_10") is not None for s in scores)
    out["answered_rate"] = m.share(r.status == "answered" for r in runs)
    out.update(common_aggregates(runs, scores))
    # Every question is "expected answered" here, so status accuracy would repeat answered_rate.
    out.pop("status_accuracy", None)
    return out
