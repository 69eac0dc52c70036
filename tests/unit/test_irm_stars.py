"""The two star rules: the IRM's definition as examples, and how the two rules relate.

The shipped data's own star columns check the rules again (test_irm_analysis.py).
"""

from __future__ import annotations

import itertools

import pytest

from ogp_curriculum.irm import schema
from ogp_curriculum.irm.stars import star_2014, star_2015

CASES = list(itertools.product(schema.SPECIFICITY + ("NR",), (True, False),
                               schema.POTENTIAL_IMPACT + ("ND",),
                               schema.COMPLETION + ("Withdrawn",)))


# The weakest commitment that still earns a star under both rules ...
STARRED = {"specificity": "Medium", "relevant": True, "potential_impact": "Transformative",
           "completion": "Substantial"}
# ... and each single change that costs it the star (one criterion short).
ONE_SHORT = [("specificity", "Low"), ("specificity", "NR"), ("relevant", False),
             ("potential_impact", "Minor"), ("potential_impact", "ND"),
             ("completion", "Limited"), ("completion", "Withdrawn")]


@pytest.mark.parametrize("rule", [star_2014, star_2015])
def test_the_weakest_starred_commitment_is_starred(rule) -> None:
    assert rule(**STARRED) is True
    assert rule(**{**STARRED, "specificity": "High", "completion": "Complete"}) is True


@pytest.mark.parametrize("rule", [star_2014, star_2015])
@pytest.mark.parametrize("field,value", ONE_SHORT, ids=lambda v: str(v))
def test_one_criterion_short_is_no_star(rule, field: str, value: object) -> None:
    assert rule(**{**STARRED, field: value}) is False


def test_every_2015_star_is_a_2014_star_but_not_the_reverse() -> None:
    names = ("specificity", "relevant", "potential_impact", "completion")
    combos = [dict(zip(names, case, strict=True)) for case in CASES]
    stars_2014 = [star_2014(**c) for c in combos]
    stars_2015 = [star_2015(**c) for c in combos]
    assert all(old for old, new in zip(stars_2014, stars_2015, strict=True) if new)
    assert sum(stars_2014) > sum(stars_2015) > 0


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
