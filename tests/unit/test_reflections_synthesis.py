"""The plenary merge: skipped files reported, duplicates flagged, counts and rankings right."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from ogp_curriculum.errors import InputError
from ogp_curriculum.reflections import plots, storage
from ogp_curriculum.reflections.schema import empty_reflection, load_options
from ogp_curriculum.reflections.synthesis import (
    NO_COUNTRY,
    OTHER_LABEL,
    UNTHEMED,
    answers_table,
    demo_folder,
    free_text_by_theme,
    pick_counts,
    ranked_suggestions,
    read_folder,
    skipped_table,
)

OPTIONS = load_options()


def write(folder: Path, name: str, content: object) -> Path:
    path = folder / name
    text = content if isinstance(content, str) else json.dumps(content)
    path.write_text(text, encoding="utf-8")
    return path


def group(name: str, *, level="national", countries=(), saved_at=None, **fields) -> dict:
    d = empty_reflection(name)
    d.update(level=level, countries=list(countries))
    for key, value in fields.items():
        if key in d["prompts"]:
            d["prompts"][key] = value
        else:
            d[key] = value
    if saved_at:
        d["saved_at"] = saved_at
    return d


def test_every_kind_of_bad_file_is_skipped_and_reported(tmp_path: Path) -> None:
    good = group("Group A")
    write(tmp_path, "a.json", good)
    write(tmp_path, "cut.json", json.dumps(good)[:40])
    write(tmp_path, "empty.json", "")
    write(tmp_path, "list.json", [1, 2])
    write(tmp_path, "package.json", {"name": "something else", "version": "1.0"})
    write(tmp_path, "future.json", {**good, "schema_version": 2})
    write(tmp_path, "bad-level.json", {**good, "group": "Group B", "level": "moon"})
    write(tmp_path, "copy-of-a.json", good)
    write(tmp_path, "notes.txt", "hello")
    write(tmp_path, ".group-a.json.abc.tmp", "{")
    (tmp_path / "old").mkdir()
    (tmp_path / "versions").mkdir()  # the form's archive: not read, not reported
    write(tmp_path / "versions", "a.1.json", good)

    cohort = read_folder(tmp_path)
    assert [s.path.name for s in cohort.submissions] == ["a.json"]
    reasons = {s.path.name: (s.reason, s.detail) for s in cohort.skipped}
    assert reasons == {
        "cut.json": ("malformed", reasons["cut.json"][1]),
        "empty.json": ("malformed", "the file is empty (an interrupted save or upload?)"),
        "list.json": ("foreign", reasons["list.json"][1]),
        "package.json": ("foreign", reasons["package.json"][1]),
        "future.json": ("schema-version", "schema version 2; this book reads version 1"),
        "bad-level.json": ("invalid", reasons["bad-level.json"][1]),
        "copy-of-a.json": ("duplicate", "an identical copy of a.json"),
        "notes.txt": ("not-json", "not a .json file"),
        ".group-a.json.abc.tmp": ("temporary", reasons[".group-a.json.abc.tmp"][1]),
        "old": ("folder", reasons["old"][1]),
    }
    assert "not valid JSON" in reasons["cut.json"][1]
    assert "JSON list" in reasons["list.json"][1]
    assert reasons["bad-level.json"][1].startswith("field 'level'")
    assert list(skipped_table(cohort).columns) == ["file", "reason", "detail"]


def test_a_group_handing_in_twice_keeps_both_flagged(tmp_path: Path) -> None:
    write(tmp_path, "a.json", group("Group A", resonance="later", saved_at="2026-11-20T11:00:00Z"))
    write(
        tmp_path,
        "a-2.json",
        group("group  a", resonance="earlier", saved_at="2026-11-20T10:00:00Z"),
    )
    write(tmp_path, "b.json", group("Group B"))
    cohort = read_folder(tmp_path)
    labels = [(s.label, s.flagged, s.document["prompts"]["resonance"]) for s in cohort.submissions]
    assert labels == [
        ("group  a (hand-in 1 of 2)", True, "earlier"),
        ("Group A (hand-in 2 of 2)", True, "later"),
        ("Group B", False, ""),
    ]
    assert cohort.flagged_groups == ["Group A", "group  a"]
    answers = answers_table(cohort, OPTIONS)
    assert set(answers.loc[answers["answer"] == "earlier", "flagged_duplicate_group"]) == {True}


def test_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such folder of reflections"):
        read_folder(tmp_path / "nowhere")


def test_pick_counts_by_level_and_country(tmp_path: Path) -> None:
    picks = {"selected": ["turnover", "resources"], "other": ""}
    write(tmp_path, "a.json", group("A", countries=["X", "Y"], challenges=picks))
    write(
        tmp_path,
        "b.json",
        group(
            "B",
            level="sub-national",
            countries=["X"],
            challenges={"selected": ["turnover"], "other": "own words"},
        ),
    )
    write(tmp_path, "c.json", group("C", challenges={"selected": ["gone-id"], "other": ""}))
    cohort = read_folder(tmp_path)
    by_level = pick_counts(cohort, OPTIONS, "challenges", "level")
    turnover = OPTIONS.label("challenges", "turnover")
    as_dict = {(r.option, r.level): r.groups for r in by_level.itertuples()}
    assert as_dict == {
        (turnover, "national"): 1,
        (turnover, "sub-national"): 1,
        (OPTIONS.label("challenges", "resources"), "national"): 1,
        (OTHER_LABEL, "sub-national"): 1,
        ("gone-id", "national"): 1,  # an id the list no longer has is still counted
    }
    by_country = pick_counts(cohort, OPTIONS, "challenges", "country")
    as_dict = {(r.option, r.country): r.groups for r in by_country.itertuples()}
    assert as_dict[(turnover, "X")] == 2 and as_dict[(turnover, "Y")] == 1
    assert as_dict[("gone-id", NO_COUNTRY)] == 1
    with pytest.raises(ValueError):
        pick_counts(cohort, OPTIONS, "challenges", "region")


def test_ranked_suggestions_add_up_the_same_words(tmp_path: Path) -> None:
    def votes(*rows):
        return [{"suggestion": s, "votes": v} for s, v in rows]

    write(tmp_path, "a.json", group("A", priority_votes=votes(("Peer  exchange", 3), ("Funds", 2))))
    write(tmp_path, "b.json", group("B", priority_votes=votes(("peer exchange", 1), ("Guide", 4))))
    write(tmp_path, "c.json", group("C", priority_votes=votes(("Mentors", 2))))
    table = ranked_suggestions(read_folder(tmp_path))
    # Most votes first; ties share a rank and are ordered by how many hand-ins made them.
    assert table.to_dict("records") == [
        {"rank": 1, "suggestion": "Peer  exchange", "votes": 4, "groups": "A; B", "hand_ins": 2},
        {"rank": 1, "suggestion": "Guide", "votes": 4, "groups": "B", "hand_ins": 1},
        {"rank": 3, "suggestion": "Funds", "votes": 2, "groups": "A", "hand_ins": 1},
        {"rank": 3, "suggestion": "Mentors", "votes": 2, "groups": "C", "hand_ins": 1},
    ]


def test_free_text_is_grouped_by_the_trainers_themes(tmp_path: Path) -> None:
    write(
        tmp_path,
        "a.json",
        group(
            "A",
            resonance="After the election the new minister restarted.",
            support_and_resources="Flexible funding for pilots.",
        ),
    )
    write(tmp_path, "b.json", group("B", challenges_and_politics="Weather was nice."))
    themes = free_text_by_theme(read_folder(tmp_path), OPTIONS)
    labels = {t.id: t.label for t in OPTIONS.themes}
    assert list(themes["Continuity through political change"]["group"]) == ["A"]
    # One answer can belong to two themes ("pilots" is learning, "funding" is resources).
    assert list(themes[labels["learning"]]["answer"]) == ["Flexible funding for pilots."]
    assert list(themes[labels["resources"]]["answer"]) == ["Flexible funding for pilots."]
    assert list(themes[UNTHEMED]["answer"]) == ["Weather was nice."]
    assert list(themes) == [labels["continuity"], labels["learning"], labels["resources"], UNTHEMED]


def test_the_demo_cohort_reads_cleanly() -> None:
    cohort = read_folder(demo_folder())
    assert len(cohort.submissions) == 6
    assert all(s.document["fictional"] for s in cohort.submissions)
    assert [s.reason for s in cohort.skipped] == ["not-json"]  # its README
    assert cohort.flagged_groups == ["Capital group (fictional)"]


def test_charts_embed_only_aggregated_counts(tmp_path: Path) -> None:
    shutil.copytree(demo_folder(), tmp_path / "demo")
    cohort = read_folder(tmp_path / "demo")
    for name in ("challenges", "support"):
        for by in ("level", "country"):
            counts = pick_counts(cohort, OPTIONS, name, by)
            spec = plots.pick_chart(counts, name, by).to_dict()
            assert spec["title"] and spec["description"].startswith(
                {"challenges": "Challenges", "support": "Support needed"}[name]
            )
            rows = next(iter(spec["datasets"].values()))
            assert len(rows) == len(counts)
            assert set(rows[0]) == {"option", by, "groups"}  # no free text in the chart
    empty = pick_counts(read_folder(tmp_path), OPTIONS, "support", "level")
    assert "no group picked" in plots.pick_chart(empty, "support", "level").to_dict()["description"]


def test_versions_folder_from_the_form_is_not_double_counted(tmp_path: Path) -> None:
    for text in ("one", "two"):
        storage.save_reflection(tmp_path, group("A", resonance=text))
    cohort = read_folder(tmp_path)
    assert [s.document["prompts"]["resonance"] for s in cohort.submissions] == ["two"]
    assert cohort.skipped == []
