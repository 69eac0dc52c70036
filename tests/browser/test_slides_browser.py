"""The opening slides, as the site serves them: offline, paged through, with speaker notes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ogp_curriculum import slides

DECK_PAGE = "trainers/slides/opening_presentation.slides.html"


@pytest.fixture
def deck(visit_page: Any) -> Any:
    # visit_page loads the page once per module; later tests reuse that first load.
    visit = visit_page(DECK_PAGE)
    visit.page.wait_for_function("window.Reveal && Reveal.isReady()", timeout=30_000)
    return visit


def test_the_deck_loads_with_every_other_host_blocked(deck: Any) -> None:
    assert deck.status == 200
    assert deck.foreign_requests == []
    assert deck.failed_requests == []
    assert deck.console_errors == []


def test_paging_through_every_slide_shows_its_notes(deck: Any) -> None:
    page = deck.page
    total = page.evaluate("Reveal.getTotalSlides()")
    expected = len(slides.outline(slides.deck_path("opening_presentation")))
    assert total == expected
    page.evaluate("Reveal.slide(0)")
    seen = []
    for number in range(1, total + 1):
        seen.append(page.evaluate("Reveal.getIndices().h"))
        notes = page.evaluate("Reveal.getSlideNotes()") or ""
        assert notes.strip(), f"slide {seen[-1] + 1} has no speaker notes"
        page.keyboard.press("ArrowRight")
        if number < total:  # the next slide, as soon as it is shown (no fixed pause)
            page.wait_for_function("h => Reveal.getIndices().h !== h", arg=seen[-1],
                                   timeout=10_000)
    assert seen == list(range(total))
    assert page.evaluate("Reveal.isLastSlide()")
    assert deck.foreign_requests == []


def test_the_chart_is_drawn_from_the_local_vega(deck: Any) -> None:
    page = deck.page
    page.wait_for_function(
        "document.querySelector('.reveal .vega-embed svg, .reveal .vega-embed canvas')",
        timeout=30_000,
    )
    assert deck.foreign_requests == []


def test_the_pdf_has_one_page_per_slide(browser: Any, built_site: Path, tmp_path: Path) -> None:
    # ``browser`` only for its check that chromium is there (a failure in CI, else a skip).
    pdf = slides.print_pdf(built_site / DECK_PAGE, tmp_path / "deck.pdf")
    assert slides.pdf_pages(pdf) == len(slides.outline(slides.deck_path("opening_presentation")))
