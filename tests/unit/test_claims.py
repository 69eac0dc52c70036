"""The claims register (reference/claims.yml): valid, backed by the bibliography, and covering
every citation of every page of the book; and the page rendered from it."""

from __future__ import annotations

from pathlib import Path

import pytest

from ogp_curriculum import claims, sources
from ogp_curriculum.book import toc_files
from ogp_curriculum.errors import DefinitionError
from ogp_curriculum.paths import repo_root

ROOT = repo_root()


def _pages() -> dict[str, set[str]]:
    """Every page of the book (md and ipynb, from _toc.yml) and the keys it cites."""
    pages: dict[str, set[str]] = {}
    for stem in toc_files(ROOT):
        for suffix in (".md", ".ipynb"):
            source = ROOT / f"{stem}{suffix}"
            if source.is_file():
                pages[stem] = claims.cited_keys(claims.page_text(source))
    return pages


@pytest.fixture(scope="module")
def register() -> list[claims.Claim]:
    return claims.load()


def test_register_is_valid_and_not_empty(register: list[claims.Claim]) -> None:
    assert len(register) > 50


def test_every_key_is_in_the_bibliography(register: list[claims.Claim]) -> None:
    keys = sources.bib_keys()
    missing = sorted({c.key for c in register} - keys)
    assert not missing, f"reference/claims.yml uses keys not in references.bib: {missing}"


def test_every_page_is_a_page_of_the_book(register: list[claims.Claim]) -> None:
    pages = set(toc_files(ROOT))
    strays = sorted({c.page for c in register} - pages)
    assert not strays, f"reference/claims.yml names pages not in _toc.yml: {strays}"


def test_every_citation_is_covered_by_an_entry_for_its_page(
        register: list[claims.Claim]) -> None:
    pages = _pages()
    assert sum(len(keys) for keys in pages.values()) > 50  # the scan really finds citations
    missing = claims.uncovered(pages, register)
    assert not missing, "citations with no claims-register entry for their page: " + "; ".join(
        f"{page}: {', '.join(sorted(keys))}" for page, keys in sorted(missing.items()))


def test_locators_are_present_and_quotes_short(register: list[claims.Claim]) -> None:
    for claim in register:
        assert claim.locator.strip()
        if claim.is_quote:
            assert claims.quote_words(claim.locator) <= claims.MAX_QUOTE_WORDS, claim.locator


# --- the checks themselves, on fixtures ----------------------------------------------------


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "claims.yml"
    path.write_text(text, encoding="utf-8")
    return path


GOOD_ENTRY = """  - page: modules/03_thinking_working_politically
    claim: A claim in short.
    key: gi_guerzovich_moses_2016
    locator: "p. 12"
"""


def test_a_good_fixture_loads(tmp_path: Path) -> None:
    [claim] = claims.load(_write(tmp_path, "claims:\n" + GOOD_ENTRY))
    assert claim.page == "modules/03_thinking_working_politically" and not claim.is_quote
    quote = GOOD_ENTRY.replace('"p. 12"', "'\"" + "word " * 25 + "\" (p. 3)'")
    [claim] = claims.load(_write(tmp_path, "claims:\n" + quote))
    assert claim.is_quote and claims.quote_words(claim.locator) == 25


@pytest.mark.parametrize(("entry", "field"), [
    (GOOD_ENTRY.replace('    locator: "p. 12"\n', ""), "locator"),     # missing locator
    (GOOD_ENTRY.replace('"p. 12"', '"  "'), "locator"),                 # blank locator
    (GOOD_ENTRY.replace("modules/03", "modules/03.ipynb#x"), "page"),   # suffix in the page
    (GOOD_ENTRY + "    colour: red\n", "colour"),                        # unknown field
    (GOOD_ENTRY.replace('"p. 12"', "'\"" + "word " * 26 + "\"'"), "locator"),  # long quote
])
def test_bad_entries_are_named(tmp_path: Path, entry: str, field: str) -> None:
    with pytest.raises(DefinitionError) as info:
        claims.load(_write(tmp_path, "claims:\n" + GOOD_ENTRY + entry))
    assert info.value.row == 2
    assert info.value.field == field
    assert "claims.yml" in str(info.value)


def test_broken_yaml_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(DefinitionError) as info:
        claims.load(_write(tmp_path, "claims: [\n"))
    assert "malformed YAML" in str(info.value) and "\n" not in str(info.value)
    assert "claims.yml" in str(info.value)


def test_quote_words_counts_inside_the_quotes() -> None:
    assert claims.quote_words('"one two three" (executive summary, p. 4)') == 3
    assert claims.quote_words("“one two”") == 2


def test_cited_keys_reads_every_cite_role() -> None:
    text = ("A {cite}`a` and {cite:p}`b,c` and {cite:t}`d` but not `{cite}` alone "
            "or {term}`e`.")
    assert claims.cited_keys(text) == {"a", "b", "c", "d"}


def test_uncovered_is_per_page() -> None:
    entry = claims.Claim("p1", "claim text", "a", "p. 1")
    assert claims.uncovered({"p1": {"a"}, "p2": {"a"}}, [entry]) == {"p2": {"a"}}


def test_rendered_page_lists_every_entry(register: list[claims.Claim]) -> None:
    text = claims.to_markdown(register, linkable=["intro"])
    assert text.count("{cite:p}`") == len(register)
    assert "{doc}`/intro`" in text
    assert "`modules/02_critical_juncture`" in text  # not linkable here: plain name


def test_rendered_cells_cannot_break_the_table() -> None:
    entry = claims.Claim("p1", "a | b\nc", "k", "sec. 2 | 3")
    row = claims.to_markdown([entry]).splitlines()[-1]
    assert row == "| a \\| b c | {cite:p}`k` | sec. 2 \\| 3 |"


def test_the_reference_page_renders_the_register() -> None:
    page = (ROOT / "reference" / "claims.md").read_text(encoding="utf-8")
    assert page.startswith("# Where every fact comes from")
    assert "```{claims-register} claims.yml" in page
    assert "reference/claims" in toc_files(ROOT)
