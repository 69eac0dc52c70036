"""Workshop agendas as trainer-editable data (``data/agendas/<id>.yml``).

Each agenda is a list of sessions; each session a list of timed blocks with objectives and
outputs. :func:`load` validates a file against ``agenda.schema.json`` and :func:`check`
proves the timings hold: steps add up to their block, blocks to their session, and every
page listed in a slot (or the slide deck of a presentation) fits that slot by its own time
estimate. Errors name the file and the field.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import nbformat

from ogp_curriculum import inputs
from ogp_curriculum.cohorts.notebooks import _TIME_RE
from ogp_curriculum.errors import DefinitionError
from ogp_curriculum.i18n import SOURCE_LANGUAGE, _, active_language, translator
from ogp_curriculum.outputs import md_table_cell
from ogp_curriculum.paths import data_dir, repo_root

VARIANTS = ("90-minute", "half-day", "two-day")


@dataclass(frozen=True)
class Step:
    title: str
    minutes: int
    pages: tuple[str, ...] = ()


@dataclass(frozen=True)
class Block:
    title: str
    kind: str
    minutes: int
    start: str  # "HH:MM"
    end: str
    lead: str = ""
    objectives: tuple[str, ...] = ()
    outputs: tuple[str, ...] = ()
    steps: tuple[Step, ...] = ()
    pages: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    slides: str = ""
    brief: str = ""


@dataclass(frozen=True)
class Session:
    day: int
    label: str
    start: str
    minutes: int
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class AgendaPlan:
    path: Path
    id: str
    title: str
    audience: str
    sessions: tuple[Session, ...]

    @property
    def minutes(self) -> int:
        return sum(session.minutes for session in self.sessions)


def schema() -> dict[str, Any]:
    return inputs.load_schema("agenda")


def agenda_dir() -> Path:
    return data_dir() / "agendas"


def agenda_file(variant: str, language: str | None = None) -> Path:
    """The agenda of a variant in ``language`` (default: the learner's), checked against the
    English when it is a translation."""
    from ogp_curriculum.i18n.trainer_yaml import localized

    return localized(agenda_dir() / f"{variant}.yml", language)


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def clock(total: int) -> str:
    return f"{total // 60 % 24:02d}:{total % 60:02d}"


def load(path: Path, *, start: str | None = None) -> AgendaPlan:
    """Read and validate one agenda; ``start`` moves day 1 to another start time."""
    document = inputs.load_yaml(path, what="agenda file")
    data = document.data
    error = inputs.first_schema_error(data, "agenda", path=path, doc=document)
    if error is not None:
        raise error
    shift = _minutes(start) - _minutes(data["sessions"][0]["start"]) if start else 0
    sessions = []
    for raw in data["sessions"]:
        begin = _minutes(raw["start"]) + (shift if raw["day"] == 1 else 0)
        at = begin
        blocks = []
        for item in raw["blocks"]:
            steps = tuple(
                Step(s["title"], s["minutes"], tuple(s.get("pages", ())))
                for s in item.get("steps", ())
            )
            blocks.append(
                Block(
                    title=item["title"],
                    kind=item["kind"],
                    minutes=item["minutes"],
                    start=clock(at),
                    end=clock(at + item["minutes"]),
                    lead=item.get("lead", ""),
                    objectives=tuple(item.get("objectives", ())),
                    outputs=tuple(item.get("outputs", ())),
                    steps=steps,
                    pages=tuple(item.get("pages", ())),
                    references=tuple(item.get("references", ())),
                    slides=item.get("slides", ""),
                    brief=item.get("brief", ""),
                )
            )
            at += item["minutes"]
        sessions.append(
            Session(raw["day"], raw["label"], clock(begin), raw["minutes"], tuple(blocks))
        )
    return AgendaPlan(path, data["id"], data["title"], data.get("audience", ""), tuple(sessions))


def page_minutes(entry: str, book_root: Path | None = None) -> int:
    """A page's own estimate ("**Time:** about N minutes" in its first cell)."""
    root = book_root or repo_root()
    for suffix in (".ipynb", ".md"):
        path = root / f"{entry}{suffix}"
        if path.is_file():
            break
    else:
        raise DefinitionError("no such page in the book", path=path, value=entry)
    text = path.read_text(encoding="utf-8")
    if suffix == ".ipynb":
        nb = nbformat.reads(text, as_version=4)
        text = next((c.source for c in nb.cells if c.cell_type == "markdown"), "")
    match = _TIME_RE.search(text)
    if match is None:
        raise DefinitionError("states no '**Time:** about N minutes'", path=path)
    return int(match.group(1))


def check(plan: AgendaPlan, book_root: Path | None = None) -> list[str]:
    """Every timing problem of ``plan``, one line each (an empty list when it holds)."""
    from ogp_curriculum import slides

    problems: list[str] = []
    for s_index, session in enumerate(plan.sessions):
        where_s = f"sessions[{s_index}]"
        total = sum(block.minutes for block in session.blocks)
        if total != session.minutes:
            problems.append(
                f"{where_s} (day {session.day}, {session.label}): blocks add up to {total} "
                f"minutes, not {session.minutes}"
            )
        for b_index, block in enumerate(session.blocks):
            where = f"{where_s}.blocks[{b_index}] ({block.title})"
            if block.steps:
                steps = sum(step.minutes for step in block.steps)
                if steps != block.minutes:
                    problems.append(
                        f"{where}: steps add up to {steps} minutes, not {block.minutes}"
                    )
            slots = [(where, block.minutes, block.pages)] + [
                (f"{where}.steps[{i}] ({step.title})", step.minutes, step.pages)
                for i, step in enumerate(block.steps)
            ]
            for slot, minutes, pages in slots:
                for entry in pages:
                    needed = page_minutes(entry, book_root)
                    if needed > minutes:
                        problems.append(
                            f"{slot}: {entry} takes about {needed} minutes, "
                            f"more than the {minutes} of its slot"
                        )
            if block.slides:
                deck = slides.deck_path(block.slides, book_root)
                if not deck.is_file():
                    problems.append(f"{where}: no slide deck {deck}")
                else:
                    needed_slides = slides.deck_minutes(deck)
                    if needed_slides > block.minutes:
                        problems.append(
                            f"{where}: the slides take {needed_slides:g} minutes, "
                            f"more than the {block.minutes} of the block"
                        )
    return problems


def load_checked(path: Path, *, start: str | None = None) -> AgendaPlan:
    """:func:`load`, then refuse an agenda whose timings do not hold (first problem named)."""
    plan = load(path, start=start)
    problems = check(plan)
    if problems:
        raise DefinitionError(problems[0], path=path)
    return plan


# --- command line ----------------------------------------------------------------------------


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("agenda", help=_("check the workshop agendas in data/agendas/"))
    commands = parser.add_subparsers(dest="agenda_command", required=True)
    check_cmd = commands.add_parser(
        "check", help=_("validate agendas and prove their timings add up (all when no FILE)")
    )
    check_cmd.add_argument("files", nargs="*", type=Path, metavar="FILE")
    check_cmd.set_defaults(func=_check_command)


def _check_command(args: Any) -> int:
    files = list(args.files) or sorted(agenda_dir().glob("*.yml"))
    failed = False
    for path in files:
        try:
            plan = load(path)
            problems = check(plan)
        except DefinitionError as error:
            print(_("error: {message}").format(message=error), file=sys.stderr)
            failed = True
            continue
        for problem in problems:
            print(_("error: {message}").format(message=f"{path}: {problem}"), file=sys.stderr)
        failed = failed or bool(problems)
        if not problems:
            blocks = sum(len(session.blocks) for session in plan.sessions)
            print(_("{path}: {title}: {blocks} blocks, {minutes} minutes, timings hold").format(
                path=path, title=plan.title, blocks=blocks, minutes=plan.minutes))
    return 2 if failed else 0


# --- rendering ----------------------------------------------------------------------------------


def page_title(entry: str, book_root: Path | None = None, language: str | None = None) -> str:
    """The page's first "# " heading, or its file name; in ``language`` (default: the current
    one) when the page's catalogue translates it."""
    root = book_root or repo_root()
    path = root / f"{entry}.ipynb"
    title = Path(entry).name.replace("_", " ")
    if path.is_file():
        title = next((str(line[2:]).strip() for cell in nbformat.read(path, as_version=4).cells
                      if cell.cell_type == "markdown" for line in cell.source.splitlines()
                      if line.startswith("# ")), title)
    return _page_titles(root, entry, language or active_language()).get(title) or title


@cache
def _page_titles(root: Path, entry: str, language: str) -> dict[str, str]:
    """The page's translated messages (its title among them): English -> ``language``."""
    po = root / "locales" / language / "LC_MESSAGES" / f"{entry}.po"
    if language == SOURCE_LANGUAGE:
        return {}
    from ogp_curriculum.i18n.catalogues import optional_catalogue

    catalogue = optional_catalogue(po)
    return {} if catalogue is None else {
        str(m.id): str(m.string) for m in catalogue
        if isinstance(m.id, str) and isinstance(m.string, str) and m.string
    }


def _page_link(entry: str, from_folder: str | None, language: str | None = None) -> str:
    title = md_table_cell(page_title(entry, language=language))
    if from_folder is None:
        return title
    up = "../" * len(Path(from_folder).parts)
    return f"[{title}]({up}{entry}.ipynb)"


def to_markdown(
    plan: AgendaPlan,
    *,
    from_folder: str | None = "trainers",
    heading: int = 3,
    language: str | None = None,
) -> str:
    """One table per session: time, block (with its steps), lead, objectives and outputs.

    Pages are linked relative to ``from_folder`` (a folder of the book), or named without a
    link when it is None (outside the book, as in a cohort pack). Headings are in
    ``language`` (default: the current one), like the agenda file the plan was read from.
    """
    _ = translator(language)
    marks = "#" * heading
    lines: list[str] = []
    multi_day = len({session.day for session in plan.sessions}) > 1
    for session in plan.sessions:
        end = clock(_minutes(session.start) + session.minutes)
        label = (_("Day {day}, {label}").format(day=session.day, label=session.label)
                 if multi_day else session.label)
        duration = _("{minutes} minutes").format(minutes=session.minutes)
        lines += [f"{marks} {md_table_cell(label)}: {session.start}–{end} ({duration})", ""]
        headers = (_("Time"), _("Block"), _("Lead"), _("Objectives"), _("Outputs"))
        lines += ["| " + " | ".join(headers) + " |", "|---|---|---|---|---|"]
        for block in session.blocks:
            short = _("{minutes} min")
            cell = f"**{md_table_cell(block.title)}** ({short.format(minutes=block.minutes)})"
            at = _minutes(block.start)
            for step in block.steps:
                minutes = short.format(minutes=step.minutes)
                cell += f"<br>{clock(at)} {md_table_cell(step.title)} ({minutes})"
                at += step.minutes
            pages = block.pages + tuple(p for step in block.steps for p in step.pages)
            if pages:
                links = ", ".join(_page_link(p, from_folder, language) for p in pages)
                cell += "<br>" + _("Pages:") + " " + links
            if block.references:
                cell += "<br>" + _("See:") + " " + ", ".join(
                    _page_link(p, from_folder, language) for p in block.references
                )
            lines.append(
                f"| {block.start}–{block.end} | {cell} | {md_table_cell(block.lead)} | "
                + "<br>".join(md_table_cell(text) for text in block.objectives)
                + " | "
                + "<br>".join(md_table_cell(text) for text in block.outputs)
                + " |"
            )
        lines.append("")
    return "\n".join(lines)
