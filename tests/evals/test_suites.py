"""Suite files: the repository's suites load, bad files are refused by name, selection works."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.evals.errors import SuiteError
from service.evals.suites import load_suite, select_suites
from tests.evals.conftest import SUITES, write_suite


def test_repository_suites_load_and_declare_known_kinds() -> None:
    suites = select_suites(["golden", "safety", "medquad-liveqa"], SUITES)
    names = {s.name for s in suites}
    assert {"golden-dev", "golden-test", "safety-dev", "safety-test", "medquad-liveqa"} <= names
    for suite in suites:
        assert suite.kind in ("answer", "safety", "medquad") and suite.split in ("dev", "test", "holdout")
        if suite.kind == "safety":
            assert all(c.category for c in suite.cases)


def test_default_selection_skips_heavy_suites_and_split_filters() -> None:
    default = {s.name for s in select_suites([], SUITES)}
    assert "medquad-liveqa" not in default
    assert {s.split for s in select_suites([], SUITES, "test")} == {"test"}


@pytest.mark.parametrize("name", ["mini-answer-test", "mini-answer-test.yaml", "mini-answer"])
def test_select_by_name_stem_family_or_path(mini_suites: Path, name: str) -> None:
    target = str(mini_suites / name) if name.endswith(".yaml") else name
    assert [s.name for s in select_suites([target], mini_suites)] == ["mini-answer-test"]


def test_unknown_name_lists_what_exists(mini_suites: Path) -> None:
    with pytest.raises(SuiteError, match="no suite named 'nope'.*mini-answer-test"):
        select_suites(["nope"], mini_suites)
    with pytest.raises(SuiteError, match="no suite left"):
        select_suites(["mini-answer-test"], mini_suites, "dev")


@pytest.mark.parametrize(
    ("header", "cases", "message"),
    [
        ({"kind": "quiz"}, [{"id": "1", "question": "q"}], "kind must be one of"),
        ({"split": "train"}, [{"id": "1", "question": "q"}], "split must be one of"),
        ({}, [{"id": "1", "question": "  "}], "question.*non-empty"),
        ({}, [{"id": "1", "question": "q"}, {"id": "1", "question": "r"}], "duplicate case id '1'"),
        ({}, [{"id": "1", "question": "q", "expected_status": "maybe"}], "expected_status must be one of"),
        ({}, [{"id": "1", "question": "q", "expected_sections": [{"slug": "a"}]}], "needs a `heading` or an `anchor`"),
        ({}, [{"id": "1", "question": "q", "required_facts": [[]]}], "non-empty list of strings"),
        ({"thresholds": {"hit_at_5": "high"}}, [{"id": "1", "question": "q"}], "must be a number"),
        ({"kind": "safety"}, [{"id": "1", "question": "q"}], "need a `category`"),
    ],
)
def test_bad_suites_are_refused_with_the_reason(tmp_path: Path, header: dict, cases: list, message: str) -> None:
    import yaml

    data = {"name": "s", "kind": "answer", "split": "dev", **header, "cases": cases}
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(SuiteError, match=message):
        load_suite(path)


def test_a_bare_string_fact_is_one_alternative(tmp_path: Path) -> None:
    path = write_suite(tmp_path, "s", "answer", "dev", [{"id": "1", "question": "q", "required_facts": ["1962", ["a", "b"]]}])
    assert load_suite(path).cases[0].required_facts == [["1962"], ["a", "b"]]
