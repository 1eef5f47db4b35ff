"""The crisis patterns on their own: what they must catch and what they must leave alone.

These run without the model. The phrases are written for this test, not taken from the eval
sets, so the eval sets still measure what the patterns generalise to.
"""

from __future__ import annotations

import pytest

from service.safety import CRISIS, first_match, normalise


def crisis_rule(text: str) -> str | None:
    return first_match(CRISIS, normalise(text))


@pytest.mark.parametrize(
    ("message", "rule"),
    [
        ("would three of my lozenges plus wine be enough to stop my heart", "lethal_for_me"),
        ("is it painless if i swallow the lot", "lethal_for_me"),
        ("if i take everything i have left would i wake up", "lethal_for_me"),
        ("honestly nobody would even notice", "no_one_would_notice"),
        ("thinking i might check out for good this weekend", "no_one_would_notice"),
        ("i have a method and a time picked", "plan_and_date"),
        ("im afraid of what i might do if i go home tonight", "plan_and_date"),
    ],
)
def test_indirect_crisis_messages_match(message: str, rule: str) -> None:
    assert crisis_rule(message) == rule


@pytest.mark.parametrize(
    "message",
    [
        "if i take ketamine after a glass of wine could it be fatal",
        "can a ketamine overdose stop your heart",
        "would the infusion be quick if i book the morning slot",
        "no one will notice if i use numbing cream right",
        "i made a plan to start therapy in march",
        "my insurer has a plan and a deadline for renewals",
        "how do clinics check out a new patient",
    ],
)
def test_informational_and_everyday_messages_do_not_match(message: str) -> None:
    assert crisis_rule(message) is None
