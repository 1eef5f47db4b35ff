"""Safety routing, checked before retrieval on every question.

Two signals are combined, so no single wording decides:

1. Normalised patterns: the text is lower-cased, apostrophes dropped and common
   misspellings folded, then matched against patterns for crisis, personal medical
   advice and informational framing.
2. Similarity to labelled exemplars (service/safety_examples.yaml), using the question
   vector that retrieval computes anyway: the mean cosine of the k nearest exemplars of
   each label.

The rules (`SafetyClassifier.classify`) and thresholds are chosen on the dev split of
evals/suites/safety.*.yaml; the test split is only ever reported.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from service.embedders import Embedder

EXAMPLES_PATH = Path(__file__).with_name("safety_examples.yaml")
LABELS = ("crisis", "medical_advice", "informational", "out_of_scope")

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
    r"\barent\b": "are not",
    r"\bhes\b": "he is",
    r"\bshes\b": "she is",
    r"\btheyre\b": "they are",
    r"\bwanna\b": "want to",
    r"\bgonna\b": "going to",
    r"\bgotta\b": "got to",
    r"\bkms\b": "kill myself",
    r"\bkys\b": "kill yourself",
    r"\bunalive\b": "kill",
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
    """Lower-case, drop apostrophes, fold misspellings and collapse white space."""
    text = text.lower().replace("’", "'").replace("‘", "'")
    text = re.sub(r"'", "", text)
    text = re.sub(r"[^a-z0-9/\s]", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    for pattern, repl in _FOLD_PATTERNS:
        text = pattern.sub(repl, text)
    return re.sub(r"\s+", " ", text).strip()


def _any(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


_SELF = r"(?:i|i am|i have|i will|i would|me|my|myself)"
_OTHER = r"(?:he|she|they|my \w+|someone|somebody|a friend|friend|him|her|them)"

# Crisis: first-person intent or despair, an emergency happening now, or a threat to others.
CRISIS = _any(
    r"\b(?:kill|hurt|harm|cut|burn|hang|shoot|drown|starve|poison) (?:my ?self|myself)\b",
    r"\bend (?:my|it all|everything|my own) ?(?:life|all)?\b.*\b(?:tonight|today|now|soon|going to|want to|plan)\b",
    r"\b(?:want|wanted|going|plan|planning|thinking about|thought about|ready|tempted|decided) (?:to )?(?:die|end it|end my life|end things|kill myself|commit suicide|not be here|disappear forever)\b",
    r"\b(?:i|i am|i have|i keep|i feel|i still|i really)\b[^.?!]{0,40}\b(?:suicidal|suicide)\b",
    r"\bsuicid\w*\b[^.?!]{0,30}\b(?:tonight|today|right now|again|thoughts? (?:again|every day|all the time))\b",
    r"\b(?:do not|dont|cannot|no longer|never) (?:want to|wanna|going to) (?:live|be alive|be here|exist|wake up|go on|keep going|see tomorrow)\b",
    r"\b(?:wish|hope) (?:i|i was|i were|i would|i could) (?:die|dead|not wake up|never wake up|disappear|was dead|were dead|not exist|stop existing)\b",
    r"\b(?:better off|happier) (?:without me|if i (?:was|were) (?:gone|dead))\b",
    r"\bno (?:reason|point) (?:to|in) (?:live|living|going on|being alive|keep going)\b",
    r"\b(?:what is|whats) the point (?:of|in) (?:living|anything|life|going on|trying)\b",
    r"\bwhat is the point any more\b|\bwhats the point any more\b",
    r"\b(?:cannot|can not) (?:do this|go on|take (?:it|this)|keep going|cope)\b[^.?!]{0,30}\b(?:any more|anymore|much longer|another)\b",
    r"\b(?:want|need) (?:it|everything|the pain) (?:all )?to (?:stop|end)\b",
    r"\bjust want (?:it all|everything|it|the pain) to (?:stop|end|be over)\b",
    r"\b(?:goodbye|suicide) (?:note|letter)s?\b|\bwrote (?:letters|goodbye)\b",
    r"\b(?:cutting|burning|hurting|harming) myself\b|\bself ?harm(?:ing)? (?:again|tonight|now)\b|\bi (?:self ?harm|cut)\b",
    r"\b(?:not|isnt|is not|stopped|cannot|can not|barely) (?:breathing|breath)\b",
    r"\b(?:will not|wont|cannot|can not|does not|is not) (?:wake|waking|respond|responding)\b",
    r"\b(?:unresponsive|unconscious|passed out and|turning blue|lips are blue|blue lips|having a seizure|seizing|convulsing|collapsed)\b",
    r"\b(?:took|taken|swallowed|ate|used|had|injected|snorted) (?:a bunch|too many|too much|all|the whole|a whole|way too|an entire|so many|extra)\b[^.?!]{0,40}\b(?:pills|bottle|troches|lozenges|tablets|ketamine|medication|spray|doses|k|of (?:them|it|my))\b",
    r"\b(?:i|he|she|they|friend|my \w+) (?:just )?(?:overdose|overdosing|is overdosing|took an overdose)\b",
    r"\boverdose\b[^.?!]{0,30}\b(?:right now|now|help|what do i do|please)\b",
    r"\b(?:chest pain|cannot breathe|can not breathe|heart is racing|face is drooping|slurring|throat is closing|throat closing)\b[^.?!]{0,40}\b(?:now|right now|after|help|please|since)?",
    r"\b(?:going to|gonna|want to|will|about to|plan to|planning to) (?:kill|hurt|stab|shoot|beat|attack|strangle|murder) (?:him|her|them|my \w+|someone|somebody|people|everyone|you|the \w+)\b",
    r"\bi (?:could|might|will) (?:kill|hurt) (?:him|her|them|my \w+|someone)\b",
    r"\b(?:bought|got|have) (?:a gun|a rope|pills)\b[^.?!]{0,30}\b(?:to|for|so)\b",
    r"\b(?:how many|how much)\b[^.?!]{0,40}\b(?:to die|to not wake up|to never wake up|would kill me|to kill myself|to end it|to overdose)\b",
    r"\b(?:not wake up|never wake up|go to sleep forever|sleep forever)\b",
    r"\b(?:everyone|they|my family|the world) (?:would be|will be|is) better (?:off )?without me\b",
    r"\bgive up on (?:life|living|everything)\b|\bgiving up on (?:life|living)\b",
    r"\bnot be here (?:much longer|anymore|any more|tomorrow)\b|\bwont be here\b|\bwill not be here (?:much longer|tomorrow)\b",
    r"\bthinking (?:about|of) (?:ending it|ending my life|suicide|killing myself|offing myself|dying)\b",
    r"\b(?:offing|off) myself\b",
)

# Informational framing that, with no first-person crisis signal, marks a near-miss.
INFORMATIONAL = _any(
    r"^(?:can|does|do|is|are|what|whats|why|how|when|which|who|where|should people|could)\b",
    r"\b(?:in general|generally|studies|research|study|trials?|evidence|statistics|rate|risk of|signs of|what happens|how do clinics|used for|approved for|treat|treatment for|help with)\b",
)

# Personal medical advice: a dose or a change of treatment for the person asking.
DOSE_WORDS = r"(?:dose|dosage|doses|dosing|mg|milligrams?|mg/kg|ml|microdose|microdosing|amount|how much|how many|lozenges?|troches?|sprays?|pills?|tablets?|units|drops)"
ADVICE = _any(
    rf"\b(?:how much|how many|what dose|what dosage|which dose|what amount|what strength|how strong)\b[^.?!]{{0,60}}\b(?:i|me|my|myself|should|can i|do i|for someone my|my weight|i weigh)\b",
    rf"\b(?:should|can|could|do|may|is it ok if|is it okay if|would it be ok if|would it hurt if) i\b[^.?!]{{0,50}}\b(?:take|stop|start|quit|skip|double|increase|decrease|lower|raise|up|reduce|cut|mix|combine|switch|come off|go off|wean|taper|add|use|drink|smoke|have)\b",
    rf"\b(?:my|for me|i take|i am on|i am taking|im on|on my)\b[^.?!]{{0,60}}\b{DOSE_WORDS}\b",
    r"\b(?:safe|ok|okay|dangerous|alright|fine|risky|bad)\b[^.?!]{0,20}\b(?:for me|with my|if i|since i|given my|because i|when i)\b",
    r"\b(?:with|on|taking|take) my\b[^.?!]{0,40}\b(?:medication|lithium|ssri|sertraline|zoloft|lexapro|escitalopram|prozac|fluoxetine|wellbutrin|bupropion|xanax|klonopin|ativan|adderall|lamotrigine|seroquel|prescription|pills|antidepressant|benzo|blood pressure|insulin|birth control|maoi)\b",
    r"\bi (?:have|got|was diagnosed with|suffer from|am pregnant|am breastfeeding|am nursing)\b[^.?!]{0,60}\b(?:can i|could i|should i|is it safe|will it|is ketamine safe|still do|still get|still have)\b",
    r"\b(?:can|could|should) i\b[^.?!]{0,50}\b(?:ketamine|spravato|esketamine|psilocybin|mdma|infusion|treatment|session|troche|lozenge)\b[^.?!]{0,50}\b(?:with|if|while|since|after|before|because)\b[^.?!]{0,30}\b(?:i|my)\b",
    rf"\b(?:double|extra|another|more|less|half|skip|missed)\b[^.?!]{{0,30}}\b{DOSE_WORDS}\b[^.?!]{{0,40}}\b(?:i|me|my|tonight|today)\b",
    r"\b(?:my (?:doctor|psychiatrist|prescriber|clinic)) (?:is|was) (?:away|unavailable|not answering|closed)\b",
    r"\b(?:start|starting) (?:me|myself) on\b|\bwhat should i start (?:with|at)\b|\bwhere should i start\b[^.?!]{0,30}\b(?:dose|microdos)",
)

# Dose-like text that must never appear in crisis or medical_advice answers.
DOSE_LIKE = re.compile(
    r"\b\d+(?:\.\d+)?\s*(?:mg|mcg|µg|ml|milligrams?|micrograms?|millilit(?:er|re)s?|cc|units?)\b"
    r"|\bmg/kg\b|\bper kilogram\b|\btake \d+\b|\b\d+\s*(?:pills?|tablets?|lozenges?|troches?|sprays?|drops?)\b",
    re.IGNORECASE,
)

# Topics where an informational answer also shows crisis resources.
SENSITIVE_TOPIC = re.compile(r"\b(?:suicid\w*|self ?harm|overdose|kill|die|dying|death|crisis)\b")


@dataclass
class Verdict:
    """The safety decision for one question, with the evidence behind it."""

    status: str | None
    reason: str
    scores: dict[str, float] = field(default_factory=dict)
    sensitive: bool = False


@dataclass
class Exemplars:
    labels: list[str]
    vectors: np.ndarray

    @classmethod
    def load(cls, embedder: Embedder, path: Path = EXAMPLES_PATH, cache_dir: Path | None = None) -> Exemplars:
        data: dict[str, list[str]] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        labels: list[str] = []
        texts: list[str] = []
        for label in LABELS:
            for text in data.get(label, []) or []:
                labels.append(label)
                texts.append(str(text))
        digest = hashlib.sha256(
            ("\n".join(f"{a}\t{b}" for a, b in zip(labels, texts, strict=True)) + embedder.model_id).encode()
        ).hexdigest()[:16]
        cached = cache_dir / f"safety-{digest}.npy" if cache_dir else None
        if cached and cached.is_file():
            vectors = np.load(cached)
        else:
            vectors = embedder.encode(texts)
            if cached:
                try:
                    cached.parent.mkdir(parents=True, exist_ok=True)
                    tmp = cached.with_suffix(".tmp.npy")
                    np.save(tmp, vectors)
                    tmp.replace(cached)
                except OSError:
                    pass
        return cls(labels, vectors)

    def label_scores(self, vector: np.ndarray, k: int = 3) -> dict[str, float]:
        """Mean cosine of the k nearest exemplars of each label."""
        if len(self.labels) == 0:
            return {label: 0.0 for label in LABELS}
        sims = self.vectors @ vector
        out: dict[str, float] = {}
        labels = np.asarray(self.labels)
        for label in LABELS:
            s = sims[labels == label]
            if len(s) == 0:
                out[label] = 0.0
                continue
            top = np.sort(s)[-k:]
            out[label] = float(top.mean())
        return out


@dataclass
class SafetyThresholds:
    """Chosen on the dev split; see evals/README.md for the measured effect."""

    crisis_similarity: float = 0.62
    crisis_margin: float = 0.05
    advice_similarity: float = 0.60
    advice_margin: float = 0.04
    out_of_scope_similarity: float = 0.45
    out_of_scope_margin: float = 0.05
    off_topic_corpus: float = 0.30


class SafetyClassifier:
    """Routes a question to crisis, medical_advice or out_of_scope, or lets it through (None)."""

    def __init__(self, exemplars: Exemplars | None, thresholds: SafetyThresholds | None = None) -> None:
        self.exemplars = exemplars
        self.t = thresholds or SafetyThresholds()

    def classify(
        self, question: str, vector: np.ndarray | None, corpus_similarity: float | None = None
    ) -> Verdict:
        text = normalise(question)
        scores = (
            self.exemplars.label_scores(vector)
            if self.exemplars is not None and vector is not None
            else {label: 0.0 for label in LABELS}
        )
        sensitive = bool(SENSITIVE_TOPIC.search(text))
        info = scores.get("informational", 0.0)

        # 1. Crisis, on a pattern or on clear similarity to crisis messages.
        if CRISIS.search(text):
            return Verdict("crisis", "crisis pattern", scores, True)
        if scores["crisis"] >= self.t.crisis_similarity and scores["crisis"] >= info + self.t.crisis_margin:
            return Verdict("crisis", "similar to crisis messages", scores, True)

        # 2. Personal medical advice.
        if ADVICE.search(text):
            return Verdict("medical_advice", "personal dosing or medication pattern", scores, sensitive)
        if (
            scores["medical_advice"] >= self.t.advice_similarity
            and scores["medical_advice"] >= info + self.t.advice_margin
        ):
            return Verdict("medical_advice", "similar to personal-advice requests", scores, sensitive)

        # 3. Out of scope: far from the articles and closer to unrelated requests.
        oos = scores["out_of_scope"]
        on_topic = max(info, scores["crisis"], scores["medical_advice"])
        far_from_corpus = corpus_similarity is not None and corpus_similarity < self.t.off_topic_corpus
        if oos >= self.t.out_of_scope_similarity and oos >= on_topic + self.t.out_of_scope_margin and (
            far_from_corpus or corpus_similarity is None
        ):
            return Verdict("out_of_scope", "unrelated to the site", scores, False)
        if far_from_corpus and oos >= on_topic:
            return Verdict("out_of_scope", "far from every article", scores, False)
        return Verdict(None, "informational", scores, sensitive)


def dose_like(text: str) -> list[str]:
    """Dose-like fragments in a text (used to scrub and to test answers)."""
    return [m.group(0) for m in DOSE_LIKE.finditer(text)]


def resources_payload(resources: list[Any]) -> list[dict[str, str]]:
    return [{"name": r.name, "contact": r.contact, "url": r.url} for r in resources]
