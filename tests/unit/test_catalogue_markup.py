"""A translation may change words, never the markup that makes a page build and cite."""

from __future__ import annotations

from ogp_curriculum.i18n.catalogues import markup_tokens


def same_markup(english: str, translated: str) -> bool:
    return markup_tokens(english) == markup_tokens(translated)


def test_translated_words_around_markup_pass() -> None:
    english = "See {glue:text}`m02_rows` rows, {cite}`ogp_glossary`, [Module 1](01_welcome.ipynb)"
    french = "Voir {glue:text}`m02_rows` lignes, {cite}`ogp_glossary`, [Module 1](01_welcome.ipynb)"
    assert same_markup(english, french)


def test_a_titled_reference_keeps_its_target_not_its_title() -> None:
    english = "an {term}`action plan <Action plan>`"
    assert same_markup(english, "un {term}`plan d'action <Action plan>`")
    assert not same_markup(english, "un {term}`plan d'action <Plan d'action>`")


def test_a_bare_reference_may_gain_a_translated_title_for_the_same_target() -> None:
    assert same_markup("the {term}`IRM`", "le {term}`MEI <IRM>`")
    assert not same_markup("the {term}`IRM`", "le {term}`MEI <MEI>`")
    assert not same_markup("the {term}`IRM`", "le {term}`MEI`")
    # Only cross-references: a citation or glued value has no title to translate.
    assert not same_markup("{cite}`ogp_glossary`", "{cite}`glossaire <ogp_glossary>`")


def test_lost_or_changed_markup_fails() -> None:
    english = "Divide {glue:text}`m02_t` by `None` and $x^2$ {cite}`a`"
    assert not same_markup(english, "Divisez {glue:text}`m02_x` par `None` et $x^2$ {cite}`a`")
    assert not same_markup(english, "Divisez {glue:text}`m02_t` par `Aucun` et $x^2$ {cite}`a`")
    assert not same_markup(english, "Divisez {glue:text}`m02_t` par `None` et $x^2$")
    assert not same_markup("[Module 1](01_welcome.ipynb)", "[Module 1](01_bienvenue.ipynb)")
