"""Crisis phrases in other languages (service/crisis_phrases.py): normalising, loading, and the
phrases themselves on messages written for these tests (tests/safety/crisis_phrases_cases.yaml:
crises that must match and informational questions, idioms, negations and history that must not).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from service.crisis_phrases import CrisisPhrases, fold_latin, fold_other, needs_non_ascii
from service.safety import LABELS, LanguageCheck, SafetyClassifier, read_exemplars

CASES = yaml.safe_load((Path(__file__).with_name("crisis_phrases_cases.yaml")).read_text(encoding="utf-8"))
SUITES = Path(__file__).resolve().parents[2] / "evals" / "suites"
SERVICE = Path(__file__).resolve().parents[2] / "service"


@pytest.fixture(scope="module")
def phrases() -> CrisisPhrases:
    return CrisisPhrases.load()


def test_latin_folding_drops_accents_apostrophes_and_punctuation() -> None:
    assert fold_latin("J’ai PRIS toutes mes pilules!!") == "jai pris toutes mes pilules"
    assert fold_latin("Não quero mais viver...") == "nao quero mais viver"
    assert fold_latin("Tôi muốn chết") == "toi muon chet"


def test_other_folding_keeps_the_script_and_drops_punctuation() -> None:
    assert fold_other("Я ХОЧУ  умереть!") == "я хочу умереть"
    assert fold_other("我想死。") == "我想死"
    # NFKC: full-width Latin letters and digits become ordinary ones.
    assert fold_other("ＳＰＲＡＶＡＴＯ １２") == "spravato 12"


def test_every_language_the_check_knows_has_both_answers(phrases: CrisisPhrases) -> None:
    others = [code for code in LanguageCheck.LANGUAGES if code != "en"]
    for code in others:
        assert phrases.reply(code, "crisis"), code
        assert phrases.reply(code, "other_language"), code
    assert phrases.reply("en", "crisis") is None and phrases.reply(None, "crisis") is None
    # Spanish phrases live with the English patterns; every other language has its own.
    with_phrases = {
        language.code
        for language in phrases.languages
        if language.pattern is not None or language.script_pattern is not None
    }
    assert with_phrases == set(others) - {"es"}


@pytest.mark.parametrize("code", sorted(CASES))
def test_crises_match_in_their_language(phrases: CrisisPhrases, code: str) -> None:
    missed = [text for text in CASES[code]["crisis"] if phrases.match(text) is None]
    assert not missed


@pytest.mark.parametrize("code", sorted(CASES))
def test_informational_idioms_negations_and_history_do_not_match(phrases: CrisisPhrases, code: str) -> None:
    flagged = [(text, found) for text in CASES[code]["not_crisis"] if (found := phrases.match(text))]
    assert not flagged


def test_no_phrase_matches_english_or_spanish_messages_that_are_not_crises(phrases: CrisisPhrases) -> None:
    """The phrases run on every message, so they must not fire on the site's own traffic."""
    texts = []
    for path in sorted(SERVICE.glob("safety_examples*.yaml")):
        texts += [text for label, text in read_exemplars(path, LABELS) if label != "crisis"]
    for path in sorted(SUITES.glob("golden.*.yaml")):
        texts += [c["question"] for c in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]]
    assert len(texts) > 500
    assert [(t, found) for t in texts if (found := phrases.match(t))] == []


def test_the_layer_routes_a_phrase_to_crisis_with_its_language(phrases: CrisisPhrases) -> None:
    classifier = SafetyClassifier(None, language=LanguageCheck(), phrases=phrases)
    verdict = classifier.classify("je veux mourir ce soir", None)
    assert (verdict.status, verdict.language, verdict.sensitive) == ("crisis", "fr", True)
    assert verdict.reason == "crisis phrase (fr)"
    # Without the phrases the same message is only out of scope (with the resources).
    assert SafetyClassifier(None, language=LanguageCheck()).classify("je veux mourir ce soir", None).status != "crisis"


def _write(tmp_path: Path, entry: dict) -> Path:
    path = tmp_path / "phrases.yaml"
    path.write_text(yaml.safe_dump({"xx": entry}), encoding="utf-8")
    return path


REPLIES = {"crisis": "a", "other_language": "b"}


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"script": "latin", "replies": REPLIES, "phrases": ["(unclosed"]}, "xx: bad phrase"),
        ({"script": "latin", "replies": {"crisis": "a"}, "phrases": ["x"]}, "xx: replies must give"),
        ({"script": "greek", "replies": REPLIES, "phrases": ["x"]}, "xx: script must be one of"),
    ],
)
def test_a_broken_entry_fails_loudly_and_names_the_language(tmp_path: Path, entry: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        CrisisPhrases.load(_write(tmp_path, entry))


def test_a_language_without_phrases_has_replies_and_matches_nothing(tmp_path: Path) -> None:
    loaded = CrisisPhrases.load(_write(tmp_path, {"replies": REPLIES}))
    assert loaded.match("anything at all") is None
    assert loaded.reply("xx", "other_language") == "b"


def test_saying_one_is_fine_now_makes_the_classifier_alone_surer(
    phrases: CrisisPhrases, monkeypatch: pytest.MonkeyPatch
) -> None:
    classifier = SafetyClassifier(None, language=LanguageCheck(), phrases=phrases)
    middling = {"crisis": 0.85, "medical_advice": 0.0, "informational": 0.15, "out_of_scope": 0.0}
    monkeypatch.setattr(classifier, "probabilities", lambda vector, text=None: dict(middling))
    monkeypatch.setattr(classifier, "nearest_crisis", lambda vector: 1.0)
    fine = "mon père est décédé il y a deux ans, maintenant ça va mieux, est-ce que la kétamine aide le deuil ?"
    assert phrases.says_recovered(fine) and classifier.classify(fine, None).status == "out_of_scope"
    unsure = "mon père est décédé il y a deux ans et je ne sais plus quoi faire de mes journées, aidez-moi"
    assert not phrases.says_recovered(unsure) and classifier.classify(unsure, None).status == "crisis"


@pytest.mark.parametrize(
    ("pattern", "needs"),
    [
        ("我不在了", True),
        ("^(?=.*不在了).*送人", True),
        ("[가-힣]+", True),
        ("(?:a|b)?я", True),
        ("(?:我|x)", False),
        ("(?!我)x", False),
        ("我?", False),
        ("[^我]", False),
        (r"\w+ умереть|hochu umeret", False),
        ("(", False),
    ],
)
def test_a_phrase_needs_a_character_outside_ascii_only_when_every_match_has_one(pattern: str, needs: bool) -> None:
    assert needs_non_ascii(pattern) is needs


def test_skipping_script_phrases_on_ascii_text_changes_no_match(phrases: CrisisPhrases) -> None:
    # Every phrase of every language, read without the skip, on every test message and its
    # romanised or ASCII-folded forms: the split patterns give the same answer.
    texts = [text for cases in CASES.values() for kind in ("crisis", "not_crisis") for text in cases[kind]]
    texts += [fold_latin(text) for text in texts]
    for language in phrases.languages:
        whole = [p for p in (language.pattern, language.script_pattern) if p is not None]
        for text in texts:
            folded = fold_latin(text) if language.script == "latin" else fold_other(text)
            assert language.says_crisis(folded) == any(p.search(folded) for p in whole), (language.code, text)
