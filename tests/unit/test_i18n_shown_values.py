"""Values that code writes into tables in English, and the sentences and demo data around
them, in the page's language (issue 13: no English on French and Spanish pages)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from ogp_curriculum import irm
from ogp_curriculum.i18n import gettext
from ogp_curriculum.i18n.tables import shown
from ogp_curriculum.irm import figures
from ogp_curriculum.reflections.synthesis import demo_folder


def _commitments() -> pd.DataFrame:
    return irm.load_commitments()


def test_headline_measures_and_denominators_are_translated() -> None:
    headline = irm.headline_shares(_commitments())
    french = shown(headline, language="fr")
    assert list(french.iloc[:, 0]) == ["Transformateur", "Transformateur et substantiel ou achevé",
                                       "Transformateur et achevé"]
    assert set(french.iloc[:, 3]) == {"tous les engagements du fichier"}
    # The data keep their English values, which code compares.
    assert headline["denominator_is"].eq("all commitments in the file").all()
    assert shown(headline, language="en") is headline


def test_country_profile_levels_follow_their_measure() -> None:
    spanish = shown(irm.country_profile("CRI"), language="es")
    rows = set(zip(spanish.iloc[:, 0], spanish.iloc[:, 1], strict=True))
    assert ("impacto potencial", "transformador") in rows
    assert ("nivel de cumplimiento", "no iniciado") in rows


def test_binding_constraints_are_translated_and_codes_kept() -> None:
    table = shown(figures.binding_constraint_table(), language="fr")
    assert {"Spécificité", "Pertinence", "Étoilé", "Non calculé"} <= set(table.index)
    assert {"ND", "NR"} <= set(table.index)


def test_golden_sentences_are_word_for_word_in_english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OGP_LANG", raising=False)
    commitments = _commitments()
    assert figures.data_summary(commitments) == (
        "1,927 commitments from 61 countries, action plans submitted 2011-2014; "
        "1,857 marked IRM-assessed")
    first = figures.headline_sentences(irm.headline_shares(commitments).iloc[:1])
    assert first == "Transformative: 284 of 1,927 (14.7%), over all commitments in the file"


def test_golden_sentences_in_french_keep_the_figures() -> None:
    from ogp_curriculum.i18n import set_language

    set_language("fr")
    try:
        line = figures.headline_sentences(irm.headline_shares(_commitments()).iloc[:1])
    finally:
        set_language(None)
    assert line.startswith("Transformateur") and "14,7" in line and "fichier" in line
    assert gettext("Potential impact", language="es") == "Impacto potencial"


def test_demo_cohort_in_each_language_has_the_english_structure() -> None:
    english = demo_folder("en")
    for language in ("fr", "es"):
        folder = demo_folder(language)
        assert folder != english
        assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in english.iterdir())
        for path in english.glob("*.json"):
            ours = json.loads(path.read_text(encoding="utf-8"))
            theirs = json.loads((folder / path.name).read_text(encoding="utf-8"))
            assert ours.keys() == theirs.keys()
            for key in ("countries", "level", "challenges", "twp_approaches", "fictional"):
                if isinstance(ours.get(key), dict):
                    assert ours[key]["selected"] == theirs[key]["selected"]
                else:
                    assert ours.get(key) == theirs.get(key)
            assert [v["votes"] for v in ours["priority_votes"]] == [
                v["votes"] for v in theirs["priority_votes"]]
            # Still labelled fictional, in the file's language.
            assert "(fictional)" in ours["group"]
            assert theirs["group"].endswith(("(fictif)", "(ficticio)"))


def test_widget_loader_words_are_in_the_page_language() -> None:
    """ogp-widgets.js takes its button's words from the notice, which is in the page's language."""
    from ogp_curriculum.site.pages import widget_notice

    assert 'data-show="Afficher les contrôles enregistrés' in widget_notice([], "fr")
    assert 'data-failed="No se pudieron cargar los controles ({error})."' in widget_notice([], "es")
    assert 'data-show="Show the saved controls' in widget_notice([], "en")
