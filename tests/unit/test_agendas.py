"""The three agendas: schema, sums, and every page and deck fitting its slot."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from ogp_curriculum import agendas, slides
from ogp_curriculum.cli import main
from ogp_curriculum.errors import DefinitionError
from ogp_curriculum.reflections.schema import PROMPTS

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = {variant: agendas.agenda_file(variant) for variant in agendas.VARIANTS}
ARC = ["opening presentation", "national champion", "cross-country champion", "small groups",
       "plenary"]


@pytest.mark.parametrize("variant", agendas.VARIANTS)
def test_blocks_add_up_to_each_session(variant: str) -> None:
    plan = agendas.load(SHIPPED[variant])
    for session in plan.sessions:
        assert sum(block.minutes for block in session.blocks) == session.minutes, session.label
        for block in session.blocks:
            if block.steps:
                assert sum(step.minutes for step in block.steps) == block.minutes, block.title


@pytest.mark.parametrize("variant", agendas.VARIANTS)
def test_every_page_and_deck_fits_its_slot(variant: str) -> None:
    plan = agendas.load(SHIPPED[variant])
    checked = 0
    for session in plan.sessions:
        for block in session.blocks:
            slots = [(block.minutes, block.pages)] + [(s.minutes, s.pages) for s in block.steps]
            for minutes, pages in slots:
                for entry in pages:
                    assert agendas.page_minutes(entry, ROOT) <= minutes, (block.title, entry)
                    checked += 1
            if block.slides:
                assert slides.deck_minutes(slides.deck_path(block.slides, ROOT)) <= block.minutes
                checked += 1
    assert checked, "no timed page or deck: the test would prove nothing"
    assert agendas.check(plan, ROOT) == []


def test_session_lengths_match_the_formats() -> None:
    assert agendas.load(SHIPPED["90-minute"]).minutes == 90
    assert agendas.load(SHIPPED["half-day"]).minutes == 210
    two_day = agendas.load(SHIPPED["two-day"])
    assert {session.day for session in two_day.sessions} == {1, 2}


@pytest.mark.parametrize("variant", agendas.VARIANTS)
def test_every_agenda_follows_the_workshop_arc(variant: str) -> None:
    titles = [b.title.lower() for s in agendas.load(SHIPPED[variant]).sessions for b in s.blocks]
    positions = []
    for step in ARC:
        found = [i for i, title in enumerate(titles) if step in title]
        assert found, f"{variant}: no block for {step}"
        positions.append(found[0])
    assert positions == sorted(positions), f"{variant}: the arc is out of order"


def test_each_non_break_block_has_objectives_outputs_and_times() -> None:
    for variant in agendas.VARIANTS:
        for session in agendas.load(SHIPPED[variant]).sessions:
            for block in session.blocks:
                assert block.start < block.end or block.end == "00:00"
                if block.kind != "break":
                    assert block.objectives and block.outputs and block.lead, block.title


def _write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "custom.yml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def _base() -> dict:
    return yaml.safe_load(SHIPPED["90-minute"].read_text(encoding="utf-8"))


def test_a_session_that_does_not_add_up_is_named(tmp_path: Path) -> None:
    data = _base()
    data["sessions"][0]["blocks"][0]["minutes"] = 7
    problems = agendas.check(agendas.load(_write(tmp_path, data)), ROOT)
    assert any("blocks add up to 92 minutes, not 90" in p for p in problems), problems


def test_steps_that_do_not_add_up_are_named(tmp_path: Path) -> None:
    data = _base()
    data["sessions"][0]["blocks"][2]["steps"][0]["minutes"] = 9
    problems = agendas.check(agendas.load(_write(tmp_path, data)), ROOT)
    assert any("blocks[2]" in p and "steps add up to 11 minutes, not 10" in p for p in problems)


def test_a_page_longer_than_its_slot_is_named(tmp_path: Path) -> None:
    data = _base()
    data["sessions"][0]["blocks"][1]["pages"] = ["modules/02_critical_juncture"]
    problems = agendas.check(agendas.load(_write(tmp_path, data)), ROOT)
    assert any("modules/02_critical_juncture takes about 35 minutes" in p for p in problems)


def test_a_deck_longer_than_its_block_is_named(tmp_path: Path) -> None:
    data = _base()
    data["sessions"][0]["blocks"][0]["minutes"] = 10
    data["sessions"][0]["blocks"][1]["minutes"] = 10
    problems = agendas.check(agendas.load(_write(tmp_path, data)), ROOT)
    assert any("the slides take 15 minutes, more than the 10" in p for p in problems), problems


def test_schema_errors_name_the_field(tmp_path: Path) -> None:
    data = _base()
    data["sessions"][0]["blocks"][3]["minutes"] = "ten"
    with pytest.raises(DefinitionError, match=r"sessions\[0\]\.blocks\[3\]\.minutes"):
        agendas.load(_write(tmp_path, data))


def test_the_cli_reports_one_line_and_exit_2(tmp_path: Path, capsys) -> None:
    data = _base()
    data["sessions"][0]["minutes"] = 80
    assert main(["agenda", "check", str(_write(tmp_path, data))]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "not 80" in err[0] and "custom.yml" in err[0]
    assert main(["agenda", "check"]) == 0


def test_trainer_text_is_escaped_in_the_table(tmp_path: Path) -> None:
    data = _base()
    data["sessions"][0]["blocks"][0]["title"] = "<script>alert(1)</script> | *x*"
    text = agendas.to_markdown(agendas.load(_write(tmp_path, data)))
    assert "<script>" not in text
    assert "&lt;script&gt;" in text and "\\|" in text and "\\*x\\*" in text


def test_the_table_script_asks_the_forms_prompts_word_for_word() -> None:
    script = (ROOT / "trainers" / "table_facilitator_script.md").read_text(encoding="utf-8")
    for prompt in PROMPTS.values():
        assert prompt in script


def test_the_book_page_gets_every_agenda_as_tables() -> None:
    from ogp_curriculum import trainer_kit

    text = (ROOT / "trainers" / "agendas.md").read_text(encoding="utf-8")
    out = trainer_kit._agenda_tables("trainers/agendas", text)
    assert out.count("| Time | Block | Lead | Objectives | Outputs |") == 1 + 1 + 4
    assert "](../exercises/irm_explorer.ipynb)" in out
    assert not trainer_kit._MARKER.search(out)


def test_an_agenda_that_does_not_add_up_fails_the_book_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sphinx.errors import ExtensionError

    from ogp_curriculum import trainer_kit

    data = _base()
    data["sessions"][0]["minutes"] = 95
    (tmp_path / "90-minute.yml").write_text(yaml.safe_dump(data), encoding="utf-8")
    monkeypatch.setattr(agendas, "agenda_dir", lambda: tmp_path)
    with pytest.raises(ExtensionError, match="not 95"):
        trainer_kit._agenda_tables("trainers/agendas", "<!-- ogp-agenda: 90-minute -->\n")
