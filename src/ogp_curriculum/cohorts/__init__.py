"""Cohort packs: a trainer's YAML in, executed notebooks, a cohort book and a handout out."""

from ogp_curriculum.cohorts.definition import Cohort, Country, load_cohort

__all__ = ["Cohort", "Country", "load_cohort"]
