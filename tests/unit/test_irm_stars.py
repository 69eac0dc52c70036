"""The two star rules, on canonical labels, checked exhaustively."""

from __future__ import annotations

import itertools

import pytest

from ogp_curriculum.irm import schema
from ogp_curriculum.irm.stars import star_2014, star_2015

CASES = list(itertools.product(schema.SPECIFICITY + ("NR",), (True, False),
                               schema.POTENTIAL_IMPACT + ("ND",),
                               schema.COMPLETION + ("Withdrawn",)))


@pytest.mark.parametrize("rule,impacts", [(star_2014, {"Moderate", "Transformative"}),
                                          (star_2015, {"Transformative"})])
def test_rule_over_every_combination(rule, impacts: set[str]) -> None:
    for spec, relevant, impact, completion in CASES:
        expected = (spec in {"Medium", "High"} and relevant and impact in impacts
                    and completion in {"Substantial", "Complete"})
        got = rule(specificity=spec, relevant=relevant, potential_impact=impact,
                   completion=completion)
        assert got is expected, (spec, relevant, impact, completion)


def test_moderate_impact_starred_only_under_2014() -> None:
    args = {"specificity": "High", "relevant": True, "potential_impact": "Moderate",
            "completion": "Complete"}
    assert star_2014(**args) and not star_2015(**args)


def test_unknown_labels_are_refused() -> None:
    with pytest.raises(ValueError, match="potential_impact"):
        star_2014(specificity="High", relevant=True, potential_impact="Huge",
                  completion="Complete")
    with pytest.raises(ValueError, match="specificity"):
        star_2015(specificity="c. high", relevant=True, potential_impact="Transformative",
                  completion="Complete")


def test_keywords_only() -> None:
    with pytest.raises(TypeError):
        star_2014("High", True, "Moderate", "Complete")  # type: ignore[misc]
