"""Golden outputs (cells tagged nbval-check-output) in English and in translation."""

from __future__ import annotations

from notebook_checks import same_golden

GOLDEN = "[stdout] Transformative: 284 of 1,927 (14.7%), over all commitments in the file\n"


def test_english_golden_is_word_for_word() -> None:
    assert same_golden(GOLDEN, GOLDEN, "en")
    assert not same_golden(GOLDEN.replace("over", "of"), GOLDEN, "en")


def test_a_translation_must_show_the_same_figures() -> None:
    french = ("[stdout] Transformateur\u00a0: 284 sur 1\u202f927 (14,7\u00a0%), "
              "sur tous les engagements du fichier\n")
    assert same_golden(french, GOLDEN, "fr")
    assert not same_golden(french.replace("284", "285"), GOLDEN, "fr")
    assert not same_golden(french.replace("14,7", "7,14"), GOLDEN, "fr")
    assert not same_golden("", GOLDEN, "fr")
