"""BM25 over the chunks (bm25s), with English stop words and Snowball stemming."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import bm25s
import numpy as np
import Stemmer
import yaml
from bm25s.stopwords import STOPWORDS_EN
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

# bm25s logs every build at DEBUG; our own summary says what matters.
logging.getLogger("bm25s").setLevel(logging.WARNING)

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_STOP = frozenset(STOPWORDS_EN)
# "dis-", "un-", "non-", "in-", "im-", "ir-", "mis-": the negated or opposite form of a word.
_NEGATING_PREFIX = re.compile(r"^(?:dis|un|non-?|in|im|ir|mis)")


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


def terms(text: str) -> list[str]:
    """Lower-cased, stop-worded, stemmed terms: the vocabulary BM25 and overlap scores share."""
    words = [w.split("'")[0] for w in _TOKEN.findall(text.lower())]
    return list(_stemmer().stemWords([w for w in words if w and w not in _STOP]))


_WORD = re.compile(_TOKEN.pattern, re.IGNORECASE)
# The words of a message as written ("CRPS" stays in capitals).
WORDS = _WORD


def without_terms(text: str, drop: set[str]) -> str:
    """`text` without the words whose term is in `drop` ("does it mess up your memory" without
    {"mess"} -> "does it up your memory"); the other words and the punctuation stay."""
    kept = _WORD.sub(lambda m: "" if (found := terms(m.group(0))) and found[0] in drop else m.group(0), text)
    return " ".join(kept.split())


class BM25Index:
    """A bm25s index over chunk texts; `scores` returns one score per chunk."""

    def __init__(self, retriever: bm25s.BM25) -> None:
        self.retriever = retriever
        self.vocab: dict[str, int] = dict(retriever.vocab_dict)

    @classmethod
    def build(cls, texts: list[str]) -> BM25Index:
        retriever = bm25s.BM25()
        retriever.index([terms(t) or [""] for t in texts], show_progress=False)
        return cls(retriever)

    def save(self, folder: Path) -> None:
        self.retriever.save(str(folder), show_progress=False)

    @classmethod
    def load(cls, folder: Path) -> BM25Index:
        return cls(bm25s.BM25.load(str(folder), show_progress=False))

    def scores(self, query: str, size: int) -> np.ndarray:
        return self.scores_terms(terms(query), size)

    def scores_terms(self, query_terms: list[str], size: int) -> np.ndarray:
        tokens = [t for t in query_terms if t in self.vocab and t != ""]
        if not tokens:
            return np.zeros(size, dtype=np.float32)
        return np.asarray(self.retriever.get_scores(tokens), dtype=np.float32)

    @property
    def idf_map(self) -> dict[str, float]:
        """Inverse document frequency of each stemmed term, computed once."""
        cached: dict[str, float] | None = getattr(self, "_idf_cache", None)
        if cached is None:
            # Column lengths of the CSC score matrix are document frequencies.
            indptr = np.asarray(self.retriever.scores["indptr"])
            df = np.diff(indptr)
            n = int(self.retriever.scores.get("num_docs") or max(len(df), 1))
            inv = {i: t for t, i in self.vocab.items()}
            cached = {
                inv[i]: float(np.log(1 + (n - d + 0.5) / (d + 0.5)))
                for i, d in enumerate(df)
                if i in inv
            }
            self._idf_cache = cached
        return cached


# Chat filler that carries no topic: never evidence that a question is off the articles.
CHAT_FILLER = frozenset(
    terms(
        "actually ok okay u ur got get big really myself yourself stuff thing things ppl doesnt "
        "dont cant wont isnt im ive you youre thats whats hows lol pls please thanks thank hey hi so "
        "just like kinda gonna wanna also even still much many very lot lots way good bad new old real "
        "sure guess mean said saw ever done hang round anyway anyways btw um hmm oh ugh "
        "something anything everything nothing someone anyone everyone somebody anybody everybody "
        "aren arent wasn wasnt weren werent didn didnt hasn hasnt haven havent couldn couldnt "
        "wouldn wouldnt shouldn shouldnt doesn don isn won "
        # Pronouns: the articles never say "he" or "his", which says nothing about the topic.
        "i me my mine we us our ours ourselves he him his himself she her hers herself "
        "they them their theirs themselves it its "
        # Who is asked about, not what: "can my husband drive after his infusion".
        "husband wife spouse partner boyfriend girlfriend fiance fiancee mom mum mother dad father "
        "son daughter brother sister sibling cousin aunt uncle grandma grandmother grandpa "
        "grandfather friend buddy roommate coworker neighbor neighbour boss "
        # Talk about the asking itself: "idk if this is a dumb q but", "random one", "people keep
        # mentioning", "am i supposed to".
        "idk dunno sorry tbh ngl imo asap haha hahaha lmao omg hmm wait plus dumb silly stupid weird random "
        "q question wondering wonder curious mention mentioning suppose supposed "
        # Greetings and sign-offs: "Good afternoon.", "Hello, my doctor suggest ECT".
        "hello hiya greetings morning afternoon evening cheers regards kindly dear "
        # When, not what: "first infusion friday, what should i wear".
        "monday tuesday wednesday thursday friday saturday sunday tonight "
        "january february april june july august september october november december"
    )
)

LAY_TERMS_PATH = Path(__file__).with_name("lay_terms.yaml")


def _word_stems(text: str) -> list[str]:
    """Every word of `text`, stemmed, stop words kept: what lay phrases are matched against."""
    return list(_stemmer().stemWords([w.split("'")[0] for w in _TOKEN.findall(text.lower())]))


@dataclass(frozen=True)
class LayEntry:
    """A lay word or phrase (`lay`, stemmed words) and the corpus terms of its formal form."""

    lay: tuple[str, ...]
    formal: tuple[str, ...]
    # The lay side's own BM25 terms (stop words dropped): "kick in" -> ("kick",).
    lay_terms: tuple[str, ...]


class Thesaurus:
    """Lay and chat words or short phrases mapped to the articles' formal words
    (service/lay_terms.yaml): "appt" -> "appointment", "kick in" -> "onset"."""

    def __init__(self, pairs: dict[str, str]) -> None:
        self.entries: list[LayEntry] = []
        for lay, formal in pairs.items():
            lay_stems, formal_terms = tuple(_word_stems(lay)), tuple(terms(formal))
            if not lay_stems or not formal_terms:
                raise ValueError(f"lay term {lay!r} -> {formal!r}: both sides need a word")
            self.entries.append(LayEntry(lay_stems, formal_terms, tuple(terms(lay))))

    @classmethod
    @lru_cache(maxsize=4)
    def load(cls, path: Path = LAY_TERMS_PATH) -> Thesaurus:
        return cls(cls._pairs(path))

    @classmethod
    @lru_cache(maxsize=1)
    def default(cls) -> Thesaurus:
        """The lay terms, plus each large city as a lay name for its US state or country
        (service/named_topics.py): "i live in denver" also searches "colorado", and "denver" is
        not a word the articles never use when they name Colorado. A city the corpus names
        itself, or whose region it never names, is left alone (`Vocabulary`)."""
        from service.named_topics import regions

        pairs = cls._pairs(LAY_TERMS_PATH)
        for city, region in regions().items():
            pairs.setdefault(city, region)
        return cls(pairs)

    @staticmethod
    def _pairs(path: Path) -> dict[str, str]:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        pairs: dict[str, str] = {}
        for entry in data.get("entries") or []:
            lay, formal = str(entry["lay"]).strip().lower(), str(entry["formal"]).strip()
            if lay in pairs and pairs[lay] != formal:
                raise ValueError(f"{path}: {lay!r} is listed twice, as {pairs[lay]!r} and {formal!r}")
            pairs[lay] = formal
        return pairs


_LETTERS = re.compile(r"[a-z]+")
_PHRASE_BREAK = re.compile(r"[^\w\s'’-]|\n")
_VOWELS = frozenset("aeiouy")


class Initialisms:
    """Abbreviations the articles spell out but never use: "CRPS" for "complex regional pain
    syndrome".

    A word counts as an abbreviation only when it looks like one: 3 to 6 letters, and written
    in capitals or without a vowel ("crps", "mdd"), so everyday words ("app", "vet") are never
    read as one. Its expansion is a run of that many consecutive corpus words (hyphenated words
    split; not across punctuation) whose first letters spell it, none of them a function word,
    and which is the name of a condition (`names`, from ICD-10-CM: "complex regional pain
    syndrome"). A chance run of words ("often covered during" for "OCD", "neurological disorder
    characterized" for "NDC") is not, and in a large corpus even a chance run recurs, so how
    often a run is used says nothing. The most frequent name wins. The corpus's words are read
    once, on the first lookup (`texts` is called then). Chat abbreviations that are not
    conditions ("TRD", "CBT") are lay terms (service/lay_terms.yaml).
    """

    def __init__(self, texts: Callable[[], Iterable[str]], names: Container[str] = frozenset()) -> None:
        self._texts = texts
        self._names = names
        self._words: list[str] | None = None
        self._initials = ""
        self._found: dict[str, str | None] = {}

    @staticmethod
    def looks_like_one(word: str) -> bool:
        """`word` (as written) could be an abbreviation: "CRPS", "trd"; not "app" or "Vet"."""
        lower = word.lower()
        return (
            3 <= len(word) <= 6
            and word.isalpha()
            and (word.isupper() or not _VOWELS & set(lower))
            and lower not in ENGLISH_STOP_WORDS  # shouted: "is it NOT safe"
            and lower not in CHAT_FILLER
        )

    def expand(self, word: str) -> str | None:
        """The condition's name an abbreviation stands for in the corpus ("crps" -> "complex
        regional pain syndrome"), or None."""
        key = word.lower()
        if key not in self._found:
            self._found[key] = self._expand(key)
        return self._found[key]

    def _expand(self, key: str) -> str | None:
        if self._words is None:
            # Runs stay inside a phrase: a " " word between pieces of text (punctuation, line
            # breaks) has an initial no abbreviation contains ("changes, psychotherapy, TMS").
            self._words = [
                w for text in self._texts() for piece in _PHRASE_BREAK.split(text.lower()) for w in (*_LETTERS.findall(piece), " ")
            ]
            self._initials = "".join(w[0] for w in self._words)
        counts: dict[str, int] = {}
        start = self._initials.find(key)
        while start >= 0:
            run = self._words[start : start + len(key)]
            if all(len(w) > 1 and w not in ENGLISH_STOP_WORDS for w in run):
                phrase = " ".join(run)
                counts[phrase] = counts.get(phrase, 0) + 1
            start = self._initials.find(key, start + 1)
        named = [p for p in counts if p in self._names]
        return min(named, key=lambda p: (-counts[p], p)) if named else None


class Vocabulary:
    """The corpus's terms, with a typo-tolerant lookup (edit distance 1 for words of 5+ letters)
    and the lay words and phrases (`Thesaurus`) whose formal form the corpus uses.

    A deletion index (as in SymSpell) finds near spellings without scanning the vocabulary.
    """

    def __init__(
        self, vocab: set[str], thesaurus: Thesaurus | None = None, initialisms: Initialisms | None = None
    ) -> None:
        self.vocab = {t for t in vocab if t}
        self.initialisms = initialisms
        self._deletes: dict[str, set[str]] = {}
        for term in self.vocab:
            if len(term) >= 4:
                for i in range(len(term)):
                    self._deletes.setdefault(term[:i] + term[i + 1 :], set()).add(term)
        # Lay entries that bridge a gap: the corpus uses every formal term but not the lay word
        # itself. Indexed by first stemmed word, longest phrase first.
        thesaurus = thesaurus if thesaurus is not None else Thesaurus.default()
        self._lay: dict[str, list[LayEntry]] = {}
        for entry in thesaurus.entries:
            if all(t in self.vocab for t in entry.formal) and any(t not in self.vocab for t in entry.lay_terms):
                self._lay.setdefault(entry.lay[0], []).append(entry)
        for entries in self._lay.values():
            entries.sort(key=lambda e: -len(e.lay))
        self._lay_words = frozenset(e.lay_terms[0] for es in self._lay.values() for e in es if len(e.lay) == 1)

    def knows(self, term: str) -> bool:
        """The corpus uses the term, its formal word (a one-word lay entry), or (for 5+
        letters) a spelling one edit away."""
        return term in self.vocab or term in self._lay_words or bool(self.near(term))

    def is_lay_word(self, term: str) -> bool:
        """`term` is a one-word lay entry whose formal word the corpus uses ("drip")."""
        return term in self._lay_words

    def lay_matches(self, text: str) -> list[tuple[int, int, LayEntry]]:
        """The lay words and phrases in `text` (word positions start..end, end exclusive), longest
        first and not overlapping."""
        stems = _word_stems(text)
        found: list[tuple[int, int, LayEntry]] = []
        i = 0
        while i < len(stems):
            for entry in self._lay.get(stems[i], ()):
                n = len(entry.lay)
                if tuple(stems[i : i + n]) == entry.lay:
                    found.append((i, i + n, entry))
                    i += n
                    break
            else:
                i += 1
        return found

    def formal_terms(self, text: str) -> list[str]:
        """The corpus terms that the lay words and phrases in `text` stand for ("my appt" ->
        ["appoint"]), then those of its abbreviations ("CRPS" -> ["complex", "region", "pain",
        "syndrom"]), for BM25 to search as well."""
        found = [t for _, _, entry in self.lay_matches(text) for t in entry.formal]
        for word in _WORD.findall(text):
            found += self.spelled_out(word)
        return found

    def coverage_terms(self, text: str) -> list[str]:
        """The terms of `text` with each lay word or phrase replaced by its formal terms ("six
        drips" -> ["six", "infus"]): what term coverage counts, so a passage that says
        "infusions" covers a question that says "drips"."""
        entries = [entry for _, _, entry in self.lay_matches(text)]
        lay = {t for entry in entries for t in entry.lay_terms}
        return [t for t in terms(text) if t not in lay] + [t for entry in entries for t in entry.formal]

    def spelled_out(self, word: str) -> list[str]:
        """The terms of the phrase an abbreviation the corpus never uses stands for (`Initialisms`),
        as written in the message ("CRPS"); empty for any other word."""
        if self.initialisms is None or not Initialisms.looks_like_one(word):
            return []
        stems = terms(word)
        if not stems or self.knows(stems[0]):
            return []
        phrase = self.initialisms.expand(word)
        return terms(phrase) if phrase else []

    def near(self, term: str) -> set[str]:
        """Known terms one edit away from an unknown `term` of 5+ letters (empty otherwise):
        same length (substitution), one longer (deletion) or one shorter (insertion)."""
        if term in self.vocab or len(term) < 5:
            return set()
        found = set(self._deletes.get(term, ()))
        for i in range(len(term)):
            shorter = term[:i] + term[i + 1 :]
            if shorter in self.vocab:
                found.add(shorter)
            found |= self._deletes.get(shorter, set())
        return found

    def unknown(self, text: str) -> list[str]:
        """Topic terms of `text` that the corpus never uses: typos, chat filler, lay words and
        phrases for formal ones, and negated forms of known words ("disadvantages" where the
        corpus says "advantages") excluded."""
        lay = {i for start, end, _ in self.lay_matches(text) for i in range(start, end)}
        found = []
        for i, written in enumerate(_WORD.findall(text)):
            word = written.lower()
            stems = terms(word)
            if not stems or i in lay or self.spelled_out(written):
                continue
            term = stems[0]
            if term.isdigit() or term in CHAT_FILLER or self.knows(term):
                continue
            root = word.split("'")[0]
            base = _NEGATING_PREFIX.sub("", root)
            base_terms = terms(base) if base != root and len(base) >= 4 else []
            if base_terms and all(self.knows(t) for t in base_terms):
                continue
            found.append(term)
        return found
