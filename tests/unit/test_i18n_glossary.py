"""The multilingual terminology: schema, sources, and the table on reference/glossary.md."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from ogp_curriculum.errors import DefinitionError
from ogp_curriculum.i18n import glossary
from ogp_curriculum.paths import repo_root

ROOT = repo_root()


def test_the_shipped_glossary_is_valid() -> None:
    terms = glossary.load_glossary()
    ids = {term.id for term in terms}
    # OGP's bodies and the IRM's ratings the issue names are all there.
    assert {"ogp", "irm", "starred_commitment", "completion_levels",
            "potential_impact_levels"} <= ids
    for term in terms:
        for language in ("fr", "es"):
            name = term.names[language]
            assert name.verified is False or name.source.startswith("https://"), term.id
            assert name.verified or name.note, term.id
            assert not name.variants or name.why, term.id


def test_ogp_and_irm_names_in_french_and_spanish() -> None:
    terms = {term.id: term for term in glossary.load_glossary()}
    assert terms["ogp"].names["fr"].shown == "Partenariat pour un gouvernement ouvert (PGO)"
    assert terms["ogp"].names["es"].term == "Alianza para el Gobierno Abierto"
    irm = terms["irm"]
    assert irm.names["fr"].abbreviation == "MEI" and irm.names["es"].abbreviation == "MRI"
    # Where OGP uses several names, the others are recorded with their sources.
    assert any(v.term == "Mécanisme de rapport indépendant" for v in irm.names["fr"].variants)
    assert any(v.term == "Mecanismo de Reporte Independiente" for v in irm.names["es"].variants)


def write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "glossary.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def shipped() -> dict:  # type: ignore[type-arg]
    loaded: dict = yaml.safe_load(  # type: ignore[type-arg]
        glossary.glossary_path().read_text(encoding="utf-8"))
    return loaded


@pytest.mark.parametrize(("change", "words"), [
    (lambda d: d["terms"][0]["fr"].pop("source"), "terms[0].fr.source"),
    (lambda d: d["terms"][0]["fr"].update(source="javascript:alert(1)"), "terms[0].fr.source"),
    (lambda d: d["terms"][1]["fr"].pop("why"), "terms[1].fr.why"),
    (lambda d: d["terms"][0].pop("es"), "terms[0].es"),
    (lambda d: d["terms"][1].update(id=d["terms"][0]["id"]), "used twice"),
])
def test_a_broken_glossary_is_one_line_naming_the_field(tmp_path: Path, change, words) -> None:  # type: ignore[no-untyped-def]
    data = shipped()
    change(data)
    with pytest.raises(DefinitionError) as caught:
        glossary.load_glossary(write(tmp_path, data))
    text = str(caught.value)
    assert "\n" not in text and str(tmp_path) in text and words in text, text


def test_the_table_escapes_and_links_only_sources(tmp_path: Path) -> None:
    data = shipped()
    data["terms"][0]["fr"]["term"] = "<script>alert(1)</script>"
    data["terms"][0]["fr"]["why"] = "**bold** [x](javascript:alert(1))"
    html = glossary.render_html(glossary.load_glossary(write(tmp_path, data)))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "javascript:" not in html.split("**bold**")[0]
    assert 'href="javascript' not in html
    assert html.count("<table") == 1 and "\n" not in html
    assert '<th scope="col">Français</th>' in html and 'lang="es"' in html
    assert "not yet verified" in html


def test_the_glossary_page_has_the_marker_and_expands() -> None:
    page = (ROOT / "reference" / "glossary.md").read_text(encoding="utf-8")
    assert page.count(glossary.MARKER) == 1
    expanded = glossary.expand(page)
    assert glossary.MARKER not in expanded
    assert "Mecanismo de Revisión Independiente (MRI)" in expanded
    # The English glossary above the table is untouched.
    assert expanded.startswith(page.split(glossary.MARKER)[0])


def test_the_book_loads_the_extension() -> None:
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert "ogp_curriculum.i18n.glossary" in config["sphinx"]["extra_extensions"]
