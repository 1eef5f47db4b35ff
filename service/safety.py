"""Safety routing, checked before retrieval on every question.

Two signals are combined, so no single wording decides:

1. Normalised patterns: the text is lower-cased, apostrophes dropped and common
   misspellings folded, then matched against patterns for crisis, personal medical
   advice and informational framing.
2. A logistic-regression classifier trained at start-up on labelled exemplars
   (service/safety_examples*.yaml) and the safety dev split (service/safety_training.yaml),
   applied to the question vector that retrieval computes anyway together with the message's
   word and word-pair TF-IDF features (`WordsAndVector`), so the check costs about a millisecond.

The rules (`SafetyClassifier.classify`) and thresholds are chosen on the dev split of
evals/suites/safety.*.yaml; the test split is only ever reported.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from service.crisis_phrases import CrisisPhrases, fold_latin
from service.embedders import Embedder
from service.parsing import split_sentences

# Training exemplars (not evaluation data): the first set, a second written later, blind to
# the eval sets, to widen the phrasings covered, and a third with first-person benign context
# (feelings, history, idioms) so distress without danger is not read as a crisis, and a fourth
# with hard, indirect crises (long messages, loose ends tied up) and their benign look-alikes.
EXAMPLES_PATHS = (
    Path(__file__).with_name("safety_examples.yaml"),
    Path(__file__).with_name("safety_examples_more.yaml"),
    Path(__file__).with_name("safety_examples_3.yaml"),
    Path(__file__).with_name("safety_examples_4.yaml"),
    Path(__file__).with_name("safety_examples_5.yaml"),
)
LABELS = ("crisis", "medical_advice", "informational", "out_of_scope")
# Scope exemplars (`SafetyClassifier.off_site`): other health topics against site questions.
SCOPE_EXAMPLES_PATH = Path(__file__).with_name("scope_examples.yaml")
SCOPE_LABELS = ("off_site", "on_site")
# The safety eval's dev-split messages, exported as training data for the message classifier
# (`python -m service.evals.safety_training`; near copies of held-out messages left out). The
# test and holdout splits are never trained on.
TRAINING_PATH = Path(__file__).with_name("safety_training.yaml")
# Each such message counts twice as much as an exemplar: they are real-style chat messages, and
# 5-fold cross-validation on the dev split chose 2 (crisis recall of the classifier alone 0.779
# without them, 0.848 at weight 1, 0.872 at 2, 0.881 at 4 with one more near-miss flagged;
# evals/README.md, "Training on the dev split").
TRAINING_WEIGHT = 2.0
# The message classifier reads the message's words too: TF-IDF of its (normalised) words and word
# pairs, scaled by this weight, beside the sentence vector. The vector alone blurs "i want to die"
# and "what happens when you die"; the words keep them apart. 5-fold cross-validation on the dev
# split (evals/README.md, "Words beside the vector") chose it: with the weight at 2 the classifier
# alone read 787 of 808 held-out crises as crises against 723 without the words, and 17 of 623
# near-misses against 42.
LEXICAL_WEIGHT = 2.0

# Misspellings and chat spellings seen in real messages, folded before matching.
_FOLDS = {
    r"\bu\b": "you",
    r"\bur\b": "your",
    r"\bim\b": "i am",
    r"\bive\b": "i have",
    r"\bid\b": "i would",
    r"\bill\b": "i will",
    r"\bcant\b": "cannot",
    r"\bcan not\b": "cannot",
    r"\bdont\b": "do not",
    r"\bdoesnt\b": "does not",
    r"\bdidnt\b": "did not",
    r"\bwont\b": "will not",
    r"\bisnt\b": "is not",
    r"\bwasnt\b": "was not",
    r"\bwouldnt\b": "would not",
    r"\bcouldnt\b": "could not",
    r"\bshouldnt\b": "should not",
    r"\barent\b": "are not",
    r"\bhes\b": "he is",
    r"\byoure\b": "you are",
    r"\bshes\b": "she is",
    r"\btheyre\b": "they are",
    r"\bwanna\b": "want to",
    r"\bgonna\b": "going to",
    r"\bgotta\b": "got to",
    r"\bkms\b": "kill myself",
    r"\bkys\b": "kill yourself",
    r"\bunalive\b": "kill",
    r"\bunaliving\b": "killing",
    r"\bmyslef\b|\bmyslf\b|\bmy self\b|\bmyelf\b": "myself",
    r"\bsuicde\b|\bsucide\b|\bsuiside\b|\bsuicid\b|\bsuicied\b": "suicide",
    r"\bsuicidle\b|\bsucidal\b|\bsuicdal\b": "suicidal",
    r"\bkil\b|\bkll\b": "kill",
    r"\bbreathin\b|\bbreating\b|\bbreahting\b": "breathing",
    r"\bover dose\b|\boverdoes\b|\boverdosed\b|\bod\b|\bod'd\b|\bodd\b": "overdose",
    r"\bpils\b": "pills",
    r"\bdoseage\b|\bdosege\b|\bdosag\b": "dosage",
    r"\bketamin\b|\bketamene\b|\bketemine\b|\bketmine\b|\bketamine's\b": "ketamine",
    r"\bmeds\b": "medication",
    r"\bmedicine\b|\bmedications\b|\bmedicaton\b": "medication",
    r"\bthinkin\b": "thinking",
    r"\banymore\b": "any more",
}
_FOLD_PATTERNS = [(re.compile(p), r) for p, r in _FOLDS.items()]


def normalise(text: str) -> str:
    """Lower-case, fold accents ("remédios" -> "remedios"), drop apostrophes (`fold_latin`), then
    fold misspellings and collapse white space."""
    text = fold_latin(text)
    for pattern, repl in _FOLD_PATTERNS:
        text = pattern.sub(repl, text)
    return re.sub(r"\s+", " ", text).strip()


Rule = tuple[str, re.Pattern[str]]


def _rules(**patterns: str) -> list[Rule]:
    return [(name, re.compile(p)) for name, p in patterns.items()]


def first_match(rules: list[Rule], text: str) -> str | None:
    """The name of the first rule that matches, or None."""
    return next((name for name, rule in rules if rule.search(text)), None)


# A negation right before a crisis phrase: "not thinking of hurting myself", "never tried to".
_NEGATED = re.compile(
    r"\b(?:not|never|no longer)(?: (?:thinking|planning|going|trying|wanting|tempted))?(?: (?:of|about|to))?\s*$"
)


# A past attempt or overdose told as history ("two years ago i attempted suicide", "last year my
# roommate took too many pills"): a marker of the distant past near the match, and nothing in the
# message about now. Only the rules that describe an event can be history.
_HISTORY_RULES = frozenset(
    {
        "suicidal_self", "suicide_attempt", "overdose_now", "overdose_more", "overdose_person", "self_harm_habit",
        "self_harm_verb", "emergency_signs", "want_to_die",
    }
)
# "In 2021": a year before this one is history (built at import from today's date).
_PAST_YEARS = "|".join(str(y) for y in range(2000, datetime.date.today().year))
_DISTANT_PAST = re.compile(
    r"\b(?:(?:(?:\d+|two|three|four|five|six|seven|eight|nine|ten|many|several|a few|some) )?years (?:ago|back)|(?:a )?long (?:time )?ago|last year|(?<!since )last (?:winter|summer|spring|fall|autumn)|(?:two|three|four|five|a few|several|\d+) (?:winters|summers) (?:ago|back)|in (?:19\d\d|" + _PAST_YEARS + r")|(?:back )?in the (?:19)?[1-9]0s|"
    r"in my (?:teens|twenties|thirties|forties|20s|30s|40s)|in (?:high school|middle school|college)|before (?:treatment|ketamine|spravato|esketamine|starting (?:ketamine|treatment|spravato|infusions)|my (?:first )?(?:infusions?|sessions?|treatments?))|as a (?:teen|teenager|kid)|when i was (?:a teen|a teenager|younger|a kid|in (?:high school|college)|\d+))\b"
)
_NOW = re.compile(r"\b(?:again|right now|tonight|today|these days|lately|this week|still (?:do|want|feel|wish|think))\b")


# Chest symptoms that came and went ("yesterday evening i had chest tightness ... do i still go
# to my session?") are a question for the clinician, not an emergency now, unless the message
# says they are still there.
_RECENT_PAST = re.compile(
    r"\b(?:yesterday|last night|last week|the other day|earlier this week|(?:a few|\d+|two|three) days ago|"
    r"(?:at|after|during) my last (?:session|infusion|treatment|dose))\b"
)
_STILL_NOW = re.compile(r"\b(?:now|still (?:hurts?|racing|pounding|tight|feel|feels|have|has|there|going on))\b")
# "Today I feel completely normal": said of the symptoms that came and went, this "today" is not
# a symptom now.
_FINE_AGAIN = re.compile(
    r"\b(?:today|now|since then) (?:i )?(?:feel|am|im) (?:\w+ )?(?:normal|fine|okay|ok|better|good|great)\b"
)


# "Hace cinco años intenté suicidarme, ahora estoy bien": a Spanish attempt told as history (a past
# tense right before the phrase, and a time long ago; "hace años que quiero morir" is not history).
_SPANISH_PAST_TENSE = re.compile(r"\b(?:intente|intento|trate de|quise|queria|pense en) $")
_SPANISH_DISTANT_PAST = re.compile(
    r"\bhace (?:\w+ )?(?:anos|meses)\b(?! que)|\bel ano pasado\b|\ben (?:19\d\d|" + _PAST_YEARS + r")\b|"
    r"\bde (?:joven|adolescente)\b|\bcuando (?:era|tenia)\b"
)
_SPANISH_NOW = re.compile(r"\b(?:otra vez|de nuevo|esta noche|hoy(?! en dia)|ahora mismo|todavia|aun)\b")


def _told_as_history(name: str, text: str, match: re.Match[str]) -> bool:
    near = text[max(0, match.start() - 60) : match.end() + 60]
    if name == "spanish":
        return (
            bool(_SPANISH_PAST_TENSE.search(text[: match.start()]))
            and bool(_SPANISH_DISTANT_PAST.search(near))
            and not _SPANISH_NOW.search(text)
        )
    if name == "cardiac_now":
        rest = _FINE_AGAIN.sub(" ", text)
        told_when = text[max(0, match.start() - 100) : match.end() + 60]
        return not _NOW.search(rest) and not _STILL_NOW.search(rest) and bool(_RECENT_PAST.search(told_when))
    if name not in _HISTORY_RULES or _NOW.search(text):
        return False
    return bool(_DISTANT_PAST.search(near))


# "My wallet is going to die", "planning to overdose on netflix": the words of a death wish said of a
# thing, or of a binge, are a figure of speech.
_THING_IS = re.compile(r"\b(?:my|our|the|this|that|your) (?:\w+ )?(\w+) (?:is|are) (?:\w+ )?$")
_BINGE = re.compile(
    r"^ on (?:netflix|tv|television|chocolate|candy|sugar|coffee|caffeine|cake|pizza|carbs|snacks|junk food|"
    r"shows?|movies?|series|anime|books?|video games?|games?|naps?|reality tv|true crime|podcasts?|cuteness)\b"
)
_KILL_ME = re.compile(r"(?:going to|gonna) (?:kill|murder) (?:me|her|him|them|us)$")
# "My husband's gonna kill me when he sees what I spent": a threat said of a bill is a figure of speech.
_WHEN_HE_SEES_THE_BILL = re.compile(
    r"^ when (?:he|she|they|(?:my|our) \w+) (?:sees|finds out|hears|gets|checks|opens) (?:what i spent|how much (?:i spent|"
    r"this costs?|it costs?|it was)|the (?:bill|receipt|credit card|card statement|bank statement|charges?|price|invoice))\b"
)
# "He says he is literally going to die every time he does math homework": hyperbole.
_DIE_EVERY_TIME = re.compile(
    r"^ (?:every ?time|whenever|of (?:boredom|embarrassment|laughter|cringe|shame|hunger)|laughing|from (?:boredom|embarrassment|cringe))\b"
)
# "I want to end it with my psychiatrist": ending a relationship with a person or a provider.
_END_IT_WITH = re.compile(
    r"^ with (?:him|her|them|(?:my|our|the|this|that) (?:current |new |old |last )?(?:psychiatrist|therapist|"
    r"doctor|provider|prescriber|clinic|counsel?lor|boyfriend|girlfriend|partner|husband|wife|fiance|ex|"
    r"job|boss|landlord|insurer|insurance (?:company|plan)|gym|coach|dealer|friend|roommate))\b"
)


# "My daughter joked she'd kill me if I showed up again": a threat said as a joke.
_JOKED_THREAT = re.compile(
    r"\b(?:joked|jokes|joking|jokingly|kidding|teased|teasing)\b(?: \w+){0,4} (?:kill|murder|strangle|kills|murders)\b"
)


# "What are the signs that someone at a party has had too much": an overdose asked about in
# general, not one happening now.
_SIGNS_IN_GENERAL = re.compile(
    r"\b(?:(?:signs|symptoms) (?:that|of|if|when)|how (?:do|can|would|could) (?:you|i|we|people|someone|staff) "
    r"(?:tell|know|spot) (?:if|when|that)) (?:someone|somebody|a person|a friend|people|a patient)\b"
)


# "If a student tells me they have been thinking about suicide, what should I say": a disclosure
# someone asks how to answer, not one being made.
_IF_SOMEONE_TELLS_ME = re.compile(
    r"\bif (?:a|an|one of my|my|one of our|our) (?:student|patient|client|child|kid|teen|teenager|employee|coworker|"
    r"colleague|camper|athlete)s? (?:ever )?(?:tells me|tells us|told me|admits|discloses|mentions|says (?:that )?(?:they|he|she))\b"
)
# "What warning signs should parents watch for that a teenager might be thinking about suicide":
# signs asked about in general, of nobody in particular.
_WARNING_SIGNS_IN_GENERAL = re.compile(
    r"\b(?:warning )?(?:signs|red flags) (?:\w+ ){0,4}(?:that|of|if|whether) (?:a|an|your|their) (?:\w+ )?"
    r"(?:teen|teenager|child|kid|student|friend|person|loved one|patient|adolescent)s?\b"
)
# "I'm writing a novel where a character survives an attempt": fiction.
_IN_FICTION = re.compile(
    r"\b(?:writing|write|wrote|reading|read) (?:a|my) (?:novel|story|short story|screenplay|script|book|play|fanfic)\b"
    r"(?: \w+){0,8} (?:a|my|the|one) (?:main )?character\b"
)
# "A patient told me she's ready to die and feels at peace": acceptance at the end of life in hospice care.
_HOSPICE = re.compile(r"\b(?:hospice|palliative|end of life care)\b")
_A_PATIENT_IS = re.compile(r"\b(?:she|he|they|patients?|residents?) (?:is|are|was|were|feels?|felt) (?:\w+ )?$")
# The rules about a person's own thoughts of suicide or self-harm (not threats to others).
_ABOUT_ONESELF = frozenset(
    {"suicidal_self", "suicidal_now", "want_to_die", "self_harm_verb", "self_harm_habit", "thinking_of_ending"}
)
# The rules a character in a story can set off: the own-thought ones and an attempt.
_STORY_RULES = _ABOUT_ONESELF | {"suicide_attempt"}
# "My sister would kill me if she knew I was reading about psilocybin", "my boss will kill me if i am
# late": a relative's or a boss's anger at a small thing, an idiom (not said of a partner, where it
# can be a real threat).
_WOULD_KILL_ME_IF_SHE_KNEW = re.compile(
    r"\bmy (?:sister|brother|mom|mum|mother|grandma|grandmother|aunt|friends|boss|manager|roommate|parents) (?:would|will|"
    r"is going to|is gonna) (?:literally )?kill me if (?:(?:she|he|they) (?:knew|knows|found out|finds out|saw|sees|heard|"
    r"hears)|i (?:am|was) late|i (?:miss|missed|forget|forgot) (?:my|the|another|a|this|that|work|class)|i (?:am|was) not "
    r"(?:back|home|there|on time))\b"
)


def _figure_of_speech(name: str, text: str, match: re.Match[str]) -> bool:
    """"My wallet is going to die", "this exam is going to kill me", "overdose on netflix", "end it
    with my psychiatrist", "going to die every time", "gonna kill me when he sees the bill", "my sister
    would kill me if she knew", a disclosure asked about ("if a student tells me ..."), warning signs
    or an overdose asked about in general ("signs that someone has had too much"), a character in a
    novel, and "ready to die" said in hospice care."""
    said = match.group(0)
    before = text[max(0, match.start() - 100) : match.start()]
    if name in _ABOUT_ONESELF and (_IF_SOMEONE_TELLS_ME.search(before) or _WARNING_SIGNS_IN_GENERAL.search(before)):
        return True
    if name in _STORY_RULES and _IN_FICTION.search(before):
        return True
    if name == "want_to_die" and said.startswith("ready to die") and _HOSPICE.search(text) and _A_PATIENT_IS.search(before):
        return True
    # The idiom excuses only the match that ends inside it, not another lethal question in the message.
    if name in ("lethal_for_me", "harm_others") and any(
        idiom.start() < match.end() <= idiom.end() for idiom in _WOULD_KILL_ME_IF_SHE_KNEW.finditer(text)
    ):
        return True
    if name == "overdose_now" and _SIGNS_IN_GENERAL.search(before[-60:]):
        return True
    if name in ("want_to_die", "overdose_person") and said.endswith("overdose") and _BINGE.match(text[match.end() :]):
        return True
    if name == "want_to_die" and said.endswith("end it") and _END_IT_WITH.match(text[match.end() :]):
        return True
    if name == "want_to_die" and said.startswith("going to die") and _DIE_EVERY_TIME.match(text[match.end() :]):
        return True
    if name == "harm_others" and _KILL_ME.match(said) and _WHEN_HE_SEES_THE_BILL.match(text[match.end() :]):
        return True
    of_a_thing = (name == "want_to_die" and said.startswith("going to die")) or (
        name == "harm_others" and bool(_KILL_ME.match(said))
    )
    thing = _THING_IS.search(text[max(0, match.start() - 40) : match.start()]) if of_a_thing else None
    return bool(thing and thing.group(1) not in _PEOPLE and not _PET.search(thing.group(0)))


def scan_unnegated(rules: list[Rule], text: str) -> tuple[str | None, bool]:
    """One pass over the rules: the first match that counts (`first_unnegated_match`), and
    whether some match before it was told as history ("before treatment i wanted to die every
    day, now im doing better"), which matters when none counts."""
    history = False
    for name, rule in rules:
        for match in rule.finditer(text):
            told = _told_as_history(name, text, match)
            history = history or told
            if not told and not _NEGATED.search(text[: match.start()]) and not _figure_of_speech(name, text, match):
                return name, history
    return None, history


def first_unnegated_match(rules: list[Rule], text: str) -> str | None:
    """Like `first_match`, but a match negated directly before it ("i am safe, not thinking of
    hurting myself") does not count; "i am not okay, i want to die" still does. Nor does an
    attempt or overdose told as history (`_told_as_history`)."""
    return scan_unnegated(rules, text)[0]


_ME = r"(?:my ?self|yourself)"
# Someone in a story or a song, not a person in danger: "lyrics about a guy who wants to die".
_SOMEONE_IN_A_STORY = (
    r"(?<!someone who )(?<!somebody who )(?<!a guy who )(?<!a girl who )(?<!a man who )"
    r"(?<!a woman who )(?<!a character who )"
)
_THEM = r"(?:himself|herself|themselves|themself)"
_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
# "If i do not wake up in time for my 7am slot": waking late, not a person who will not wake.
_IN_TIME = r"(?! (?:up )?(?:in time|on time|early enough|on (?:my|your|his|her|their) own|for (?:my|the|work|school|class)|until|till|when (?:my|the) alarm)\b)"
# "Can you not wake up from an infusion?", "scared i wont wake up": a risk asked about or feared,
# not a person who will not wake.
_NOT_A_RISK_ASKED_OR_FEARED = (
    r"(?<!can you )(?<!could you )(?<!do people )(?<!can people )(?<!do patients )(?<!can patients )(?<!can someone )"
    # "I'm terrified I won't wake up from anesthesia": a fear of a risk.
    + "".join(
        f"(?<!{fear} {that}i {will})"
        for fear in ("terrified", "scared", "afraid", "worried", "nervous")
        for that in ("", "that ")
        for will in ("", "will ")
    )
)

# Crisis: intent or despair, self-harm, an emergency happening now, or a threat to others.
CRISIS: list[Rule] = _rules(
    self_harm_verb=rf"\b(?:kill|killing|hurt|hurting|harm|harming|cut|cutting|burn|burned|burnt|burning|hang|hanging|shoot|drown|starve|poison|scratch|scratched|scratching|hit|hitting|punish) {_ME}\b",
    self_harm_habit=r"\b(?:lighter|cigarette)\b[^.?!]{0,40}\bmy (?:arms?|forearms?|skin|legs?|wrists?|thighs?|hands?|stomach)\b|\bburn(?:ed|t|ing)? my (?:arms?|forearms?|wrists?|thighs?|skin)\b|\b(?:till|until) (?:they|it|i) bleeds?\b|(?<!adolescents who )(?<!teens who )(?<!patients who )(?<!people who )(?<!kids who )(?<!youth who )\bself ?harm(?:ing)?\b(?!.*\b(?:history|(?:es)?ketamine|spravato|therapy|clinics?|treat\w*|study|studies|research|risk|rates?|data|statistics|cohorts?|screen\w*|assess\w*|patients?|people)\b)|\bcutting (?:right now|tonight|rn)\b|\bcut (?:deeper|too deep)\b|\b(?:soaking|soaked|bled|bleeding) through (?:the|a|my) (?:towel|bandage|shirt|sheets|gauze)\b|\bcut(?:ting)?\b[^.?!]{0,60}\b(?:bleeding (?:more|a lot|badly|bad|heavily)|(?:will not|cannot) stop bleeding|wont stop bleeding)\b|\bcut(?:ting)? (?:into )?(?:myself|again|my (?:arms?|wrists?|legs?|thighs?|skin|stomach|hips?|body|chest|face))\b(?! (?:troche|lozenge|pill|tablet|dose))",
    third_person_intent=rf"{_SOMEONE_IN_A_STORY}\b(?:going to|gonna|want to|wants to|about to|threatening to|trying to|will|says he will|says she will|says they will|talking about|talks about|keeps talking about) (?:kill|hurt|harm|cut|end) (?:{_THEM}|his life|her life|their life|it all)\b",
    suicidal_now=r"(?<!participants report their )(?<!participants reported their )(?<!patients report their )(?<!patients reported their )(?<!people report their )\b(?:suicidal|suicide) (?:thoughts|urges|feelings|ideas)\b[^.?!]{0,30}\b(?:all day|today|tonight|again|right now|constantly|every day|all the time|won't stop|will not stop|getting worse)\b",
    want_to_die=rf"(?<!you are )(?<!patients say they )(?<!people say they )(?<!clients say they )(?<!people who )(?<!those who )(?<!patients who )(?<!anyone who )(?<!person who ){_SOMEONE_IN_A_STORY}\b(?:want|wants|wanted|wanting|going|plan|planning|ready|tempted|decided|deserve|trying|tried) (?:to )?(?:die|end it|end my life|end things|end it all|kill myself|commit suicide|not be here|disappear forever|be dead|overdose)\b",
    suicidal_self=r"\b(?:i|i am|i have|i keep|i feel|i still|i really|been|feeling|having)\b[^.?!]{0,40}(?<!not )(?<!never )(?<!no longer )(?<!never been )(?<!reduce )(?<!reduces )(?<!reducing )(?<!bring up )(?<!bringing up )(?<!ask her about )(?<!ask him about )(?<!ask them about )(?<!treat )(?<!treats )(?<!treating )(?<!ease )(?<!eases )(?<!screens for )(?<!screen for )(?<!screening for )(?<!grieving a )(?<!grieving the )(?<!mourning a )(?<!if i have ever been )(?<!if i had ever been )(?<!whether i have ever been )\b(?:suicidal|suicide)\b(?![^.?!]{0,30}\b(?:patients?|people|research|studies|study|approved|treatment|prevention|rates?)\b)(?![^.?!]{0,20}\b(?:\d+|many|several|a few|ten|five) years ago\b)(?![^.?!]{0,30}\bin (?:your|their|someone's|a person's|one's) (?:history|past|record|chart)\b)",
    suicide_attempt=r"\b(?:suicidal|suicide|urges?)\b.*\b(?:i tried|i attempted|trying again|try again|attempt again)\b|\b(?:my|an|another) (?:suicide )?attempt\b",
    no_reason=r"\bcannot think of (?:a|one|any|a single|a good) (?:good )?reason to (?:live|keep going|go on|stay alive|be here|keep living|wake up|get up|go home|drive home|stay)\b",
    no_will_to_live=r"\b(?:do not|cannot|no longer|never) (?:want to|going to) (?:live|be alive|be here|exist|wake up|go on|keep going|see tomorrow)\b|\bno (?:version of (?:the|my) )?future (?:that |where )?i (?:want|would want|can bear|can face)\b",
    wish_dead=r"\b(?:wish|hope) (?:i|i was|i were|i would|i could) (?:die|dead|not wake up|never wake up|disappear|was dead|were dead|not exist|stop existing|had never been born)\b",
    better_off=r"\b(?:better off|happier) (?:without me|if i (?:was|were|am) (?:gone|dead))\b|\b(?:notice|care|miss me)\b[^.?!]{0,20}\bif i (?:died|was gone|were gone|was dead|disappeared)\b|\bif i (?:died|was gone|were gone)\b",
    no_point=r"\b(?:do not|dont) think (?:it|anything) matters any more\b|\bafter (?:tonight|today|this weekend|tomorrow) it (?:will not|does not|is not going to) matter\b|\b(?:none of it|none of this|nothing) (?:really )?matters any more\b|\bno (?:reason|point) (?:to|in) (?:live|living|going on|being alive|keep going)\b|\bno (?:reason|point) (?:to|in) (?:try|trying)(?: any ?more| at all)?\s*$|\b(?:what is|whats) (?:even )?the point(?: (?:of|in) (?:living|life|anything|it all|going on|trying|being (?:here|alive)|any of (?:this|it)|waking up|me|getting up|carrying on)\b| any ?more|\s*$)|\b(?:do not|cannot|no longer|never) see (?:the|a|any) point (?:in|of) (?:anything|living|life|going on|being (?:here|alive)|any of (?:this|it)|trying any more|waking up|it all)\b|\b(?:do not|cannot|no longer) see (?:the|a|any) point(?: any more)?\s*$",
    cannot_go_on=rf"\bcannot (?:do this|go on(?! (?:the )?(?:\d+(?:st|nd|rd|th)?|{_WEEKDAY}s?|that (?:day|date))\b)(?! (?:waiting|paying|working|commuting|driving|calling|avoiding|ignoring|putting (?:it|this) off|skipping|postponing|with (?:my|the|this|these) (?:current |new |old )?(?:ssris?|meds|medications?|antidepressants?|pills|side effects|treatment|job|schedule|commute|plan|insurance)\b))|take (?:it|this)|keep going|cope)\b|\b(?:tired of|done with) (?:fighting|living|life|everything|it all)\b",
    make_it_stop=r"\b(?:want|need) (?:it|everything|the pain|it all) (?:all )?to (?:stop|end|be over)\b|\b(?:its|it is) (?:almost|nearly|finally) over\b",
    farewell=r"\b(?:goodbye|suicide|farewell) (?:note|letter)s?\b(?! to (?:my|your|our|their|his|her) (?:old|former|younger|past|previous|inner|future) (?:self|selves|me)\b)|\bwrote (?:letters|goodbye|notes)\b|\bgoodbye\W*$|^\W*goodbye\b(?! (?:to )?(?:my )?(?:depression|anxiety|insomnia|pain|ptsd|migraines?|brain fog|stress|panic attacks?)\b| (?:\w+ ){1,3}hello\b)|\b(?:put|putting|got|getting|have) (?:all )?my affairs in order\b|\bafter i am gone\b|\bno one can help me\b|\bgiving away (?:my|all)\b|\bgave (?:away )?my \w+ to\b",
    gone_soon=rf"\b(?:watered|fed|walked|cleaned|locked up|said goodbye to)\b[^.?!]{{0,30}}\bfor the (?:very )?last time\b|\b(?:be gone|not be here|will not be here|be dead) (?:by|before|much longer|any more|anymore|tomorrow|tonight|next(?! {_WEEKDAY}\b)|soon)\b|\btonights? (?:is )?the night\b|^(?=.*\bif (?:something|anything) (?:happens|happened) to me\b).*\b(?:when|after|once) i am (?:not here|no longer here|not around|gone)\b",
    not_wake=rf"{_NOT_A_RISK_ASKED_OR_FEARED}\b(?:not wake up|never wake up|go to sleep forever|sleep forever|stop waking up)\b{_IN_TIME}|\b(?:go to sleep|fall asleep|sleep) and not (?:have to )?(?:face|deal with|see|wake up to) (?:tomorrow|another day|the morning)\b|\b(?:go to sleep|fall asleep)\b[^.?!]{{0,30}}\band (?:simply |just )?(?:not|never) come back\b(?! (?:to|for|from|until|till|in|on|with)\b)",
    method=r"\b(?:painless|least painful|easiest|quickest|fastest|best) way to (?:die|go|end it|kill)\b|\b(?:razor|blade|knife|noose|rope|gun|pills|belt|cord) (?:in my hands?|ready|lined up)\b|\b(?:have|holding|got|bought) (?:a |the |some )?(?:razor|blade|noose|rope|gun)\b(?![^.?!]{0,30}\bfor (?:camping|climbing|hiking|the boat|a swing|work|the garden|my dog|the yard|a project|class))|\b(?:standing|sitting|i am) (?:at|on) the edge of the (?:lake|river|water|pier|dock|cliff|platform|tracks|bridge|quarry)\b|\b(?:rocks|stones|weights) in my (?:coat |jacket )?pockets\b|\bin the (?:bath|bathtub|tub) with\b|\bin (?:my|the) car in the (?:closed )?garage\b|\bgarage with the (?:engine|motor|car) (?:running|on)\b|(?<!parking )\bgarage\b[^.?!]{0,60}\b(?:car|engine|motor) (?:is )?(?:running|on)\b|\bsmell (?:the )?(?:exhaust|fumes)\b|\b(?:drive|driving|crash|crashing|steer) (?:my car |the car )?into\b|\b(?:jump|jumping) (?:off|from|in front)\b|\b(?:(?:everything|it|it all) is|its) (?:all )?(?:already )?(?:set up|ready|in place|prepared) in (?:the|my) (?:garage|bathroom|bathtub|woods|car|basement|attic|shed|barn)\b|\bthreatening to (?:jump|kill|hurt|end)\b|\bstep in front of\b|\bnot (?:planning on|planning to|going to) (?:take|taking|use|using) the (?:stairs|elevator|lift)(?: back)? down\b|\b(?:i am|standing|sitting) (?:on|at) the (?:roof|edge|ledge|top) of\b[^.?!]{0,40}\bright now\b|\bi am (?:up )?on (?:the|a|my) (?:roof|ledge|bridge)\b(?! (?:deck|terrace|garden|bar|top bar))|\b(?:step|stepping|walk|walking|run|running|jump|jumping) (?:out )?into (?:traffic|the road|the highway|the freeway|oncoming)\b",
    how_much_to_die=r"\b(?:know|knows|figured out|looked up|worked out|calculated) (?:exactly )?how (?:much|many)\b[^.?!]{0,30}\b(?:it would take|would do it|would be enough|is enough)\b|\b(?:how many|how much)\b[^.?!]{0,40}\b(?:to die|to not wake up|to never wake up|would kill me|to kill myself|to end it|to overdose|to be fatal|kill me)\b",
    stockpile=r"\b(?:using|use|taking|take|injecting|inject|swallowing|swallow) all of (?:them|it|those) (?:tonight|today|at once|now|right now)\b|\b(?:pouring|poured|emptying|emptied|tipping) (?:all )?(?:of )?(?:her|his|my|their|the) \w+ (?:into|onto|in) (?:one|a|her|his|my) (?:cup|glass|hand|pile|bowl)\b|\bi (?:have )?(?:stockpiled|been stockpiling|hoarded|been hoarding|stashed)\b|\bsaving (?:up )?(?:my |all my |the )?(?:pills|troches|lozenges|medication|doses|ketamine)\b|\bsaving (?:up )?(?:my|all my|her|his) (?!money|cash|pay\w*|points|vacation|pto|days|receipts)\w+\b[^.?!]{0,40}\b(?:theres|there is|i have|i finally have|have) enough\b|\b(?:take|took|swallow|swallowed) (?:them|it|everything) all\b|\ball at once\b|^(?=.*\b(?:stopped|quit|not) taking (?:my|the|her|his)\b).*\bsaving (?:it|them|(?:my|the) \w+) (?:all )?(?:up )?(?:for|until)\b",
    overdose_now=r"\b(?:took|taken|swallowed|ate|used|had|injected|snorted|did) (?:like |about |around )?(?:a bunch|too many|too much|all|the whole|a whole|my whole|my entire|way too|an entire|so many|extra|\d+\b(?! (?:ketamine |spravato |iv |more )?(?:infusions?|sessions?|treatments?|rounds?|courses?|series|months?|weeks?|years?|days?|times|visits?|appointments?)\b))\b[^.?!]{0,40}\b(?:pills|bottles?|troches|lozenges|tablets|ketamine|medication|spray|sprays|doses|vials|k|of (?:them|it|my)|at once|bumps|lines)\b",
    # "swallowed around 20 tylenol an hour ago": a count of an everyday medicine no one takes.
    overdose_count=r"\b(?:took|taken|swallowed|ate|downed|had) (?:like |about |around |over |maybe |nearly |almost )?(?:\d{2,}|a bunch of|a handful of|a whole bottle of|the whole bottle of|too many) (?:of (?:my |the |her |his )?)?(?:tylenol|advil|motrin|aspirin|ibuprofen|acetaminophen|paracetamol|benadryl|nyquil|aleve|excedrin|sleeping pills|sleep aids?|seroquel|xanax|klonopin|ambien|trazodone|gabapentin|tramadol|oxy|percocet|vicodin)\b(?! (?:over|across|in|during) (?:the |a )?(?:last|past|few|couple|week|month|\d+|two|three|four|five))",
    overdose_more=r"\b(?:took|taken|swallowed|had) (?:a (?:good |great )?(?:many|lot|few|bunch) |way |far |many |lots )?more (?:of (?:my|the|her|his) )?(?:tablets|pills|meds|medication|medicine|lozenges|troches|capsules)\b[^.?!]{0,20}\bthan (?:i|he|she|they) (?:ought|should|was supposed|am supposed|were supposed|meant)\b",
    farewell_message=r"\b(?:texted|messaged|called|sent|wrote|left)\b[^.?!]{0,25}\b(?:saying|to say|that said|said) (?:goodbye|bye|farewell)\b[^.?!]{0,40}\b(?:sorry|not (?:picking up|answering|responding)|will not (?:pick up|answer|respond))\b",
    clocking_out=r"\b(?:clocking|clock|tapping|tap|bowing|bow|signing|sign|logging|log) out (?:for good|permanently|of life|of this life)\b",
    step_off=r"\b(?:think|thinking|thought) about (?:stepping|jumping|going) (?:off|over)\b|\b(?:step|stepping) off (?:the|a) (?:bridge|ledge|roof|edge|platform|cliff)\b",
    join_the_dead=r"\bwould rather (?:go and |go )be with (?:her|him|them)\b|\bstopped (?:taking|eating)\b[^.?!]{0,40}\bon purpose\b",
    enough_to_end=r"\benough (?:\w+ ){0,3}to end (?:it|it all|things|my life|everything)\b|\bthink(?:ing)? about dying (?:constantly|all the time|every day|nonstop)\b",
    took_all=r"\b(?:took|taken|swallowed|downed) all (?:of )?(?:the|my) (?:\w+ ){1,2}(?:i had|i had left|left|in the (?:bottle|house|cabinet)|that was left)\b",
    overdose_person=r"\b(?:i|he|she|they|friend|my \w+) (?:just |might have |think i |think he |think she )?(?:overdose|overdosing|is overdosing|took an overdose|overdosed)\b|\boverdose\b[^.?!]{0,30}\b(?:right now|now|help|what do i do|please)\b",
    not_breathing=rf"\b(?:not|is not|stopped|cannot|barely|hardly) (?:breathing|breath|breathe)\b|(?<!of )(?<!about ){_NOT_A_RISK_ASKED_OR_FEARED}\b(?:will not|cannot|does not|is not|not) (?:wake|waking|respond|responding)\b{_IN_TIME}(?! to (?!(?:me|us|you|anything|anyone|anybody|his|her|their|my|our|voices?|touch|shaking|pain|calls?|texts?)\b))|\b(?:he|she|they|him|her|his|guy|man|woman|someone|somebody|person|patient|my \w+)\b[^.?!]{{0,40}}\b(?:is not|isnt|not|stopped) moving\b",
    emergency_signs=r"\b(?:face|mouth|smile)\b[^.?!]{0,20}\bdroop\w*|\bcannot (?:lift|raise|move) my (?:right |left )?(?:arm|leg)\b|\b(?:unresponsive|unconscious|turning blue|lips are blue|blue lips|having a seizure|seizing|convulsing|collapsed|foaming at the mouth|face is drooping|slurring|slurred|throat is closing|throat closing|passed out)\b",
    cardiac_now=r"\bchest\b[^.?!]{0,30}\b(?:sitting on (?:it|me|my chest)|squeez\w*|crushing)\b|\b(?:left|my) arm (?:is |feels |keeps )?(?:tingling|numb|going numb)\b|\b(?:my|his|her) (?:chest|heart)\b[^.?!]{0,30}\b(?:tight|pain|hurts|pounding|racing|going like|skipping|crushing)\b|\bchest pain\b[^.?!]{0,30}\b(?:now|right now|after|since|help|please)\b|\bsomething is (?:really |very )?wrong\b",
    spike_a_drink=r"\b(?:put|putting|slip|slipping|spike|spiking|lace|lacing|dose|dosing)\b.{0,25}\b(?:in|into) (?:his|her|their) (?:coffee|drink|food|tea|water|soda|meal|lunch|dinner|juice|beer|wine|smoothie)\b",
    harm_others=r"\b(?:going to|gonna|want to|will|about to|plan to|planning to|threatening to|wants to|keeps saying he is going to|keeps saying she is going to) (?:kill|hurt|stab|shoot|beat|attack|strangle|murder) (?:him|her|them|my \w+|someone|somebody|people|everyone|you|the \w+|me|us)\b|\bi (?:could|might|will) (?:kill|hurt) (?:him|her|them|my \w+|someone)\b|\b(?:thoughts|thinking|urges) (?:about|of) (?:hurting|harming|killing)\b|\b(?:bring|bringing|take|taking) a (?:gun|knife|weapon) to\b|\bmake (?:them|everyone|him|her) pay\b|\b(?:coming back|come back|going back|going over|coming over|showing up) with something\b|\bteach (?:him|her|them) a lesson\b|\bdo what (?:needs|has) to be done (?:to|about) (?:him|her|them)\b|\bpillow (?:down|over (?:his|her|their) face)\b|\b(?:smother|smothering|shake|shaking|drown|drowning) (?:the|my|our) (?:baby|newborn|infant)\b",
    impaired_driving=r"^(?=.*\b(?:infusion|ketamine|spravato|esketamine|tripping|hallucinat\w*|seeing things|melting|dissociat\w*|high)\b)(?=.*\bnow\b).*\bi am (?:driving|on the (?:highway|freeway|interstate|road))\b",
    poison_someone=r"\b(?:which|what) (?:drugs?|poisons?|pills?|substances?|medications?)\b[^.?!]{0,30}\b(?:do not|does not|will not|would not|cannot|not) (?:show up|be detected|get detected|be found)\b|\bundetectable (?:poison|drug|way)\b",
    # A lethal-dose question said to be for oneself: "how many mg would stop someone's heart, asking for me".
    lethal_asking_for_me=r"\b(?:stop (?:someones|someone's|a persons|a person's|the) heart|kill (?:someone|a person|somebody)|be (?:lethal|fatal|deadly)|lethal dose|fatal dose|deadly dose)\b.{0,30}\b(?:asking for (?:me|myself|a friend who is me)|for myself|(?:for )?someone my (?:size|weight)|i weigh)\b",
    # Asked about a plan, and there is one: "my therapist asked if i had a plan and i said no but like i do".
    plan_after_all=r"\b(?:asked|asks|ask) (?:me )?(?:if|whether) i (?:had|have|got) a plan\b.{0,40}\b(?:but|and) (?:like |honestly |really )?(?:i do|i have one|i did|i have)\b",
    lethal_for_me=r"\b(?:lethal|fatal|deadly) (?:dose|amount)\b(?: \w+){0,12} (?:by|before) (?:tonight|tomorrow|the morning|morning)\b|\bneed (?:the|that|a) number (?:by|before) tonight\b|\b(?:enough|would|will|could|is it|be)\b[^.?!]{0,50}\b(?:stop my heart|kill me|be fatal for me|be lethal for me|finish me off)\b|\b(?:painless|peaceful)\b[^.?!]{0,40}\bif i (?:take|took|swallow|swallowed|use|used)\b|\bif i (?:take|took|swallow|swallowed|use|used) (?:all|the whole|every|everything|them all|my whole|a whole|a months|a month)\b[^.?!]{0,60}\b(?:painless|peaceful|fatal|lethal|die|wake up)\b",
    no_one_would_notice=r"\bno ?(?:one|body) (?:would|will|is going to|is gonna|gonna|would even|will even) (?:notice|care|miss me)(?: anyway| any way)?(?:\s*$| (?:that |when |if )?i am gone\b| if i (?:was|were|am|died|disappeared|left|was gone|stopped showing up|stopped existing|was not here)| when i (?:am gone|die|disappear))|\bcheck(?:ing)? out (?:early|for good|permanently)\b",
    plan_and_date=r"\b(?:voice|voices)\b[^.?!]{0,25}\b(?:telling|tell|tells|told) me to\b|\b(?:have|made|got|picked) a (?:plan|date|method) and a (?:date|plan|time|method)\b|\ba plan to (?:die|end it|end my life|kill myself)\b|\b(?:picked|chosen|chose|set|decided on) (?:the|a) (?:day|date)\b[^.?!]{0,20}\b(?:i am going to|i will|to) (?:do it|end it|go through with it)\b|\b(?:scared|afraid|terrified) of (?:myself|what i (?:might|will|could|would) do)\b",
    means_at_hand=r"\b(?:gun|pistol|rifle|revolver|shotgun|service weapon|firearm)\b[^.?!]{0,20}\b(?:is|are|sits|sitting|lying|laid)? ?(?:loaded|cleaned and|out on|on the table|in my lap|on my lap|next to me|on the bed)\b|\b(?:razors?|blades?|gun|rope|noose|pills)\b[^.?!]{0,40}\b(?:(?:keep|keeps|are|is) calling (?:to )?me|calling my name)\b|\b(?:razors?|blades?|gun|rope|noose)\b[^.?!]{0,20}\b(?:in|under|next to) my (?:drawer|hand|pocket|bed|pillow|car)\b",
    funeral_or_letters=r"\b(?:written|wrote|writing|sorting|sorted|figuring|figured|working|worked|deciding|decided) (?:out|down) (?:where|who gets) (?:everything|my (?:stuff|things|money))(?: goes| go)?\b|\blast message (?:to anyone|to anybody|ever|to you all|to all of you)\b|\b(?:the|my) (?:goodbye )?(?:letters|notes) are (?:written|done|finished|ready|on the table)\b|(?<!cover )(?<!thank you )(?<!reference )(?<!recommendation )\bletters (?:are|have been) (?:all )?written\b|\b(?:picturing|imagining|planning|planned|plan|thinking about|think about|dreaming about|making|picking|choosing|writing) my (?:own )?funeral\b|\b(?:wrote|writing|written|write|left|leaving) (?:the |my |some )?(?:goodbye |farewell )?(?:letters|notes) (?:to|for) (?:my (?:family|kids|children|parents|mom|dad|mum|wife|husband|partner|friends|sister|brother)|everyone|all of them)\b",
    final_plans=r"^(?=.*\b(?:told|showed|texted|gave) (?:my |the )?\w+ (?:where|the) (?:the |my )?(?:spare )?(?:key|keys|passwords?|papers|documents|code)\b).*\b(?:updated|wrote|finished|made|signed|finalized|redid) my will\b|^(?=.*\b(?:everythings|everything is|its all) in order\b).*\b(?:pass(?:es)? away|passed away|die|dies|after i am gone|when i am gone)\b|\b(?:only have|have|got|gave myself)\b[^.?!]{0,30}\b(?:until|till|before)\b[^.?!]{0,40}\bbefore i (?:follow through|go through with it)\b|\b(?:tried|attempted) to (?:kill|end) (?:myself|themselves|themself|my life)\b[^.?!]{0,25}\b(?:last night|tonight|today|this morning|yesterday|an hour ago|hours ago)\b|\b(?:decided|made up my mind) (?:that )?i (?:have|had|ve) had enough\b|\b(?:decided|i know|i have decided) (?:that )?(?:this weekend|tonight|tomorrow|today|this week|\w+day) is it\b|\b(?:worked out|figured out|planned out|planned|decided on) (?:the )?(?:how and (?:the )?when|when and (?:the )?how)\b|\b(?:set|picked|chosen|chose) (?:the \w+|a day|a date) as my (?:date|day)\b|\bmy date is set\b|\balready (?:know|picked|chose|decided) (?:which|what) (?:day|date|night)\b|\b(?:decided|picked|chose|settled) on (?:a|the) (?:way|method|time|date|day|place)\b|\b(?:i have|i have got|i got|got) the means\b|\bdo something (?:i cannot|i can not) (?:take back|undo)\b|\bsee (?:you|yall|you all|everyone) on the other side\b|\bnot coming back (?:from|tonight|ever)\b|\b(?:i am|and i am) not coming back\b|\bone last time\b|\b(?:tonight|this evening|today|tomorrow|this weekend|this week|(?:this|next) \w+day) (?:will be|is going to be|is) my last(?: (?:night|day)(?: alive| on earth| here)?)?(?: (?:and|so|i|please|thank|thanks|goodbye)\b|\s*$)|\bcannot do another (?:winter|year|month|week|day|night)\b|\b(?:tonight|today|this weekend) (?:feels like|seems like|is) the (?:right|perfect) (?:night|day|time)(?! (?:to|for) (?:book|start|schedule|call|ask|try|begin|get|do my|have my)\b)",
    not_around_much=r"\b(?:not planning|not expecting|do not plan|do not expect) to (?:be|still be) (?:around|here|alive) (?:for|by|at|much longer|next)\b|\b(?:will not|am not going to) be a (?:problem|burden|bother) (?:for|to) (?:anyone|anybody|you|them|everyone|my \w+) (?:much |any )?longer\b|\bdo not see the point (?:in|of) dragging (?:things|it|this) out\b|\bdo not think i have (?:another |much |many |a few |\w+ )?(?:more )?(?:months?|weeks?|years?|days?|winters?) (?:left )?in me\b|\bdo not think i will (?:still )?be (?:here|around|alive)\b|\b(?:will not|am not going to) (?:still )?be (?:here|around|alive) (?:much longer|long enough to|to see (?:it|the|if|how|whether)|by (?:then|the time))\b|\b(?:decided|made up my mind|made my peace|made peace)\b[^.?!]{0,20}\b(?:will not|am not going to|not going to|not) be (?:here|around|alive)\b|\b(?:i will|i am going to|going to|i would|ready to|finally|i will finally|before i|when i|once i) go through with it\b",
    giving_away=r"\bgave away (?:my|all)\b|\bgiving (?:my|all my) \w+(?: \w+)? to\b|\b(?:rehomed|rehoming|found a (?:new )?home for) my (?:dog|cat|pets?|bird)\b",
    threatened=r"\b(?:hell|shell|theyll|he will|she will|they will|he would|she would|he is going to|she is going to|they are going to) (?:hurt|kill|beat|shoot|stab|strangle) (?:me|us|the kids|the children|the baby|my \w+|our \w+|whoever|anyone|anybody|everyone|someone)\b|\b(?:locked (?:himself|herself|themselves|themself) in|(?:is|s|was) locked in)\b[^.?!]{0,40}\bwith (?:a|his|her|their|the) (?:\w+ )?(?:gun|rifle|shotgun|pistol|knife|pills|pill organizer|pill bottles?|medication|razor)\b|\b(?:i am|we are) hiding (?:in the (?:bathroom|closet|bedroom|basement|car)|from (?:him|her|them))\b|\b(?:he|she|they|my ex|someone|somebody) (?:is|are) (?:outside|at) (?:my|our|the) (?:front |back |bedroom )?(?:door|apartment|house|place|window)\b[^.?!]{0,25}\b(?:pounding|banging|kicking|trying to (?:get|break) in|breaking in|screaming|threatening)\b",
    weapon_at_hand=r"\b(?:heading|going|driving|headed) (?:out )?to (?:the|a|my) (?:cabin|woods|lake|river|mountains|desert|forest)\b[^.?!]{0,20}\bwith (?:my |his |her |a |the )?(?:\w+ ){0,2}(?:revolver|pistol|handgun|gun)\b|\b(?:bring|bringing|take|taking|grab|grabbing|get|getting) (?:(?:my|a|the|his|her) )?(?:\w+ )?(?:gun|knife|rifle|shotgun|pistol|revolver|bat|weapon)\b(?! (?:safety|laws?|control|course|class|range))|\b(?:have|got) a (?:bat|knife|gun|crowbar|weapon|hammer) in (?:the|my) (?:car|bag|pocket|backpack)\b|\bwant (?:him|her|them) to (?:feel what i feel|suffer|pay\b(?![^.?!]{0,40}\b(?:sessions?|infusions?|treatments?|up ?front|upfront|package|deposit|copay|bill|fees?|out of pocket|cash|insurance|dollars?|\d+)\b))\b|\b(?:make|making) (?:him|her|them) (?:feel what i (?:feel|felt)|suffer)\b|\b(?:tire iron|crowbar|bat|knife|gun|hammer) on the (?:passenger )?seat\b|\bi (?:have )?got the (?:knife|gun|rifle|pistol|shotgun|razor|rope)\b|\b(?:grabbed|took|have) the (?:knife|gun) (?:from|out of) the (?:kitchen|drawer|safe|closet|block)\b|\b(?:coming|come|going|showing up|show up|walking|walk) (?:down |over |in |back )?(?:there |here )?with (?:my|a|his|her|the) (?:\w+ )?(?:gun|shotgun|rifle|pistol|knife|bat|weapon)\b",
    emergency_more=r"(?=.*\b(?:pills?|doses?|tablets?|lozenges?|troches?|ketamine|meds|medication|medicine|xanax|spray)\b)\b(?:took|taken|swallowed|used|had)\b[^.?!]{0,60}\b(?:extra|more|all|the rest|too much|too many)\b[^.?!]{0,120}\b(?:am i dying|am i going to die|am i gonna die)\b|(?=.*\b(?:confused|not peed|have not peed|passing out|fainted|blood)\b).*\bcannot stop (?:throwing up|vomiting|puking)\b|\b(?:went|turned|is|gone|going) (?:grey|gray)\b|\bbreathing (?:is|feels|seems|got|has gotten) (?:really |very |so )?(?:slow|shallow|weird|strange|funny|gurgling)\b|\b(?:will not|is not|not) (?:answer|answering|open|opening) the door\b|\b(?:took|taken|swallowed|drank) the rest of (?:the|my|his|her|their)\b|\b(?:take|taking|took|swallow|swallowing) everything in (?:my|his|her|their|the) (?:medicine )?(?:cabinet|cupboard|drawer|bag)\b|\bgurgling\b|\bmuscles? (?:are |is |keep |keeps )?(?:jerking|twitching|spasming|locking up)\b|\b(?:he|she|they|him|her|my \w+)\b[^.?!]{0,25}\b(?:on|lying on|collapsed on|fell on|passed out on) the (?:bathroom |kitchen |bedroom |living room )?floor\b|\b(?:what (?:he|she|they) (?:says|is saying|are saying)|(?:his|her|their) (?:words|speech))\b[^.?!]{0,15}\b(?:does not|do not|is not|are not|not) (?:make|making) (?:any )?sense\b|\b(?:peeing|pissing|urinating) blood\b|\bblood in my (?:urine|pee)\b|\b(?:jerking|twitching|shaking|shook|convulsed) all over\b|\bwent (?:rigid|stiff|limp)\b|\b(?:sats|oxygen|o2|saturation)\b[^.?!]{0,20}\b(?:dropping|falling|in the \d0s)\b|\b(?:toddler|baby|infant|\d+ ?(?:year|yr|month) old|\d+ ?yo|little one|kid|child|son|daughter)\b[^.?!]{0,20}\b(?:ate|swallowed|chewed|drank|got into|found)\b[^.?!]{0,40}\b(?:pills?|lozenges?|troches?|tablets?|medication|ketamine|spray|gummies|gummy|edibles?|bottle)\b|\bbarely (?:making sense|conscious|awake|responding)\b|\bcannot (?:stand|stand up|walk|sit up)(?: up)?(?:,| and| or|$)|\bgot into (?:my|his|her|the|our) \w+(?: \w+){0,3} (?:and|then) (?:took|used|ate|swallowed|drank)\b|\b(?:stopped|not|is not|has stopped) sweating\b|\b(?:burning up|overheating|super hot|really hot)\b[^.?!]{0,40}\b(?:confused|shaking|seizing|not making sense|passed out)\b",
    # Spanish, the most common other language of US visitors: its common crisis phrases, as typed
    # (accents folded by `normalise`).
    spanish=r"\b(?:(?:me )?quiero morir(?:me)?|quisiera morir(?:me)?|(?:ganas|deseos) de morir(?:me)?|(?:prefiero|preferiria|quisiera) (?:estar )?muert[oa]|mejor (?:estaria|estar) muert[oa]|(?:ya )?no quiero (?:vivir|seguir viviendo|despertar|existir|seguir aqui|estar aqui(?: (?:nunca|mas|ya))?(?:\s*$| (?:ni|y|me|ya|porque|xq|pq|nadie)\b))|quitarme la vida|(?:voy a |quiero )?(?:matarme|suicidarme)|me (?:quiero|voy a) (?:matar|suicidar)|acabar con (?:todo|mi vida)|ya me despedi|no voy a estar (?:aqui|mas)|ya no (?:quiero|puedo) (?:mas|seguir|vivir)|"
    r"(?:no tengo|ni|sin|ya no tengo(?: ni)?) ganas de vivir|(?:pa|para) (?:q|que) sigo(?: vivo| viviendo| aqui)?\s*$|ojala (?:me (?:atropelle|muera|mate|pase algo|lleve)|no (?:despierte|amanezca))|dormir(?:me)? y no despertar|para (?:ya )?no (?:volver a )?despertar(?:me)?(?! (?:cansad\w*|con dolor|de noche|en la noche|a media noche))|desaparecer para siempre|no (?:se|creo) (?:si |q |que )?(?:llego|llegue|aguante|voy a llegar) (?:a|hasta) manana|creo (?:q|que) me voy a morir(?! de)|"
    r"(?:me|nos) (?:tiro|tire|aviento|avente|lanzo|lance|voy a tirar|quiero tirar|iba a tirar) (?:del|de la|de un|de una|desde el|desde la|por la|al|a las) (?:\w+ )?(?:balcon|puente|edificio|techo|azotea|ventana|metro|tren|vias|carro|carros)|tirarme (?:del|de la|de un|desde|por|al)|"
    r"me (?:estoy cortando|corte las venas|estoy lastimando|estoy haciendo dano)|(?:cortarme|me corto|cortandome|me corte)(?! (?:el|la|las|los|mi|mis) (?:pelo|cabello|unas|fleco|barba|pelito))|(?:hacerme|me hago|me hice) dano|lastimarme|mucha sangre|pastillas en la mano|(?:me tome|tome|se tomo|tomo) (?:todas|muchas|un monton de|un frasco de) (?:las |mis |sus )?(?:pastillas|pildoras)|"
    r"(?:me|se) (?:tome|tomo|trague|trago|meti|metio)(?= (?:\w+ ){0,3}(?:\d+|todo|toda|todas|todos|monton|muchas|muchos|demasiad[oa]s?|frasco|bote|bottle)\b)(?: \w+){0,6} (?:pastillas|pildoras|tabletas|capsulas|xanax|frasco|bote|bottle|pomo|ketamina|hongos|melatonina|sertralina|medicinas?|medicamentos?|benadryl|tylenol)|(?:nene|nena|bebe|nino|nina|hijo|hija|\d+ anos)(?: \w+){0,5} se (?:trago|tomo|comio) (?:\w+ ){0,2}(?:pastillas|pildoras|tabletas|medicinas?|ketamina)|(?<!si alguien )(?<!si uno )(?<!cuando alguien )(?<!si una persona )(?:tuve|tiene|tengo|esta teniendo|le dio|me dio|hizo|hice) (?:una )?sobredosis|"
    r"no (?:respira|responde|despierta|reacciona|abre los ojos)(?! (?:el|la|los|las|al|mi|mis|su|sus|tu|en|por)\b)|(?:esta|estan) convulsionando|(?:me voy a|se va a) desmayar|se desmayo|dolor (?:fuerte )?en el pecho|(?:llamo|llamar|llamamos|llame|debo llamar) al 911|"
    r"me (?:esta pegando|pega|quiere matar|va a matar)|(?:estoy|estamos) escondid[oa]s?|(?:voy a|quiero|le voy a|lo voy a|la voy a|los voy a) (?:matar(?:lo|la|los|las)?|hacerle dano|lastimar(?:lo|la)?|apunalar(?:lo|la)?|quemar(?:le|lo|la)?)|ganas de (?:matar|ahorcar|ahogar|golpear|lastimar|hacerle dano)|(?:le|les) (?:quemo|voy a quemar|quiero quemar) (?:la casa|el carro|el coche|todo))\b",
    # A goodbye from someone who then goes silent: "he texted me thanks for everything and that I
    # should take his dog, and now he won't pick up".
    farewell_then_silent=r"\b(?:texted|messaged|called|told|wrote|sent|left)\b(?: \w+){0,6} (?:thanks for everything|thank you for everything|goodbye|said goodbye|sorry for everything|(?:take|look after|keep) (?:care of )?(?:his|her|their) (?:dog|cat|kids|children|pets?))\b(?: \w+){0,25} (?:will not|is not|does not|not|stopped) (?:pick(?:ing)? up|answer(?:ing)?|respond(?:ing)?|reply(?:ing)?)\b",
    # Danger at home now, and signs that a person cannot protect their own airway.
    danger_at_home=r"\b(?:scared|afraid|terrified) to (?:leave|come out of|go out of) the (?:bedroom|bathroom|closet)\b|\bpunching (?:the )?(?:walls?|holes|doors?)\b(?: \w+){0,12} (?:scared|afraid|terrified)\b|\b(?:vomiting|throwing up|puking)\b(?: \w+){0,8} (?:lying|laying) (?:flat )?on (?:his|her|their) back\b|\b(?:will not|cannot|can not) (?:roll over|sit up|wake up|stay awake)\b(?: \w+){0,8} (?:vomit|vomiting|throwing up|puking|breathing)\b",
    # A question about a lethal amount that gives its purpose: "would that be enough to stop
    # everything for good", "enough to make my heart give out and have it look natural".
    lethal_purpose=r"\b(?:enough|work|works|do it|do the job)\b(?: \w+){0,3} to (?:like |just |finally )?(?:end (?:it|it all|things|everything|my life|me)|stop everything|stop it all|kill me|make my heart (?:just )?(?:give out|stop)|not wake up|never wake up|finish me)\b|\b(?:stop|end) everything for good\b|\b(?:have it|make it|so it) (?:look|looks|seem|seems) (?:natural|like an accident|accidental)\b|\b(?:painless(?:ly)?|without (?:it hurting|any pain|pain|feeling (?:it|anything)))\b(?: \w+){0,6} (?:die|death|dying|kill|kills|end it)\b|\b(?:die|dying|kills? (?:you|me)|end it)\b(?: \w+){0,5} (?:painless(?:ly)?|without (?:it hurting|any pain|pain|feeling (?:it|anything)))\b|\b(?:fatal|lethal|deadly)\b(?: \w+){0,6} (?:because|since|cause|as) i (?:plan|am planning|intend|want|am going) (?:on |to )?(?:use|using|take|taking|do|doing) it\b|\bdo not (?:give|send) me (?:the |any |a )?(?:hotline|crisis|helpline|suicide)\b|\b(?:do not|dont) want (?:my |the )?(?:family|kids|mom|dad|parents|wife|husband|partner|anyone|people|them)\b(?: \w+){0,4} (?:know|knowing|find out|to think) (?:that )?(?:it was (?:on purpose|intentional|suicide|deliberate)|i did it (?:on purpose|myself))\b|\b(?:saving|saved|stockpiling|stockpiled|hoarding|hoarded|collecting|collected|stashing|stashed|hiding|hid) (?:up )?(?:my |all my |some of my |extra )?(?:\w+ )?(?:\w+ )?(?:doses|pills|troches|lozenges|tablets|medication)\b(?: \w+){0,20} (?:enough|is that enough|would that be enough)\b",
    # How high a fall has to be: "how high does a building need to be. my floor is the 9th".
    fall_height=r"\bhow (?:high|tall|far|many (?:floors|stories|storeys))\b[^.?!]{0,40}\b(?:building|bridge|roof|floor|fall|jump|balcony|window|cliff|drop|parking garage)s?\b[^.?!]{0,30}\b(?:need|needs|have to|has to|enough|fatal|deadly|die|kill|survive|survivable)\b|\bhigh enough to (?:die|kill|not survive|be fatal|do it)\b",
    death_logistics=r"\blife (?:insurance|policy)\b.*\b(?:suicide|death is ruled|ruled a suicide|if i die|if i died|when i die|when i am gone)\b|\b(?:life insurance|policy)\b[^.?!]{0,60}\b(?:dies|died|death)\b.*\b(?:need|have|want) to know (?:before|by)\b|\blife insurance\b.*\bwrap (?:things|it|everything) up\b|\blife insurance\b.*\b(?:covered|taken care of|paid|paid out|pays? out)\b[^.?!]{0,30}\b(?:after|before) (?:tonight|today|tomorrow|this weekend|i am gone)\b|\b(?:looking up|looked up|look up|searching|googling|researching|find|finding) (?:the )?(?:tallest|highest) (?:buildings?|bridges?|cliffs?|places?)\b|\b(?:keep|kept|been|am|was|started|start) (?:googling|researching|looking up|searching up|searching for|reading up on) (?:ways|methods)\b(?! (?:to|of|for|that|which|around|in|on|people|clinics?|insurance|ketamine|spravato)\b)|\bhave roof access\b|\b(?:looking up|looked up|searching|googling|researching|checking) (?:which|what|where the) (?:bridges?|buildings?|cliffs?|roofs?|parking garages?)\b[^.?!]{0,20}\b(?:highest|tallest|high enough)\b",
    # "feel like a ghost already, might as well make it official": dead in all but name.
    already_gone=r"\b(?:feel|feels|feeling|am|i am|i am basically|i am already) (?:like )?(?:a ghost|dead|gone|a corpse|invisible)(?: already| inside)?\b[^.?!]{0,40}\b(?:make it (?:official|permanent|real|final)|finish the job|finish it)\b",
    # A death wish said as a joke and then taken back: "i said 11 as a joke but it was not a joke".
    not_a_joke=r"^(?=.*\b(?:not exist|not to exist|not be here|die|dead|kill myself|end it|end my life|suicid\w*|disappear)\b).*\b(?:as a joke|joking|kidding|jk)\b(?: \w+){0,4} (?:but|though|except) (?:it|i) (?:was not|am not|really was not|really am not|is not) (?:a joke|joking|kidding)\b",
    # Somewhere high, now, with the treatment given up on: "typing this from my balcony. the
    # infusion was supposed to fix me".
    high_place_hopeless=r"\b(?:on|from|out on|up on|standing on|sitting on) (?:my|the|a) (?:balcony|roof|rooftop|ledge|bridge)\b.{0,120}\b(?:(?:was|were) supposed to (?:fix|help|save) me|nothing (?:works|helps|has worked|has helped|is working)|(?:my )?last (?:hope|chance|resort)|no point)\b",
    wish_not_back=r"\b(?:wish|wished|wishing|hope|hoped|hoping|pray|prayed) (?:that )?i (?:would not|wouldnt|would never|will not|do not|did not|didnt|never) (?:come back|wake up|wake|make it|survive)\b|\b(?:wish|wishing|hope|hoping|pray|praying) (?:that )?(?:one (?:night|day|morning) |some night |tonight )?i (?:just |will just |would just )?(?:stop breathing|stop waking up)\b",
    better_without_me=r"\b(?:said|says|keeps saying|thinks|told me) (?:that )?(?:the kids|everyone|we|they|the family|her family|his family|her kids|his kids) (?:would be|are|will be|would all be) better off without (?:her|him|them)\b|\b(?:better|happier|easier) (?:off )?without me\b",
    ending_it=r"\b(?:(?:i am|i will be|i am going to be|i will|then i am|i am just) ending|i (?:will|am going to|am gonna|shall|might) (?:just |finally )?end|before i (?:finally )?end) (?:it|it all|things|my life|everything)\b(?! (?:with|between) (?:him|her|them|my (?:boyfriend|girlfriend|partner|husband|wife|ex|therapist)))",
    if_this_fails=r"\bif (?:this|it|the \w+|ketamine|spravato|treatment)(?: one| round| time| infusion| session)? (?:fails|does not work|does not help|is not working|do not work)\b[^.?!]{0,30}\b(?:i (?:already )?know what i am (?:doing|going to do)|i am (?:done|out)\b(?! with)|that is it for me|i am checking out)",
    thinking_of_ending=r"\bthinking (?:about|of) how to (?:end (?:it|it all|things|my life|everything)|die|kill myself|do it)\b|\bthinking (?:about|of) (?:just )?(?:ending it|ending my life|ending things|suicide|killing myself|offing myself|dying|ending everything)\b|\b(?:offing|off) myself\b|\bgive up on (?:life|living|everything)\b|\b(?:finish|finishing|do|doing) myself (?:off|in)\b",
    # A danger asked about, then wished for: "will it stop my breathing? that's kind of what i'm
    # hoping for honestly" (round 27).
    hoping_for_harm=r"^(?=.*\b(?:stop (?:my|me) (?:breathing|heart)(?! (?:racing|pounding|from))|kill me|die|fatal|lethal|overdose)\b).*\b(?:(?:that is|which is|thats) (?:kind of |sort of |kinda |exactly |actually |honestly )?what i am (?:hoping|going|aiming) for|i (?:hope|am hoping) (?:it|that|they) (?:does|will|would|do)\b)",
    # Plans told as logistics (round 26): the method written down, the need for one's things
    # ending after the "last" session, and a high place with roof access looked up.
    plans_in_logistics=r"\b(?:how and when|when and how) i am (?:going|gonna|planning) to do it\b|\bwhy i (?:will not|wont) be coming back\b|\bafter (?:that|this|tonight|today|my last \w+|the last \w+) i (?:will not|wont|am not going to) (?:be )?need(?:ing)? (?:it|them|(?:my \w+|this|that|anything) any ?more)\b|\b(?:looking up|looked up|look up|searching|googling|found) (?:the )?(?:tall|high|tallest|highest) (?:buildings?|bridges?|cliffs?|places?)\b[^.?!]{0,60}\broof access\b",
)

# Personal medical advice: a dose or a change of treatment for the person asking.
_DOSE = r"(?:dose|dosage|doses|dosing|mg|milligrams?|mg/kg|ml|microdose|microdosing|amount|how much|how many|lozenges?|troches?|sprays?|pills?|tablets?|units|drops|devices?|\d+)"
_DRUGS = r"(?:medication|lithium|ssri|ssris|snri|sertraline|zoloft|lexapro|escitalopram|prozac|fluoxetine|wellbutrin|bupropion|xanax|alprazolam|klonopin|clonazepam|ativan|lorazepam|valium|adderall|vyvanse|lamotrigine|lamictal|seroquel|quetiapine|abilify|effexor|cymbalta|trazodone|gabapentin|prescription|pills|antidepressants?|benzos?|benzodiazepines?|insulin|birth control|maoi|opioids?|suboxone|methadone|naltrexone|blood pressure medication|beta blockers?|stimulants?|ketamine|spravato|esketamine|psilocybin|mushrooms|mdma|troches?|lozenges?|infusions?|boosters?)"
ADVICE: list[Rule] = _rules(
    dose_for_me=rf"\b(?:how much|how many(?! (?:\w+ )?(?:people|patients|americans|adults|users|veterans|deaths|studies|trials|clinics|providers|states|countries))|what dose|what dosage|which dose|what amount|what strength|how strong|what microdose)\b[^.?!]{{0,60}}\b(?:i|me|my|myself|for someone my|my weight|i weigh)\b|\bhow often\b[^.?!]{{0,30}}\b(?:i|me|my)\b(?=[^.?!]{{0,40}}\b(?:take|use|do|get|have|dose|doses|it|them|{_DRUGS})\b)",
    change_my_meds=r"\b(?:(?:should|can|could|do|may|must|shall) i|(?:if|whether) i (?:should|can|could|need to|ought to))\b(?! (?:get|make|help|teach|train|convince) (?:my|the|a|an|our|his|her|their) \w+ to\b)[^.?!]{0,40}\b(?:stop|quit|skip|double|increase|decrease|lower|raise|reduce|taper|wean|come off|go off|halve)\b(?! (?:trying|bothering|living|fighting|caring|hoping|existing|being here|going on|everything)\b)",
    alter_my_meds=rf"\b(?:should|can|could|do|may|must|shall|how should|how do) i\b[^.?!]{{0,40}}\b(?:switch|adjust|change|split|crush|cut|time)\b[^.?!]{{0,40}}\b(?:{_DOSE}|{_DRUGS}|it|them|in half)\b",
    take_more=r"\b(?:can|should|could|do|may) i (?:take|use|have|do|try) (?:a second|another|one more|more|extra|some of|a few|a couple|some more|the rest)\b",
    take_with=rf"\b(?:should|can|could|is it ok to|is it okay to|is it safe to|is it (?:chill|fine|cool|alright|bad) to|do i|may) (?:i )?(?:take|use|have|drink|smoke|mix|combine|add|start|keep taking)\b(?! to\b)(?!(?: \w+){{1,3}} home\b)(?! (?:my |an |a |the )?(?:hsa|fsa|insurance|card|credit|debit|health savings|flexible spending|coupon|copay|benefits|savings)\b)[^.?!]{{0,40}}\b(?:my|more|extra|another|half|\d+|{_DRUGS})\b[^.?!]{{0,40}}\b(?:before|after|with|while|during|and|tonight|today|tomorrow|on|if)\b",
    # "...and my spravato intake is next week": an appointment, not a drug being taken.
    on_my_drug=rf"(?<!coverage )(?<!approval )(?<!approved )(?<!paid )(?<!billed )(?<!bill )(?<!pay )\b(?:with|on|taking|take|takes|and) my (?!(?:mom|mum|dad|mother|father|husband|wife|partner|son|daughter|brother|sister|grandma|grandpa|grandmother|grandfather|boyfriend|girlfriend|friend|roommate|aunt|uncle|cousin|kid|kids|teen|teenager|child|children)\b)(?:(?!(?:the|a|an|this|that|it|i)\b)[\w'/-]+ ){{0,4}}{_DRUGS}\b(?! (?:intake|appointment|appt|consult|consultation|visit|clinic|provider|coverage|insurance|copay|bill|paperwork|schedule)s?\b)",
    # "can i take spravato home or do i go in": a question about the treatment, not a drug i am on;
    # "i've been on a waitlist for ketamine": a queue.
    i_am_on=rf"(?<!can )(?<!could )(?<!should )(?<!may )(?<!do )(?<!would )\bi (?:am on|am taking|take|use|have been taking|have been on)\b(?! (?:a|the) (?:wait ?list|waiting list)\b)[^.?!]{{0,30}}\b{_DRUGS}\b[^.?!]{{0,60}}\b(?:can|could|should|safe|ok|okay|is it|will it|do i)\b",
    # "Before my spravato dose" names the appointment, not an amount: "can i eat before my dose";
    # "why can't my psychiatrist just write me a prescription": the prescriber, not my dose.
    my_dose=r"(?<!\bbefore )(?<!\bafter )(?<!\bduring )(?<!\buntil )(?<!\bfor )\bmy\b(?! (?:doctor|doc|psychiatrist|prescriber|clinician|provider|therapist|gp|pcp|pharmacist)\b)[^.?!]{0,30}\b(?:dose|dosage|doses|dosing|mg|microdose|prescription|refill)\b",
    safe_for_me=r"(?<!hurt )(?<!hurts )(?<!hurt really )(?<!hurts really )(?<!hurt so )(?<!hurts so )(?<!am )(?<!feel )(?<!felt )(?<!stay )(?<!keep )(?<!being )(?<!are )\b(?:safe|ok|okay|dangerous|alright|fine|risky|bad|possible)\b[^.?!]{0,20}\b(?:for me|with my(?! (?:husband|wife|partner|boyfriend|girlfriend|mom|mum|mother|dad|father|friend|sister|brother|interpreter|translator)\b)|if i|since i|given my|because i|when i|for my|at my age)\b",
    my_condition=r"\bi (?:have|got|was diagnosed with|suffer from|am pregnant|am breastfeeding|am nursing|am diabetic|have had)\b(?! (?:my|an|a|the) (?:\w+ ){0,2}(?:session|appointment|infusion|treatment|consult|consultation|booster|visit|intake)s?\b)[^.?!]{0,60}\b(?:can i|could i|should i|is it safe|will it|is ketamine safe|still do|still get|still have|do i|how should i)\b",
    be_on=rf"\bshould i (?:be on|be taking|get|go up|go down|go back)\b[^.?!]{{0,40}}\b(?:{_DOSE}|{_DRUGS}|more|less|higher|lower)\b",
    extra_dose=rf"\b(?:double|extra|another|more|less|half|skip|missed|make up)\b[^.?!]{{0,30}}\b{_DOSE}\b[^.?!]{{0,40}}\b(?:i|me|my|tonight|today)\b",
    no_prescriber=r"\bmy (?:doctor|psychiatrist|prescriber|clinic|provider) (?:is|was) (?:away|unavailable|not answering|closed|on vacation)\b",
    change_on_my_own=rf"\b(?:thinking of|thinking about|planning to|plan to|going to|want to|might|considering|tempted to|was going to|just)\b[^.?!]{{0,20}}\b(?:not taking|skipping|skip|stopping|stop|quitting|quit|cutting|cut|halving|halve|doubling|double|lowering|lower|raising|raise|upping|dropping|drop|tapering|taper|coming off|come off|going off|go off)\b[^.?!]{{0,10}}\b(?:my|his|her)\b[^.?!]{{0,20}}\b(?:{_DOSE}|{_DRUGS})\b|\b(?:lower|raise|reduce|increase|decrease|skip|stop|hold|pause|halve|double) (?:it|them) (?:on|before|around|the day|the night|the morning) (?:of )?(?:my |the |infusion|treatment|session|spravato|ketamine)",
    dose_for_weight=r"\b(?:weigh|weighed|weighs|weighing|\d+ ?(?:kg|kgs|lbs|pounds))\b[^.?!]{0,50}\b(?:mg|mg/kg|dose|dosage|how much|how many)\b|\b(?:good|right|ideal|best|safe|correct) (?:mg/kg|dose|dosage|amount|starting dose)\b[^.?!]{0,30}\b(?:for (?:me|someone|him|her|my)|at home|to (?:take|start|use))\b",
    give_me_a_dose=r"\b(?:tell|give|show) me (?:the |a |my |your )?(?:dose|dosage|amount)\b(?! (?:of|for) (?:spravato|esketamine|ketamine|it) (?:is|in|used|given)\b)|\bhow much (?:\w+ )?to take\b|\bprescribe me\b|\bwrite me a (?:prescription|script)\b",
    relative_change=r"\b(?:does|do|should|can) (?:he|she|my \w+) (?:skip|stop|hold|pause|keep taking|take) (?:\w+ ){0,4}(?:the day of|the morning of|the night before|before|on the day of) (?:his|her|their|the) (?:infusion|session|treatment|appointment|spravato|dose)\b|\bcan (?:he|she|my \w+) (?:take|have|use|get|do) (?:a double|double|a second|another|an extra|extra|two)\b(?! (?:session|infusion|appointment|visit)s?\b)|\b(?:his|her|their) (?:\w+ )?(?:dose|dosage)\b (?:\w+ ){0,3}(?:need|needs|have|has) to (?:be )?(?:lowered|raised|changed|adjusted|reduced|increased|cut)\b|\bshould (?:he|she|they|my (?:mom|mum|dad|mother|father|husband|wife|partner|son|daughter|brother|sister|grandma|grandpa|grandmother|grandfather|boyfriend|girlfriend)) (?:stop|quit|skip|double|increase|decrease|lower|taper|wean|come off|go off|halve|hold)\b",
    still_go=r"\b(?:go|come in|keep it|show up) or (?:reschedule|cancel|skip|postpone)\b|\b(?:should|do|can|could|must) i still (?:go|go in|do|get|have|keep|attend|show up for)\b(?! (?:to work|back to work|out|for a walk|driving|drive)\b)",
    what_to_stop=r"\b(?:what|which)\b[^.?!]{0,30}\b(?:do i|does he|does she|do they|does my \w+) (?:need to|have to|should) (?:stop|quit|skip|taper|come off|go off|hold)\b",
    # "husband has afib and is on eliquis. ok for him to do ketamine infusions": a relative's case.
    safe_for_relative=r"\b(?:my )?(?:mom|mum|dad|mother|father|husband|wife|partner|son|daughter|brother|sister|grandma|grandpa|grandmother|grandfather|boyfriend|girlfriend|aunt|uncle|niece|nephew|cousin|stepson|stepdaughter|stepmom|stepdad|fiance|fiancee)\b[^?!]{0,120}\b(?:(?:safe|ok|okay|alright|fine|dangerous|risky)|an? (?:reasonable|good|safe|sensible) (?:option|choice|idea)) (?:for (?:him|her|them)|with (?:his|her|their) (?:heart|blood pressure|condition|kidneys|liver|lungs|meds|medication|age|history|diagnosis))(?:(?= to (?:do|get|have|take|try|start|use|keep|stop|continue|be on|go on|mix|combine|receive)\b)|(?! to\b))",
    # "how do i space them out", "can i stretch my infusions to monthly": their own schedule.
    my_interval=r"\b(?:(?:how|when) (?:do|can|should) i|can i|should i|could i)\b[^.?!]{0,20}\b(?:space|stretch|spread)(?: (?:them|it|my \w+|the \w+|these|those))?(?: out| to| further| apart)\b",
    dose_for_relative=r"\b(?:what dose|what dosage|how much|how many mg|what amount)\b[^.?!]{0,40}\b(?:would|should|will|does|do|could) (?:he|she|they|my \w+) (?:get|take|need|use|be given|be on|start (?:on|at|with))\b",
    take_n_if=r"\btake (?:two|three|2|3|another|a second|double|more|extra) if\b",
    push_my_dose=r"\b(?:ok|okay|safe|alright|fine|possible) to (?:push|go up|go higher|increase|bump|raise|up)(?: it| the dose| my dose)?(?: up)? (?:to|for)\b",
    my_frequency=r"\b(?:any harm|is it ok|is it okay|ok|okay|safe|can i|could i|should i)\b[^.?!]{0,25}\b(?:taking|take|using|use|doing|do) (?:it|them|my \w+|the \w+) (?:every day|daily|twice a day|more often|every other day|nightly)\b",
    relative_condition=r"\b(?:my )?(?:mom|mum|dad|mother|father|husband|wife|partner|son|daughter|brother|sister|grandma|grandpa|boyfriend|girlfriend) (?:is|has|was|takes)\b[^?!]{0,60}\b(?:can|could|should|would) (?:she|he|they) (?:get|have|take|do|start|keep|continue|use|still get|still have|still do)\b",
    # "my doctor wants to start me on spravato": the clinician's plan, told as context.
    start_me=r"(?<!wants to )(?<!want to )(?<!plans to )(?<!planning to )(?<!going to )(?<!decided to )\b(?:start|starting) (?:me|myself) on\b|\bwhat should i start (?:with|at)\b|\bwhere should i start\b[^.?!]{0,30}\b(?:dose|microdos)",
    # Round 25 to 27 dev requests that cross-validation missed: sharing one's own prescription,
    # doubling sessions to catch up, a weight given after the dose question, asking the site
    # to decide as if it were the writer's family, asking for a higher number next time.
    share_my_meds=r"\b(?:give|share|let)\b[^.?!]{0,20}\b(?:my|our) (?:\w+ )?(?:son|daughter|kid|child|teen|teenager|husband|wife|partner|friend|brother|sister|mom|mum|dad|mother|father|roommate)\b[^.?!]{0,20}\b(?:some of |one of |a few of |part of )?my (?:ketamine|lozenges?|troches?|pills?|tablets?|spray|medication|meds|prescription)\b",
    catch_up_sessions=r"\bcan (?:i|she|he|they|we|my \w+) (?:just )?(?:do|take|have|get|squeeze in) (?:two|2|double|extra) (?:sessions|doses|treatments|infusions|sprays)\b[^.?!]{0,40}\b(?:catch up|make up)\b",
    dose_then_weight=r"\b(?:mg|mg/kg|mg kg|dose|dosage)\b[^.?!]{0,90}\b(?:i am|i weigh|i m) \d+ ?(?:kg|kgs|kilos|lbs|pounds)\b",
    as_if_yours=r"\bwhat would you do if (?:he|she|they|it|this) (?:were|was) (?:your|you)\b",
    raise_next_time=r"\b(?:asking|ask|tell|telling|get|getting) (?:them|my \w+|the \w+) to (?:go|bump|increase|raise|up|move)(?: it| me| my dose)?(?: up)? to \d",
)
# "How do I find / check / book ...": a practical how-to question, held to the same bar as an
# impersonal one ("how do i look up whether a ketamine doctor is legit" scored crisis 0.77). No
# dev crisis is phrased this way; verbs that could ask for help ("tell", "ask") are left out.
_HOW_TO = re.compile(
    r"^(?:(?:so|ok|okay|hi|hey|quick question)\s+)?(?:how|where|who) (?:do|can|could|should) i "
    r"(?:find|look up|look for|search for|check|verify|choose|pick|compare|prepare for|get ready for|"
    r"pay for|afford|apply|sign up|book|schedule)\b"
)
# "These insurance forms are killing me", "this traffic is killing me": the idiom, when the thing
# doing the killing is not a person, is held to the same bar as an impersonal question.
_KILLING_ME_IDIOM = re.compile(
    r"\b(\w+) (?:is|are|was|were) (?:literally |honestly |seriously |kinda |kind of |so |just |really )?(?:killing|murdering|destroying) me\b"
    r"|\b(it|this|that|\w+) makes? me want to crawl (?:into|in) a hole and die\b"
    r"|\b(?:i am |im |i was |feeling |feel )?(dead) (?:tired|on my feet|beat)\b"
    r"|\b(shot) in the dark\b"
    r"|\bat the end of my (rope|tether) with (?!life\b|living\b|everything\b|it all\b|myself\b)"
    r"|\b(\w+) (?:nearly |almost |just about )?(?:finished|killed) me off\b"
    r"|\b(\w+) (?:are not|is not|were not|was not|not) cutting it\b"
    r"|\b(?:i would|i d|id) (?:literally |honestly )?kill for (a|an|some|the|one|another|more|earlier)\b"
    r"|^(?:ugh |omg |lol |just |someone |somebody )?(kill) me now\b"
    r"|\b(dying) to (?:know|see|hear|try|find out|ask|meet|get)\b"
    r"|\b(?:my|the|our|this) (?!(?:grand\w*|aunt|uncle|cousin|baby|kid|child|son|daughter|niece|nephew|patient|"
    r"(?:step)?(?:mom|dad|mother|father|sister|brother))\b)(\w+) (?:plant |tree )?(?:is|are) (?:slowly |literally |kinda |kind of )?(?:dying|dead)\b"
    r"|\b(dying) (?:to|on|at) (?:the|this|that|a|an) (?:same |final |first |last )?(?:boss|level|stage|mission|raid|enemy|part|round)\b"
    r"|\bto (kill) (?:an hour|a few hours|a couple of hours|some time|time|the time|\d+ (?:minutes|hours))\b"
)
_PEOPLE = frozenset(
    [
        "he",
        "she",
        "they",
        "husband",
        "wife",
        "boyfriend",
        "girlfriend",
        "partner",
        "dad",
        "mom",
        "mum",
        "father",
        "mother",
        "brother",
        "sister",
        "son",
        "daughter",
        "boss",
        "someone",
        "somebody",
        "guy",
        "man",
        "woman",
        "ex",
        "roommate",
        "neighbor",
        "neighbour",
        "friend",
    ]
)
# "Pretend to be my girlfriend", "from now on you're Max": a role-play request needs the classifier
# to be nearly certain (SafetyThresholds.crisis_probability_role_play); the instruction clauses are
# stripped before answering (service/instructions.py).
_ROLE_PLAY = re.compile(
    r"^(?:(?:hey|hi|ok|okay|so|please|lets|(?:forget|ignore) \w+(?: \w+){0,3})\s+)*(?:pretend (?:to be|you are|your|that you are)|act as|"
    r"role ?play(?: as)?|from now on(?:,)? you are|you are now|you are (?:a|an|my) (?:\w+ ){1,3}now|be my|"
    r"(?:can|could|would|will) you (?:please )?(?:be|act as|act like|play) (?:a|an|my)(?= \w))\b"
)

# "My infusion is tomorrow": scheduling talk (see SafetyThresholds.crisis_probability_scheduling).
_SCHEDULING = re.compile(
    r"\b(?:today|tomorrow|tonight|\w+day)(?: is|s) my (?:\w+ ){0,3}(?:infusion|session|treatment|booster|appointment|dose)s?\b|"
    r"(?:^|\b(?:my|the|our) )(?:\w+ ){0,2}(?:infusion|session|appointment|treatment|booster|consult|spravato|ketamine|esketamine)s? (?:is|are|was|starts|begins) "
    r"(?:tomorrow|tonight|today|next \w+|this (?:morning|afternoon|evening|week|weekend|\w+day)|on \w+day|"
    r"in (?:\d+|a|an|one|two|three|four|five|six|a few|a couple of) (?:hours?|days?|weeks?)|at (?:\d+|noon))"
)
# "Can I drive after Spravato?", "can I bring my own playlist?": a practical question about an
# activity, answered by the articles; the advice classifier alone does not make it personal advice
# (an advice pattern still does: "can i drink alcohol after my infusion").
_ACTIVITY = re.compile(
    r"\b(?:can|should|could|may) i (?:still )?(?:drive|go (?:back )?to work|work|exercise|work out|fly|travel|"
    r"shower|nap|sleep|bring|wear|listen|take (?:\w+ ){1,3}home)\b"
)
# "My dog ate half a bar of chocolate": a pet's emergency is off-site, and the classifier alone does
# not make it a person's crisis (a crisis pattern still can: "i gave my dog to my sister").
_PET = re.compile(r"\b(?:my|our|the) (?:dog|cat|puppy|kitten|pet|horse|parrot|bird|rabbit|bunny|hamster|ferret)\b")
_FIRST_PERSON = re.compile(r"\b(?:i|me|my|myself|mine)\b")
_QUESTION_START = re.compile(
    r"(?:what|whats|how|hows|why|when|where|which|who|whos|is|are|does|do|can|could|should|will|would)\b"
)

# A request to produce something (a poem, a story, code, homework) rather than a question. It is
# out of scope, and the classifier alone does not make it a crisis: "write me a poem" sits near the
# farewell-letter exemplars (crisis 0.53). A crisis pattern still comes first ("write a goodbye
# letter to my kids", "a poem about how i want to die"), and letters, notes and messages are not
# in the list, because a farewell can be asked for that way.
TASK_REQUEST = re.compile(
    r"^(?:(?:hey|hi|hello|ok|okay|so|please|pls|can you|could you|would you|will you|pretty please|"
    r"i need you to|i want you to|help me|go ahead and|now)\s+)*"
    r"(?:write|compose|draft|make|generate|create|give me|tell me|sing|solve|code|debug|fix|translate|do|i need|i want|i would like)\b"
    r"[^.?!]{0,40}\b(?:poems?|poetry|songs?|lyrics|story|stories|haiku|limericks?|raps?|essays?|jokes?|"
    r"riddles?|sonnets?|ballads?|novel|screenplay|script|code|functions?|programs?|quer(?:y|ies)|sql|"
    r"regex|recipes?|cover letters?|resumes?|cvs?|tweets?|captions?|slogans?|playlists?|workouts?|workout plans?|training plans?|meal plans?|"
    r"study plans?|itinerar(?:y|ies)|shopping lists?|reading lists?|homework|assignment|equations?)\b"
)

# Dose-like text that must never appear in crisis or medical_advice answers.
DOSE_LIKE = re.compile(
    r"\b\d+(?:\.\d+)?\s*(?:mg|mcg|µg|ml|milligrams?|micrograms?|millilit(?:er|re)s?|cc|units?)\b"
    r"|\bmg/kg\b|\bper kilogram\b|\btake \d+\b|\b\d+\s*(?:pills?|tablets?|lozenges?|troches?|sprays?|drops?)\b",
    re.IGNORECASE,
)

# "I'm safe", "not thinking of hurting myself": a sentence that says so is not a crisis sentence.
_SAYS_SAFE = re.compile(
    r"\b(?:i am|i feel) (?:safe|okay|ok|fine)\b"
    r"|\b(?:not|never|no longer) (?:thinking|planning|going|trying|wanting) (?:of|about|to) (?:hurt|harm|kill|end|die|do anything)"
)

# "Rough week honestly but i'm ok, can I move my infusion?": the writer says they are safe. Without
# a crisis pattern the classifier alone must then be very sure. ("I feel fine" is left out: people
# who have just overdosed say it.)
_SAYS_OK = re.compile(r"\b(?:but|and|honestly|really|otherwise) i am (?:ok|okay|alright|safe)\b|\bi am safe\b")

# Topics where an informational answer also shows crisis resources.
SENSITIVE_TOPIC = re.compile(r"\b(?:suicid\w*|self ?harm|overdose|kill|die|dying|death|crisis)\b")


@dataclass
class Verdict:
    """The safety decision for one question, with the evidence behind it."""

    status: str | None
    reason: str
    scores: dict[str, float] = field(default_factory=dict)
    sensitive: bool = False
    # Set when the message is surely not in English (`LanguageCheck`).
    language: str | None = None


def message_sentences(text: str) -> list[str]:
    """The sentences of a message that are two words or longer, in order, without repeats."""
    return list(dict.fromkeys(s for s in split_sentences(text) if len(s.split()) >= 2))


@dataclass
class Exemplars:
    labels: list[str]
    vectors: np.ndarray
    # Single sentences for the sentence check (`SafetyClassifier.sentence_crisis`): a crisis
    # exemplar that is one sentence is a crisis sentence; every sentence of a non-crisis exemplar
    # is not. (The sentences of a longer crisis exemplar are left out: most are ordinary.)
    sentence_labels: list[bool] = field(default_factory=list)
    sentence_vectors: np.ndarray | None = None
    # For the scope check (`SafetyClassifier.off_site`): True for a question on a subject the
    # site does not cover, from the scope file, plus the out_of_scope exemplars above.
    scope_labels: list[bool] = field(default_factory=list)
    scope_vectors: np.ndarray | None = None
    # One sample weight per row of `vectors` (empty: all 1): `TRAINING_WEIGHT` for the rows read
    # from the training file.
    weights: list[float] = field(default_factory=list)
    # The message behind each row of `vectors`, for the classifier's word features (empty: the
    # classifier reads the vectors alone).
    texts: list[str] = field(default_factory=list)

    @classmethod
    def load(
        cls,
        embedder: Embedder,
        paths: tuple[Path, ...] = EXAMPLES_PATHS,
        cache_dir: Path | None = None,
        scope_path: Path | None = SCOPE_EXAMPLES_PATH,
        training_path: Path | None = TRAINING_PATH,
    ) -> Exemplars:
        pairs = [pair for path in paths for pair in read_exemplars(path, LABELS)]
        labels = [label for label, _ in pairs]
        texts = [text for _, text in pairs]
        vectors = _encode_cached(embedder, labels, texts, cache_dir, "safety")
        # The dev-split messages train the message classifier (and its crisis neighbours) only;
        # the sentence and scope models keep to the exemplar files, as they were chosen.
        training = read_exemplars(training_path, LABELS) if training_path is not None else []
        train_labels = [label for label, _ in training]
        train_vectors = (
            _encode_cached(embedder, train_labels, [text for _, text in training], cache_dir, "safety-training")
            if training
            else None
        )
        sentence_labels: list[bool] = []
        sentences: list[str] = []
        for label, text in zip(labels, texts, strict=True):
            parts = message_sentences(text)
            if label == "crisis":
                if len(parts) == 1:
                    sentence_labels.append(True)
                    sentences.append(parts[0])
            else:
                sentence_labels += [False] * len(parts)
                sentences += parts
        # A one-sentence exemplar's vector is its sentence's vector; only the rest are embedded.
        known = {text: row for row, text in enumerate(texts)}
        missing = list(dict.fromkeys(t for t in sentences if t not in known))
        extra = (
            _encode_cached(embedder, ["sentence"] * len(missing), missing, cache_dir, "safety-sentences")
            if missing
            else np.zeros((0, vectors.shape[1]), dtype=vectors.dtype)
        )
        at = {text: row for row, text in enumerate(missing)}
        sentence_vectors = (
            np.vstack([vectors[known[t]] if t in known else extra[at[t]] for t in sentences]) if sentences else None
        )
        scope_labels: list[bool] = []
        scope_vectors: np.ndarray | None = None
        if scope_path is not None:
            scope = read_exemplars(scope_path, SCOPE_LABELS)
            extra_labels = [label for label, _ in scope]
            extra_texts = [text for _, text in scope]
            if extra_texts:
                scope_labels = [label == "out_of_scope" for label in labels] + [
                    label == "off_site" for label in extra_labels
                ]
                scope_vectors = np.vstack(
                    [vectors, _encode_cached(embedder, extra_labels, extra_texts, cache_dir, "scope")]
                )
        exemplars = cls(
            labels, vectors, sentence_labels, sentence_vectors, scope_labels, scope_vectors, texts=texts
        )
        if train_vectors is None:
            return exemplars
        return exemplars.with_training(train_labels, train_vectors, [text for _, text in training])

    def with_training(self, labels: list[str], vectors: np.ndarray, texts: list[str]) -> Exemplars:
        """These exemplars plus training rows (messages `texts`) for the message classifier only,
        each weighted `TRAINING_WEIGHT` (the sentence and scope models are unchanged)."""
        if not (len(labels) == len(vectors) == len(texts)):
            raise ValueError(f"{len(labels)} labels, {len(vectors)} vectors and {len(texts)} texts")
        weights = (self.weights or [1.0] * len(self.labels)) + [TRAINING_WEIGHT] * len(labels)
        return replace(
            self,
            labels=self.labels + labels,
            vectors=np.vstack([self.vectors, vectors]),
            weights=weights,
            texts=self.texts + texts if self.texts else [],
        )


def read_exemplars(path: Path, allowed: tuple[str, ...]) -> list[tuple[str, str]]:
    """(label, text) pairs of one exemplar file, label by label in `allowed` order; a label
    outside `allowed` is an error that names the file."""
    data: dict[str, list[str]] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    unknown = set(data) - set(allowed)
    if unknown:
        raise ValueError(f"{path}: unknown exemplar labels {sorted(unknown)}; expected {allowed}")
    return [(label, str(text)) for label in allowed for text in data.get(label) or []]


def _encode_cached(
    embedder: Embedder, labels: list[str], texts: list[str], cache_dir: Path | None, name: str
) -> np.ndarray:
    """The texts' vectors, kept in `cache_dir` under a digest of labels, texts and model."""
    digest = hashlib.sha256(
        ("\n".join(f"{a}\t{b}" for a, b in zip(labels, texts, strict=True)) + embedder.model_id).encode()
    ).hexdigest()[:16]
    cached = cache_dir / f"{name}-{digest}.npy" if cache_dir else None
    if cached and cached.is_file():
        return np.load(cached)
    vectors = embedder.encode(texts)
    if cached:
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            tmp = cached.with_suffix(".tmp.npy")
            np.save(tmp, vectors)
            tmp.replace(cached)
        except OSError:
            pass
    return vectors


@dataclass
class SafetyThresholds:
    """Chosen on the dev split only (evals/README.md has the measured effect)."""

    # Probability from the exemplar classifier at or above which a message is routed. Crisis
    # recall matters most, so this is the lowest value that keeps dev false crisis routes
    # under 1% of the non-crisis messages (3 of 433 at 0.50; every dev crisis scores >= 0.71).
    # Kept at 0.50 once the dev messages were trained on (`TRAINING_PATH`): in 5-fold
    # cross-validation it routes 683 of 689 held-out dev crises and 12 of 1,040 other messages
    # (0.55: 682 and 11; 0.60: 680 and 8), and a missed crisis costs more than a false route.
    crisis_probability: float = 0.50
    # Without a crisis pattern, the classifier alone routes to crisis only when the message
    # is also close to some crisis exemplar (cosine), or when it is very sure: this keeps odd
    # short requests ("give me a 20 min ab workout") and anxious health questions out of crisis.
    crisis_neighbour: float = 0.45
    crisis_probability_alone: float = 0.90
    # Scheduling talk ("my infusion is tomorrow") scores up to 0.97 as a crisis, because crisis
    # exemplars put "my last infusion is tomorrow" beside a plan; without a crisis pattern it needs
    # near certainty. It still shows the resources (the safety net), and the one dev crisis phrased
    # this way is caught by its own pattern (if_this_fails).
    crisis_probability_scheduling: float = 0.99
    # A role-play request ("pretend ur my girlfriend and send me a goodnight message": 0.93,
    # beside the farewell-message exemplars) likewise needs near certainty; a pattern still wins.
    crisis_probability_role_play: float = 0.99
    # A message in another language (`LanguageCheck`) is read by an English classifier; once it
    # was trained on the Spanish dev crises, ordinary Spanish questions scored 0.50-0.59 ("cuantas
    # sesiones se necesitan normalmente"). In dev cross-validation every Spanish crisis the
    # classifier caught scored >= 0.81; at 0.75 three of the six false routes go (the other three
    # scored higher, or were not recognised as Spanish) and no crisis does.
    crisis_probability_other_language: float = 0.75
    # A crisis clause inside an ordinary message ("does spravato interact with alcohol? had most
    # of a bottle of vodka and took all the tramadol i had left") is diluted in the message's
    # vector. One sentence that the sentence model scores at least this high is enough, when the
    # message has no better reading. On the 21 round-8 and round-9 dev crises that the layer
    # missed before those rounds, 0.92 caught 4 (0.90: 5, 0.80: 7) and flagged no other dev
    # message but ones already routed (0.90: "Like, I'm going to scream.").
    crisis_sentence_probability: float = 0.92
    # Below the routing threshold but not negligible: answer normally, and show resources too.
    # The safety net for crises the layer misses: the highest value (in steps of 0.05) at which
    # every dev crisis not routed to crisis still shows the resources (5 of 5 at 0.10, 4 of 5 at
    # 0.15 and 0.20); 19 of 103 golden dev answers show them too (10 at 0.20).
    crisis_resources_probability: float = 0.10
    advice_probability: float = 0.55
    # Cosine of the question to its nearest chunk: below these it is about something else.
    off_topic_corpus: float = 0.27
    off_topic_corpus_strict: float = 0.12
    off_topic_corpus_loose: float = 0.35
    out_of_scope_probability: float = 0.6
    # A question the articles cannot answer is out of scope, not "not covered", when the scope
    # model is this sure it is about another subject and the question names no article tag. On
    # the dev questions that abstained: 0.90 moves 7 of 16 out-of-scope ones and no near-miss
    # (without the tag guard, 1 of 274: "what does a typical intake screening look like");
    # 0.80: 10 and 1 (plus 1 unanswerable golden question); 0.70: 11 and 2.
    off_site_probability: float = 0.9


class LanguageCheck:
    """Which language a message is in (py3langid, whose model ships in the package). The layer's
    patterns and exemplars are English, with Spanish crisis phrases and those of
    service/crisis_phrases.yaml; any other message in another language cannot be read reliably,
    so it is routed out of scope with the crisis resources."""

    LANGUAGES = ("en", "es", "fr", "de", "pt", "it", "zh", "ar", "vi", "tl", "ko", "ru")

    def __init__(self, confidence: float = 0.9) -> None:
        from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

        self.confidence = confidence
        self._identifier = LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)
        self._identifier.set_languages(list(self.LANGUAGES))

    def other_language(self, text: str) -> str | None:
        """The language code when the message is surely not English (probability >= confidence);
        None for English and for anything unsure (short or mixed messages)."""
        language, probability = self._identifier.classify(text)
        return str(language) if language != "en" and probability >= self.confidence else None


class Logistic:
    """A fitted scikit-learn logistic regression whose `predict_proba` is computed here, from its
    weights: the softmax of the decision scores, or for two classes the logistic of the one score
    (identical to scikit-learn's to 1e-15 on every suite message). scikit-learn's input checks
    took about a third of the safety check's classifier time (evals/README.md)."""

    def __init__(self, fitted: Any) -> None:
        self.classes_ = fitted.classes_
        self.coef_ = np.asarray(fitted.coef_)
        self.intercept_ = np.asarray(fitted.intercept_)

    def proba_of_scores(self, scores: Any) -> np.ndarray:
        """The probabilities for decision scores without the intercept (features @ coef_.T)."""
        from scipy.special import expit, softmax

        scores = np.asarray(scores) + self.intercept_
        if scores.shape[1] == 1:
            positive = expit(scores[:, 0])
            return np.column_stack([1.0 - positive, positive])
        return np.asarray(softmax(scores, axis=1))

    def predict_proba(self, features: Any) -> np.ndarray:
        return self.proba_of_scores(features @ self.coef_.T)


def _logistic(
    vectors: np.ndarray | None, labels: list[Any], classes: int, weights: list[float] | None = None, **params: Any
) -> Any:
    """A logistic regression (C = 4) fitted on the vectors, with optional sample weights
    (`Logistic`); None without vectors, or when the labels do not hold exactly `classes` distinct
    values."""
    if vectors is None or len(set(labels)) != classes:
        return None
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=4.0, **params)
    model.fit(vectors, labels, sample_weight=np.asarray(weights) if weights else None)
    return Logistic(model)


class WordsAndVector:
    """A logistic regression (`_logistic`) on each text's vector beside the TF-IDF of its
    normalised words and word pairs (scaled by `LEXICAL_WEIGHT`). Without the texts, or when they
    share no word twice, it reads the vectors alone. `model` is None when `_logistic` gives none."""

    def __init__(
        self, vectors: np.ndarray | None, labels: list[Any], texts: list[str], classes: int,
        weights: list[float] | None = None, **params: Any,
    ) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.words: Any = None
        features: Any = vectors
        if vectors is not None and texts and len(texts) == len(labels):
            words = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, preprocessor=normalise)
            try:
                features = self._join(vectors, words.fit_transform(texts))
                self.words = words
            except ValueError:  # no word occurs twice (a handful of test exemplars)
                features = vectors
        self.model: Any = _logistic(features, labels, classes, weights, **params)

    @staticmethod
    def _join(vectors: np.ndarray, words: Any) -> Any:
        from scipy import sparse

        return sparse.hstack([sparse.csr_matrix(vectors), LEXICAL_WEIGHT * words]).tocsr()

    @property
    def classes_(self) -> Any:
        return self.model.classes_

    def predict_proba(self, vectors: np.ndarray, texts: list[str]) -> np.ndarray:
        """`model.predict_proba` of the joined features, computed in two parts: the vectors' share
        of the scores, and the words' (`Logistic.proba_of_scores`)."""
        weights = self.model.coef_
        scores = vectors @ weights[:, : vectors.shape[1]].T
        if self.words is not None:
            scores = scores + LEXICAL_WEIGHT * (self.words.transform(texts) @ weights[:, vectors.shape[1] :].T)
        return np.asarray(self.model.proba_of_scores(scores))


class SafetyClassifier:
    """Routes a question to crisis, medical_advice or out_of_scope, or lets it through (None)."""

    def __init__(
        self,
        exemplars: Exemplars | None,
        thresholds: SafetyThresholds | None = None,
        language: LanguageCheck | None = None,
        phrases: CrisisPhrases | None = None,
    ) -> None:
        self.exemplars = exemplars
        self.t = thresholds or SafetyThresholds()
        self.language = language
        self.phrases = phrases
        ex = exemplars
        # A linear model on the sentence vectors generalises better than nearest neighbours on the
        # dev split (crisis recall 0.97 vs 0.90 with patterns off).
        # The message classifier: the message's vector and its words (`LEXICAL_WEIGHT`).
        self.model = (
            WordsAndVector(ex.vectors, ex.labels, ex.texts, len(LABELS), ex.weights, max_iter=3000) if ex else None
        )
        self._crisis_vectors = ex.vectors[[label == "crisis" for label in ex.labels]] if ex else None
        # Balanced: there are about three ordinary sentences for each crisis sentence.
        # (Words beside its vectors too were measured and gave nothing: evals/README.md.)
        self.sentence_model: Any = (
            _logistic(ex.sentence_vectors, ex.sentence_labels, 2, max_iter=2000, class_weight="balanced") if ex else None
        )
        # Its own model: other-health exemplars in the main classifier cost dev crises
        # (evals/README.md), and this one is only read once the articles have no answer.
        self.scope_model: Any = (
            _logistic(ex.scope_vectors, ex.scope_labels, 2, max_iter=3000, class_weight="balanced") if ex else None
        )

    def sentence_crisis(self, sentences: list[tuple[str, np.ndarray]]) -> tuple[str, float] | None:
        """The sentence most likely to be a crisis, with its probability from the sentence model;
        None without one, or when no sentence qualifies. A sentence that says the writer is safe
        ("not thinking of hurting myself") does not count."""
        if self.sentence_model is None or not sentences:
            return None
        kept = [(text, vector) for text, vector in sentences if not _SAYS_SAFE.search(normalise(text))]
        if not kept:
            return None
        probs = self.sentence_model.predict_proba(np.vstack([v for _, v in kept]))[:, 1]
        best = int(np.argmax(probs))
        return kept[best][0], float(probs[best])

    def off_site(self, vector: np.ndarray | None) -> float:
        """P(the question is about a subject the site does not cover), from the scope model
        (0 without one)."""
        if self.scope_model is None or vector is None:
            return 0.0
        return float(self.scope_model.predict_proba(vector.reshape(1, -1))[0, 1])

    def scope_check(self, question: str, vector: np.ndarray | None, names_subject: bool = False) -> str | None:
        """Why a question the articles cannot answer is out of scope rather than "not covered":
        a request to play a character, or a question on another subject (another health topic,
        a pet, travel). None when it is about the site's subject, and always when it names one
        of the site's subjects (`names_subject`: an article tag such as "screening" or "blood
        pressure"). Only read after the answerer has abstained, so a covered question is never
        turned away."""
        if _ROLE_PLAY.search(normalise(question)):
            return "a role-play request the articles cannot answer"
        if not names_subject and self.off_site(vector) >= self.t.off_site_probability:
            return "about a subject the site does not cover"
        return None

    def nearest_crisis(self, vector: np.ndarray | None) -> float:
        """Cosine of the message to its nearest crisis exemplar (0 without exemplars)."""
        if vector is None or self._crisis_vectors is None or len(self._crisis_vectors) == 0:
            return 0.0
        return float((self._crisis_vectors @ vector).max())

    def probabilities(self, vector: np.ndarray | None, text: str = "") -> dict[str, float]:
        """P(label | message) from the message classifier, which reads the message's vector and
        its words `text` (zeros without a classifier or a vector)."""
        if self.model is None or self.model.model is None or vector is None:
            return {label: 0.0 for label in LABELS}
        probs = self.model.predict_proba(vector.reshape(1, -1), [text])[0]
        return {str(label): float(p) for label, p in zip(self.model.classes_, probs, strict=True)}

    def _elevated(self, scores: dict[str, float]) -> bool:
        return scores.get("crisis", 0.0) >= self.t.crisis_resources_probability

    def _crisis_floor(self, text: str, has_other_reading: bool, personal: bool, other_language: bool = False) -> float:
        """How sure the classifier alone must be to call a (normalised) message with no crisis
        pattern a crisis.

        Very sure when the message has a better reading: it matches a personal-advice pattern
        ("how much should i take": the pattern is the stronger evidence) or is a request to write
        or solve something; it is an impersonal question ("whats a relapse plan": on dev, no crisis
        phrased that way lacked a pattern) or a practical how-to; or "X is killing me" where X is
        not a person, or a threat told as a joke ("she joked she'd kill me"); or the message is
        about a pet; or the writer says they are ok ("rough week but i'm ok"). Surer for a message
        in another language; nearly certain for scheduling talk and for a role-play request.
        """
        idiom = _KILLING_ME_IDIOM.search(text)
        other_reading = (
            has_other_reading
            or bool(_JOKED_THREAT.search(text))
            or (not personal and bool(_QUESTION_START.match(text)))
            or bool(_HOW_TO.match(text))
            or bool(_PET.search(text))
            or bool(_SAYS_OK.search(text))
            or bool(idiom and next((g for g in idiom.groups() if g), None) not in _PEOPLE)
        )
        floor = self.t.crisis_probability_alone if other_reading else self.t.crisis_probability
        if _SCHEDULING.search(text):
            floor = max(floor, self.t.crisis_probability_scheduling)
        if _ROLE_PLAY.search(text):
            floor = max(floor, self.t.crisis_probability_role_play)
        if other_language:
            floor = max(floor, self.t.crisis_probability_other_language)
        return floor

    def classify(
        self,
        question: str,
        vector: np.ndarray | None,
        corpus_similarity: float | None = None,
        sentences: Callable[[], list[tuple[str, np.ndarray]]] | None = None,
        names_subject: bool | None = None,
    ) -> Verdict:
        """The verdict for one message. `vector` is the whole message's; `sentences`, when given,
        returns its sentences with their vectors (`message_sentences`), and is only called when
        the sentence check runs. `names_subject` says whether the message names one of the site's
        subjects (None: the scope check is off; see `scope_check`)."""
        text = normalise(question)
        scores = self.probabilities(vector, question)
        # Set when the message is surely not in English: a crisis answer then adds the same text in
        # its language (service/crisis_phrases.yaml), and the classifier alone must be surer.
        other = self.language.other_language(question) if self.language is not None else None
        sensitive = bool(SENSITIVE_TOPIC.search(text))
        info = scores.get("informational", 0.0)

        # 1. Crisis, on a pattern or on clear similarity to crisis messages.
        rule, history = scan_unnegated(CRISIS, text)
        if rule:
            return Verdict("crisis", f"crisis pattern: {rule}", scores, True, other)
        # Ten more languages' crisis phrases (service/crisis_phrases.py); the answer adds a line in
        # the phrase's language.
        said_in = self.phrases.match(question) if self.phrases is not None else None
        if said_in:
            return Verdict("crisis", f"crisis phrase ({said_in})", scores, True, said_in)
        advice_rule = first_match(ADVICE, text)
        task = not advice_rule and bool(TASK_REQUEST.match(text))
        personal = bool(_FIRST_PERSON.search(text))
        # A crisis phrase told as history (`history`) is the better reading of the classifier's
        # crisis score too.
        # "Now I'm fine" in another language (service/crisis_phrases.yaml) is a better reading too.
        recovered = bool(other) and self.phrases is not None and self.phrases.says_recovered(question)
        crisis_floor = self._crisis_floor(
            text,
            has_other_reading=bool(advice_rule or task or history or recovered),
            personal=personal,
            other_language=bool(other),
        )
        if scores["crisis"] >= crisis_floor and (
            scores["crisis"] >= self.t.crisis_probability_alone
            or self.nearest_crisis(vector) >= self.t.crisis_neighbour
        ):
            return Verdict("crisis", "classified as crisis", scores, True, other)
        # 1a. Not in English: the classifier and the articles cannot read it. Out of scope, always
        # with the crisis resources (a crisis the Spanish patterns and the phrases miss still sees them).
        if other:
            return Verdict("out_of_scope", f"written in another language ({other})", scores, True, other)
        # 1b. One sentence of a longer message that reads as a crisis on its own, when the message
        # shows some sign of distress (the safety-net level) and nothing gives it a better reading.
        if sentences is not None and crisis_floor == self.t.crisis_probability and self._elevated(scores):
            parts = sentences()
            found = self.sentence_crisis(parts) if len(parts) > 1 else None
            if found and found[1] >= self.t.crisis_sentence_probability:
                return Verdict("crisis", "a sentence classified as crisis", scores, True)

        # 2. Personal medical advice: only ever for a person asking about themselves.
        if advice_rule:
            return Verdict(
                "medical_advice",
                f"advice pattern: {advice_rule}",
                scores,
                sensitive or self._elevated(scores),
            )
        if task:
            # One about death or suicide still brings the resources.
            return Verdict("out_of_scope", "a request to write or solve something", scores, sensitive)
        if personal and not _ACTIVITY.search(text) and scores["medical_advice"] >= self.t.advice_probability:
            # "Should I pay off my car loan early", "is it ok to sleep in my contact lenses": a
            # personal question on another subject, with no advice pattern, is out of scope.
            if names_subject is False and self.off_site(vector) >= self.t.off_site_probability:
                return Verdict(
                    "out_of_scope", "a personal question on a subject the site does not cover", scores,
                    sensitive or self._elevated(scores),
                )
            return Verdict(
                "medical_advice", "classified as personal advice", scores, sensitive or self._elevated(scores)
            )

        # 3. Out of scope: far from every article, and nearer unrelated requests than site questions.
        # A first-person message the classifier half-reads as a crisis ("should i stop bothering
        # with all of this": 0.89, but no crisis exemplar near) keeps the resources.
        oos = scores["out_of_scope"]
        distress = personal and scores["crisis"] >= self.t.crisis_probability
        if corpus_similarity is not None:
            if corpus_similarity < self.t.off_topic_corpus and oos >= info:
                return Verdict("out_of_scope", "far from every article", scores, distress)
            if corpus_similarity < self.t.off_topic_corpus_strict:
                return Verdict("out_of_scope", "unrelated to every article", scores, distress)
        if oos >= self.t.out_of_scope_probability and (
            corpus_similarity is None or corpus_similarity < self.t.off_topic_corpus_loose
        ):
            return Verdict("out_of_scope", "classified as unrelated", scores, distress)
        return Verdict(None, "informational", scores, sensitive or self._elevated(scores))


def dose_like(text: str) -> list[str]:
    """Dose-like fragments in a text (used to scrub and to test answers)."""
    return [m.group(0) for m in DOSE_LIKE.finditer(text)]


def resources_payload(resources: list[Any]) -> list[dict[str, str]]:
    return [{"name": r.name, "contact": r.contact, "url": r.url} for r in resources]
