"""The IRM's starred-commitment rules, on canonical rating labels.

2014 rule (OGP, "IRM to Raise the Bar for Model Commitments in OGP"): medium or high
specificity; relevant to access to information, civic participation or public
accountability; moderate or transformative potential impact; substantial or complete.
2015 rule ("current formula"): the same, but transformative potential impact only.
"""

from __future__ import annotations

from . import schema

_SPECIFIC = frozenset({"Medium", "High"})
_DONE = frozenset({"Substantial", "Complete"})
_IMPACT_2014 = frozenset({"Moderate", "Transformative"})
_IMPACT_2015 = frozenset({"Transformative"})


def _check(value: str, scale: tuple[str, ...], name: str) -> str:
    # A status code (ND, NR, ...) is a valid input: it simply fails the criterion.
    if value not in scale and value not in schema.STATUSES:
        raise ValueError(f"{name}: unknown label {value!r}; expected one of {list(scale)} "
                         f"or a status code {list(schema.STATUSES)}")
    return value


def _star(specificity: str, relevant: bool, potential_impact: str, completion: str,
          impacts: frozenset[str]) -> bool:
    _check(specificity, schema.SPECIFICITY, "specificity")
    _check(potential_impact, schema.POTENTIAL_IMPACT, "potential_impact")
    _check(completion, schema.COMPLETION, "completion")
    return (
        specificity in _SPECIFIC
        and bool(relevant)
        and potential_impact in impacts
        and completion in _DONE
    )


def star_2014(*, specificity: str, relevant: bool, potential_impact: str,
              completion: str) -> bool:
    """Starred under the 2014 rule (moderate or transformative impact)."""
    return _star(specificity, relevant, potential_impact, completion, _IMPACT_2014)


def star_2015(*, specificity: str, relevant: bool, potential_impact: str,
              completion: str) -> bool:
    """Starred under the 2015 "current formula" (transformative impact only)."""
    return _star(specificity, relevant, potential_impact, completion, _IMPACT_2015)
