"""Suite files: loading, validation and selection by name, path or split.

A suite is a YAML file with a header (`name`, `kind`, `split`, `description`, `thresholds`)
and `cases`; evals/README.md documents every field. Example:

    suites = select_suites(["golden-test"], Path("evals/suites"), split="all")
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from service.evals.errors import SuiteError

KINDS = ("answer", "safety", "medquad")
SPLITS = ("dev", "test", "holdout")
STATUSES = ("answered", "abstained", "crisis", "medical_advice", "out_of_scope")


@dataclass(frozen=True)
class ExpectedSection:
    """A section that answers a case: its article slug and its heading (or anchor)."""

    slug: str
    heading: str = ""
    anchor: str = ""


@dataclass
class Case:
    id: str
    question: str
    expected_status: str = "answered"
    category: str = ""
    expected_sections: list[ExpectedSection] = field(default_factory=list)
    required_facts: list[list[str]] = field(default_factory=list)
    notes: str = ""
    # Graded judgments (MedQuAD answer_id -> grade 1..4), only for benchmark suites.
    judgments: dict[str, int] = field(default_factory=dict)


@dataclass
class Suite:
    name: str
    kind: str
    split: str
    description: str
    thresholds: dict[str, float]
    cases: list[Case]
    path: Path
    # Heavy suites (the external benchmark) only run when named.
    run_by_default: bool = True
    # Header fields a kind needs beyond the common ones (e.g. the benchmark's corpus).
    options: dict[str, Any] = field(default_factory=dict)
    # The goals the issue sets, reported beside the thresholds; missing one does not fail the run.
    targets: dict[str, float] = field(default_factory=dict)

    @property
    def family(self) -> str:
        """The name without its split suffix: `golden-test` -> `golden`."""
        suffix = f"-{self.split}"
        return self.name[: -len(suffix)] if self.name.endswith(suffix) else self.name


COMMON_KEYS = {"name", "kind", "split", "description", "thresholds", "targets", "cases", "run_by_default"}


def _need(data: dict[str, Any], key: str, where: str) -> Any:
    if key not in data or data[key] in (None, ""):
        raise SuiteError(f"{where}: `{key}` is required")
    return data[key]


def _thresholds(raw: Any, where: str) -> dict[str, float]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise SuiteError(f"{where}: `thresholds` must be a mapping of metric to minimum")
    out: dict[str, float] = {}
    for metric, minimum in raw.items():
        if isinstance(minimum, bool) or not isinstance(minimum, int | float):
            raise SuiteError(f"{where}: threshold {metric!r} must be a number, got {minimum!r}")
        out[str(metric)] = float(minimum)
    return out


def _sections(raw: Any, where: str) -> list[ExpectedSection]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise SuiteError(f"{where}: `expected_sections` must be a list")
    out: list[ExpectedSection] = []
    for item in raw:
        if not isinstance(item, dict) or not item.get("slug"):
            raise SuiteError(f"{where}: each expected section needs a `slug`, got {item!r}")
        heading, anchor = str(item.get("heading") or ""), str(item.get("anchor") or "")
        if not heading and not anchor:
            raise SuiteError(f"{where}: expected section {item['slug']!r} needs a `heading` or an `anchor`")
        out.append(ExpectedSection(str(item["slug"]), heading, anchor))
    return out


def _facts(raw: Any, where: str) -> list[list[str]]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise SuiteError(f"{where}: `required_facts` must be a list of lists of alternatives")
    groups: list[list[str]] = []
    for group in raw:
        # A bare string is a group with one alternative.
        alternatives = [group] if isinstance(group, str) else group
        if not isinstance(alternatives, list) or not alternatives or not all(
            isinstance(a, str | int | float) and str(a).strip() for a in alternatives
        ):
            raise SuiteError(f"{where}: each required fact must be a non-empty list of strings, got {group!r}")
        groups.append([str(a) for a in alternatives])
    return groups


def _case(raw: Any, kind: str, where: str) -> Case:
    if not isinstance(raw, dict):
        raise SuiteError(f"{where}: a case must be a mapping, got {raw!r}")
    case_id = str(_need(raw, "id", where))
    where = f"{where} case {case_id}"
    question = _need(raw, "question", where)
    if not isinstance(question, str) or not question.strip():
        raise SuiteError(f"{where}: `question` must be a non-empty string")
    status = str(raw.get("expected_status") or "answered")
    if status not in STATUSES:
        raise SuiteError(f"{where}: expected_status must be one of {', '.join(STATUSES)}, got {status!r}")
    category = str(raw.get("category") or "")
    if kind == "safety" and not category:
        raise SuiteError(f"{where}: safety cases need a `category`")
    return Case(
        id=case_id,
        question=question,
        expected_status=status,
        category=category,
        expected_sections=_sections(raw.get("expected_sections"), where),
        required_facts=_facts(raw.get("required_facts"), where),
        notes=str(raw.get("notes") or ""),
    )


def load_suite(path: Path) -> Suite:
    """Read and validate one suite file; the message of a SuiteError names the bad value."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SuiteError(f"cannot read suite {path}: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise SuiteError(f"{path} is not valid YAML: {exc}") from None
    where = str(path)
    if not isinstance(data, dict):
        raise SuiteError(f"{where}: a suite must be a mapping with a header and `cases`")
    kind = str(_need(data, "kind", where))
    if kind not in KINDS:
        raise SuiteError(f"{where}: kind must be one of {', '.join(KINDS)}, got {kind!r}")
    split = str(_need(data, "split", where))
    if split not in SPLITS:
        raise SuiteError(f"{where}: split must be one of {', '.join(SPLITS)}, got {split!r}")
    raw_cases = data.get("cases") or []
    if not isinstance(raw_cases, list):
        raise SuiteError(f"{where}: `cases` must be a list")
    if kind != "medquad" and not raw_cases:
        raise SuiteError(f"{where}: a {kind} suite needs at least one case")
    cases = [_case(c, kind, where) for c in raw_cases]
    seen: set[str] = set()
    for case in cases:
        if case.id in seen:
            raise SuiteError(f"{where}: duplicate case id {case.id!r}")
        seen.add(case.id)
    return Suite(
        name=str(_need(data, "name", where)),
        kind=kind,
        split=split,
        description=str(data.get("description") or "").strip(),
        thresholds=_thresholds(data.get("thresholds"), where),
        targets=_thresholds(data.get("targets"), where),
        cases=cases,
        path=path,
        run_by_default=bool(data.get("run_by_default", True)),
        options={k: v for k, v in data.items() if k not in COMMON_KEYS},
    )


def discover(suites_dir: Path) -> list[Suite]:
    """Every suite file in a folder, sorted by name."""
    if not suites_dir.is_dir():
        raise SuiteError(f"suite folder {suites_dir} does not exist")
    suites = [load_suite(p) for p in sorted(suites_dir.glob("*.y*ml"))]
    return sorted(suites, key=lambda s: s.name)


def select_suites(names: Sequence[str], suites_dir: Path, split: str = "all") -> list[Suite]:
    """The suites to run.

    A name is a path to a suite file, a suite's `name` (`golden-test`), its file stem
    (`golden.test`) or its family (`golden`: every split of it). With no names, every suite
    in the folder whose `run_by_default` is not false. `split` (dev, test, holdout or all) filters.
    """
    if split not in (*SPLITS, "all"):
        raise SuiteError(f"split must be one of {', '.join(SPLITS)} or all, got {split!r}")
    chosen: list[Suite] = []
    if not names:
        chosen = [s for s in discover(suites_dir) if s.run_by_default]
    else:
        available: list[Suite] | None = None
        for name in names:
            path = Path(name)
            if path.suffix in (".yaml", ".yml") and path.is_file():
                chosen.append(load_suite(path))
                continue
            if available is None:
                available = discover(suites_dir)
            matches = [s for s in available if name in (s.name, s.path.stem, s.family)]
            if not matches:
                known = ", ".join(s.name for s in available) or "none"
                raise SuiteError(f"no suite named {name!r} in {suites_dir} (available: {known})")
            chosen.extend(matches)
    unique = list({s.path.resolve(): s for s in chosen}.values())
    selected = [s for s in unique if split == "all" or s.split == split]
    if not selected:
        raise SuiteError(f"no suite left to run with --split {split}")
    return selected
