"""Crisis phrases in the other languages US visitors write in (service/crisis_phrases.yaml).

The safety layer's patterns and classifier read English (and Spanish, whose phrases live with the
English patterns in service/safety.py). A message in another language used to be routed out of
scope with the crisis resources, even "je veux mourir". These phrases route the common ways of
saying a crisis in ten more languages to `crisis`. Each language (Spanish too) also has the crisis
answer and the other-language answer in that language, shown after the English (`replies`).

Each language's phrases are regular expressions matched anywhere in the message after one of
two normalisations:

- ``latin``: lower-cased, accents folded to ASCII ("não" -> "nao", Vietnamese tone marks
  dropped), apostrophes deleted ("j'ai" -> "jai"), everything but letters, digits and "/"
  turned into spaces;
- ``other`` (Chinese, Korean, Russian, Arabic): lower-cased and NFKC-normalised, everything but
  letters and digits turned into spaces, no folding (the script is kept).

Every language is checked on every message: the language check (py3langid) is unsure on
short messages, and these phrases do not occur in English. A language's `recovered` patterns
("now I'm fine", "bay gio on roi") mark a crisis told as history: a message with one is not
routed by that language's phrases (it is still out of scope with the crisis resources), and the
classifier alone must be surer to call it a crisis (`SafetyClassifier._crisis_floor`).

Checking every language cost about 1.4 ms a message. The phrases that cannot match without a
character outside ASCII (those in Chinese, Korean, Russian or Arabic script: `needs_non_ascii`,
read off the parsed pattern) are compiled apart and skipped on a message that has none, as most
messages are; romanised Russian and Arabic phrases are still read on every message.
"""

from __future__ import annotations

import re
import re._parser as sre_parse  # the standard library's own regular-expression parser
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

PHRASES_PATH = Path(__file__).with_name("crisis_phrases.yaml")
SCRIPTS = ("latin", "other")
REPLIES = ("crisis", "other_language")


def fold_latin(text: str) -> str:
    """Lower-case, fold accents to ASCII, drop apostrophes, keep letters, digits and "/"."""
    text = text.lower().replace("’", "'").replace("‘", "'")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = text.replace("'", "")
    text = re.sub(r"[^a-z0-9/\s]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def fold_other(text: str) -> str:
    """Lower-case and NFKC-normalise, keep letters and digits of any script."""
    text = unicodedata.normalize("NFKC", text.lower())
    text = "".join(ch if unicodedata.category(ch)[0] in "LN" else " " for ch in text)
    return re.sub(r"\s+", " ", text).strip()


def _folded(text: str) -> dict[str, str]:
    """The text in each script's normalisation (`SCRIPTS`), as the phrases are matched."""
    return {"latin": fold_latin(text), "other": fold_other(text)}


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    script: str
    # The crisis and other-language answers in this language ("crisis", "other_language").
    replies: dict[str, str]
    # The phrases that can match a text in ASCII; None for none (Spanish has none here: its
    # phrases live in service/safety.py).
    pattern: re.Pattern[str] | None
    # "Now I'm fine": the message tells a crisis as history.
    recovered: re.Pattern[str] | None = None
    # The phrases every match of which holds a character outside ASCII (`needs_non_ascii`).
    script_pattern: re.Pattern[str] | None = None

    def says_crisis(self, text_in_script: str) -> bool:
        """Whether a phrase matches the text (in this language's normalisation)."""
        if self.pattern is not None and self.pattern.search(text_in_script):
            return True
        return (
            self.script_pattern is not None
            and not text_in_script.isascii()
            and bool(self.script_pattern.search(text_in_script))
        )


def needs_non_ascii(pattern: str) -> bool:
    """Whether every match of `pattern` must contain a character outside ASCII, so that a text
    with none cannot match. Read off the parsed pattern, and only claimed when it is sure: a
    literal, or a class of nothing but such characters, counts; so does a sequence with one such
    item, a repeat of at least once, a group, a lookahead or lookbehind that must hold, and an
    alternation all of whose branches count. Anything else (a negated class, a category such as
    \\w, a negative lookahead, an optional item) does not. A bad pattern gives False and is named
    when it is compiled."""
    try:
        return _sequence_needs(sre_parse.parse(pattern))
    except re.error:
        return False


def _sequence_needs(items: Any) -> bool:
    return any(_item_needs(str(op), arg) for op, arg in items)


def _item_needs(op: str, arg: Any) -> bool:
    if op == "LITERAL":
        return int(arg) > 127
    if op == "IN":
        return all(
            (str(kind) == "LITERAL" and value > 127) or (str(kind) == "RANGE" and value[0] > 127)
            for kind, value in arg
        )
    if op == "BRANCH":
        return all(_sequence_needs(branch) for branch in arg[1])
    if op == "SUBPATTERN":
        return _sequence_needs(arg[-1])
    if op in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        low, _, body = arg
        return bool(int(low) >= 1 and _sequence_needs(body))
    if op == "ASSERT":  # a lookahead or lookbehind that must hold matches text too
        return _sequence_needs(arg[1])
    if op == "ATOMIC_GROUP":
        return _sequence_needs(arg)
    return False


def _compile(path: Path, code: str, phrases: list[str] | None) -> re.Pattern[str] | None:
    """One pattern for a list of phrases (None for none); a bad phrase fails loudly. The phrases
    are compiled one by one only to name the bad one (compiling each costs 100 ms at start-up)."""
    if not phrases:
        return None
    try:
        return re.compile("|".join(f"(?:{p})" for p in phrases))
    except re.error:
        for phrase in phrases:
            try:
                re.compile(phrase)
            except re.error as err:
                raise ValueError(f"{path}: {code}: bad phrase {phrase!r}: {err}") from err
        raise


class CrisisPhrases:
    """The languages of service/crisis_phrases.yaml, each with one compiled pattern."""

    def __init__(self, languages: list[Language]) -> None:
        self.languages = languages
        self._by_code = {language.code: language for language in languages}

    @classmethod
    def load(cls, path: Path = PHRASES_PATH) -> CrisisPhrases:
        """Read and compile the file; a bad entry fails loudly, naming the language and phrase."""
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        languages = []
        for code, entry in data.items():
            script = entry.get("script", "latin")
            if script not in SCRIPTS:
                raise ValueError(f"{path}: {code}: script must be one of {SCRIPTS}, not {script!r}")
            replies = {kind: str(text).strip() for kind, text in (entry.get("replies") or {}).items()}
            if set(replies) != set(REPLIES) or not all(replies.values()):
                raise ValueError(f"{path}: {code}: replies must give {', '.join(REPLIES)}")
            phrases = [str(phrase) for phrase in entry.get("phrases") or []]
            needs = [needs_non_ascii(phrase) for phrase in phrases]
            in_script = [phrase for phrase, need in zip(phrases, needs, strict=True) if need]
            pattern = _compile(path, code, [phrase for phrase, need in zip(phrases, needs, strict=True) if not need])
            recovered = _compile(path, code, entry.get("recovered"))
            languages.append(
                Language(
                    str(code), str(entry.get("name", code)), script, replies, pattern, recovered,
                    _compile(path, code, in_script),
                )
            )
        return cls(languages)

    def match(self, text: str) -> str | None:
        """The code of the first language with a crisis phrase in `text`, or None."""
        folded = _folded(text)
        for language in self.languages:
            text_in_script = folded[language.script]
            if not language.says_crisis(text_in_script):
                continue
            if language.recovered is None or not language.recovered.search(text_in_script):
                return language.code
        return None

    def says_recovered(self, text: str) -> bool:
        """Whether `text` says, in any language here, that the writer is fine now."""
        folded = _folded(text)
        return any(lang.recovered is not None and lang.recovered.search(folded[lang.script]) for lang in self.languages)

    def reply(self, code: str | None, kind: str) -> str | None:
        """The `kind` answer ("crisis" or "other_language") in language `code`, or None."""
        language = self._by_code.get(code or "")
        return language.replies.get(kind) if language else None
