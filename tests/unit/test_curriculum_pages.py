"""The curriculum pages keep their promises: structure, quizzes, links, citations and terms.

These checks read the files as text, so they run in a fraction of a second without a kernel.
"""

from __future__ import annotations

import re

import nbformat
import pytest
import yaml

from ogp_curriculum import quiz
from ogp_curriculum.citations import to_roles
from ogp_curriculum.paths import repo_root

ROOT = repo_root()
MODULES = [
    "modules/01_welcome.ipynb",
    "modules/03_thinking_working_politically.ipynb",
    "modules/04_national_reform_costa_rica.ipynb",
    "modules/05_cross_country_champion.ipynb",
    "modules/06_small_group_reflection.ipynb",
    "modules/07_plenary.ipynb",
]
# Module 2 keeps nbval golden outputs, so it is not in MODULES; its quiz is checked all the same.
QUIZ_PAGES = [*MODULES, "modules/02_critical_juncture.ipynb"]
PROSE = ["trainers/facilitator_guide.md", "reference/glossary.md", "reference/bibliography.md"]
PAGES = MODULES + PROSE

CITE = re.compile(r"\{cite(?::\w+)?\}`([^`]+)`")
TERM = re.compile(r"\{term\}`([^`]+)`")
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
QUIZ_CALL = re.compile(r"quiz\.show\(\s*[\"']([^\"']+)[\"']")


def markdown_of(page: str) -> str:
    path = ROOT / page
    if path.suffix == ".ipynb":
        nb = nbformat.read(path, as_version=4)
        # Citations as the roles the book reads (the notebooks carry live links).
        return "\n\n".join(to_roles(c.source) for c in nb.cells if c.cell_type == "markdown")
    return path.read_text(encoding="utf-8")


def code_of(page: str) -> str:
    nb = nbformat.read(ROOT / page, as_version=4)
    return "\n\n".join(c.source for c in nb.cells if c.cell_type == "code")


def bib_keys() -> list[str]:
    text = (ROOT / "references.bib").read_text(encoding="utf-8")
    return re.findall(r"^@\w+\s*\{\s*([^,\s]+)\s*,", text, flags=re.MULTILINE)


def glossary_terms() -> set[str]:
    text = (ROOT / "reference/glossary.md").read_text(encoding="utf-8")
    terms: set[str] = set()
    for block in re.findall(r"```\{glossary\}\n(.*?)```", text, flags=re.DOTALL):
        for line in block.splitlines():
            if line and not line[0].isspace() and not line.startswith(":"):
                terms.add(line.strip().lower())
    return terms


# --- module structure -------------------------------------------------------------------


def test_modules_are_in_workshop_order_in_the_toc() -> None:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [c["file"] for part in toc["parts"] for c in part["chapters"]]
    module_files = [f for f in files if f.startswith("modules/")]
    expected = sorted(module_files)
    assert module_files == expected
    for page in MODULES:
        assert page.removesuffix(".ipynb") in files


# The opening, closing and output policies of every notebook (these modules included) are
# checked once, in tests/test_notebook_policy.py.


# --- quizzes ------------------------------------------------------------------------------


@pytest.mark.parametrize("page", QUIZ_PAGES)
def test_each_module_has_a_quiz_that_loads(page: str) -> None:
    ids = QUIZ_CALL.findall(code_of(page))
    assert ids, f"{page} has no quiz.show(...) cell"
    for quiz_id in ids:
        loaded = quiz.load(quiz_id)
        assert len(loaded.questions) >= 2


def test_every_shipped_quiz_is_valid_and_used() -> None:
    files = sorted((ROOT / "data/quizzes").glob("*.yml"))
    assert files
    assert quiz.check_files(files) == []
    used = {qid for page in QUIZ_PAGES for qid in QUIZ_CALL.findall(code_of(page))}
    assert {f.stem for f in files} == used


def test_quiz_html_of_every_module_renders_and_escapes() -> None:
    paths = sorted((ROOT / "data/quizzes").glob("*.yml"))
    assert paths  # an empty folder must not pass
    for path in paths:
        loaded = quiz.load_file(path)
        markup = quiz.render_html(loaded)
        total_options = sum(len(q.options) for q in loaded.questions)
        assert markup.count("<details>") == total_options
        assert "<script" not in markup


# --- links, citations and glossary terms -------------------------------------------------------

# Each content check runs on the pages where there is something for it to check.
ELEVEN = re.compile(r"(?<![.\d])\b11\b(?!\.\d)")  # not a version such as Python 3.11


def pages_with(pattern: re.Pattern[str]) -> list[str]:
    return [page for page in PAGES if pattern.search(markdown_of(page))]


def test_the_content_checks_have_pages_to_check() -> None:
    """Guards the checks below against passing on no page at all."""
    assert len(pages_with(LINK)) >= 5 and len(pages_with(CITE)) >= 5
    assert len(pages_with(TERM)) >= 3


@pytest.mark.parametrize("page", pages_with(LINK))
def test_relative_links_resolve_to_book_pages(page: str) -> None:
    toc_text = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    for target in LINK.findall(markdown_of(page)):
        if re.match(r"^[a-z]+:", target) or target.startswith("#"):
            continue
        resolved = (ROOT / page).parent / target.split("#")[0]
        assert resolved.exists(), f"{page}: broken link {target}"
        relative = resolved.resolve().relative_to(ROOT.resolve()).with_suffix("")
        assert relative.as_posix() in toc_text, f"{page}: {target} is not in _toc.yml"


def test_bib_keys_are_unique() -> None:
    keys = bib_keys()
    duplicates = {k for k in keys if keys.count(k) > 1}
    assert not duplicates


@pytest.mark.parametrize("page", pages_with(CITE))
def test_every_citation_has_a_bib_entry(page: str) -> None:
    keys = set(bib_keys())
    for group in CITE.findall(markdown_of(page)):
        for key in (k.strip() for k in group.split(",")):
            assert key in keys, f"{page}: unknown citation {key}"


def test_modules_cite_their_facts() -> None:
    # Every content module cites at least three sources; the reflection module cites the proposal.
    for page in MODULES:
        cited = {k.strip() for g in CITE.findall(markdown_of(page)) for k in g.split(",")}
        minimum = 1 if page.startswith(("modules/06", "modules/07")) else 3
        assert len(cited) >= minimum, page


@pytest.mark.parametrize("page", pages_with(TERM))
def test_every_term_reference_is_in_the_glossary(page: str) -> None:
    terms = glossary_terms()
    for ref in TERM.findall(markdown_of(page)):
        target = ref.split("<")[-1].rstrip(">") if "<" in ref else ref
        assert target.strip().lower() in terms, f"{page}: no glossary term {target!r}"


def test_glossary_covers_irm_and_twp_terms() -> None:
    terms = glossary_terms()
    for term in ["irm", "potential impact", "completion", "starred commitment", "diog",
                 "early results", "twp", "pea", "epa", "pdia", "coalition", "champion",
                 "window of opportunity", "verifiability"]:
        assert term in terms


# --- facts that must be stated carefully ------------------------------------------------------


@pytest.mark.parametrize("page", pages_with(ELEVEN))  # none: pytest reports it skipped
def test_member_count_eleven_only_as_proposal_wording(page: str) -> None:
    text = markdown_of(page)
    # A bare 11 near countries or members.
    for match in ELEVEN.finditer(text):
        start = match.start()
        sentence_start = max(text.rfind(".", 0, start), text.rfind("\n\n", 0, start))
        window = text[sentence_start: match.end() + 200]
        assert "proposal" in window, f"{page}: '11' not attributed to the proposal: {window!r}"


def test_founding_count_is_eight_where_founders_are_mentioned() -> None:
    for page in PAGES:
        text = markdown_of(page)
        for match in re.finditer(r"founding governments", text):
            before = text[max(0, match.start() - 30): match.start()]
            assert re.search(r"\b8\b|eight", before), f"{page}: {before!r}"


def test_people_in_scenarios_are_only_mentioned_as_fictional() -> None:
    # Modules name no invented person; a mention of scenario characters says they are fictional.
    for page in MODULES:
        text = markdown_of(page)
        if "character" in text:
            assert "(fictional)" in text, page




def test_correct_answers_are_not_always_in_the_same_place() -> None:
    # A learner should not be able to pass by always opening option A.
    checked = 0
    for path in sorted((ROOT / "data/quizzes").glob("*.yml")):
        loaded = quiz.load_file(path)
        if len(loaded.questions) < 3:
            continue
        checked += 1
        first_correct = {
            next(i for i, o in enumerate(q.options) if o.correct) for q in loaded.questions
        }
        assert len(first_correct) > 1, f"{path.name}: right answer always at {first_correct}"
    assert checked, "no quiz has three questions or more: the check above never ran"
