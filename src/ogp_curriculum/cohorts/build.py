"""Build a cohort pack: executed notebooks, the cohort's book, the handout PDF, a manifest.

Order matters for "never a half-written pack":
1. everything that can be checked without writing (definition, parameters, output path);
2. the whole pack is built in a staging folder beside its final place;
3. only then is it renamed into place (one rename on the same file system).
Any failure removes the staging folder, so the output folder is left as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from ogp_curriculum.cohorts import agenda as agenda_mod
from ogp_curriculum.cohorts import book, kit, links, render
from ogp_curriculum.cohorts import countries as country_data
from ogp_curriculum.cohorts.definition import Cohort, load_cohort
from ogp_curriculum.cohorts.execute import BuildError, Job, run_all
from ogp_curriculum.cohorts.notebooks import NotebookInfo, in_language, parameters_for, read_info
from ogp_curriculum.errors import DefinitionError, InputError
from ogp_curriculum.files import check_output_folder, output_error
from ogp_curriculum.i18n import LANG_ENV
from ogp_curriculum.paths import repo_root
from ogp_curriculum.reflections.schema import PROMPTS as FORM_PROMPTS

MANIFEST = "manifest.json"


@dataclass
class Plan:
    """Everything decided before a single file is written."""

    cohort: Cohort
    book_root: Path
    infos: list[NotebookInfo]
    parameters: dict[str, dict[str, Any]]
    agenda: agenda_mod.Agenda
    target: Path
    notes: list[str] = field(default_factory=list)


def target_folder(out: Path, name: str, cohort_file: Path) -> Path:
    """``out/name``, refusing any name that would land outside ``out``, and any output
    folder that is a file (or inside one): ``InputError`` before anything is written."""
    check_output_folder(out)
    base = out.resolve()
    target = (base / name).resolve()
    if target.parent != base:
        raise DefinitionError(
            "would escape the output folder", path=cohort_file, field="name", value=name
        )
    if target.exists() and not target.is_dir():
        raise InputError("a file is in the way of the cohort pack's folder", path=target)
    return target


def scenario_file(info: NotebookInfo, book_root: Path) -> Path | None:
    """The scenario definition a page plays, from its declaration (never guessed from code).

    None: the page declares that it plays no scenario. A declared scenario must exist. Every
    page of the book that takes scenario_overrides declares one (test_scenarios_notebooks.py).
    """
    if not info.scenario:
        return None
    path = book_root / "data" / "scenarios" / f"{info.scenario}.yml"
    if not path.is_file():
        raise DefinitionError(
            f"declares scenario {info.scenario!r}, but {path} does not exist", path=info.path
        )
    return path


def check_scenario_overrides(
    infos: list[NotebookInfo],
    parameters: dict[str, dict[str, Any]],
    book_root: Path,
    cohort_file: Path,
    language: str = "en",
) -> None:
    """Unknown placeholders fail here, before anything runs, with the cohort's field named.

    The scenario player would otherwise show its own error inside the executed notebook.
    """
    from ogp_curriculum.scenarios import load_scenario

    for info in infos:
        overrides = parameters[info.entry].get("scenario_overrides")
        definition = scenario_file(info, book_root) if overrides else None
        if definition is None:
            continue
        try:
            load_scenario(definition, overrides, language=language)
        except DefinitionError:
            raise  # the scenario file itself is broken: its own error names that file
        except InputError as error:
            stem = info.entry.rsplit("/", 1)[-1]
            key = (error.field or "").removeprefix("scenario_overrides").lstrip(".")
            field = f"scenario_overrides.{stem}" + (f".{key}" if key else "")
            raise DefinitionError(
                error.message, path=cohort_file, field=field, value=error.value
            ) from None


@contextmanager
def cohort_language(language: str) -> Iterator[None]:
    """``OGP_LANG`` is the cohort's language while its pack is planned and built.

    The trainer YAML loaders (agendas, scenarios, quizzes) read it in this process; the
    notebooks' kernels and the book build inherit it.
    """
    before = os.environ.get(LANG_ENV)
    os.environ[LANG_ENV] = language
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(LANG_ENV, None)
        else:
            os.environ[LANG_ENV] = before


def plan(cohort_file: Path, out: Path, *, book_root: Path | None = None) -> Plan:
    """Validate the cohort and work out the build; raises DefinitionError, writes nothing."""
    root = book_root or repo_root()
    cohort = load_cohort(cohort_file, book_root=root)
    with cohort_language(cohort.book_language):
        return _plan(cohort, cohort_file, out, root)


def _plan(cohort: Cohort, cohort_file: Path, out: Path, root: Path) -> Plan:
    target = target_folder(out, cohort.name, cohort_file)
    infos = [read_info(root, entry) for entry in cohort.pages]
    parameters = {
        info.entry: parameters_for(
            info, cohort.notebook_parameters(info.entry), cohort_file=cohort_file
        )
        for info in infos
    }
    # A French cohort checks its overrides against the French scenarios it will play.
    check_scenario_overrides(infos, parameters, root, cohort_file, cohort.book_language)
    # A French or Spanish cohort runs the notebooks generated in its language.
    infos = [in_language(info, root, cohort.book_language) for info in infos]
    links.access_for(cohort, root)  # every learner link must be a safe web address
    notes = list(cohort.notes)
    # A notebook that does not (yet) declare a parameter simply runs with its defaults:
    # the trainer is told, the build goes on.
    ignored = [e for e in cohort.scenario_overrides if "scenario_overrides" not in parameters[e]]
    if ignored:
        names = ", ".join(f"{entry}.ipynb" for entry in ignored)
        notes.append(f"{names} declares no scenario_overrides parameter; its overrides are unused.")
    unused = sorted(set(cohort.parameters) - {n for info in infos for n in info.declared})
    if unused:
        notes.append(f"no selected notebook declares {', '.join(unused)}; not passed on.")
    pages = [(i.entry, i.title, i.minutes) for i in infos]
    # A named variant is the workshop's own agenda (data/agendas/); a bare session length
    # lays the pages out in book order.
    if "variant" in cohort.agenda:
        schedule = agenda_mod.from_blocks(cohort.agenda, pages,
                                          language=cohort.book_language)
    else:
        schedule = agenda_mod.plan(cohort.agenda, pages)
    if schedule.overrun:
        notes.append(f"the agenda runs {schedule.overrun} minutes past the last session.")
    return Plan(cohort, root, infos, parameters, schedule, target, notes)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def _profiles(cohort: Cohort) -> dict[str, Any]:
    return {
        c.iso3: country_data.country_profile(c.iso3) if c.has_data else None
        for c in cohort.countries
    }


def reflection_prompts(cohort: Cohort) -> tuple[list[str], str]:
    """The handout's prompts and where they came from.

    The cohort's own prompts win; otherwise the reflection form's, so the handout asks
    what the groups will answer in the form.
    """
    if cohort.reflection_prompts:
        return list(cohort.reflection_prompts), "cohort"
    return [str(text) for text in FORM_PROMPTS.values()], "reflection form"


def _build_book(
    p: Plan, staging: Path, executed: dict[str, Path], access: dict[str, str]
) -> float:
    """The cohort's book from its executed notebooks, into ``staging/book``; its seconds."""
    started = time.perf_counter()
    cohort = p.cohort
    with tempfile.TemporaryDirectory(prefix="ogp-cohort-book-") as tmp:
        src = Path(tmp)
        extra = book.support_pages(p.book_root, list(executed.values()))
        book.copy_pages(p.book_root, src, executed, extra)
        (src / "agenda.md").write_text(render.agenda_markdown(cohort, p.agenda), encoding="utf-8")
        book.write_config(
            src,
            title=cohort.title,
            language=cohort.language,
            access=access,
            book_root=p.book_root,
            chapters=list(executed),
            reference=extra,
        )
        html_dir = book.build_html(src)
        shutil.copytree(html_dir, staging / "book")
    return time.perf_counter() - started


def _write_handout(p: Plan, staging: Path, access: links.Access) -> tuple[float, str]:
    """The handout page and its PDF; its seconds and where its prompts came from."""
    started = time.perf_counter()
    cohort = p.cohort
    access_lines = [
        line
        for line in (
            f"JupyterHub: {access.jupyterhub_url}" if access.jupyterhub_url else "",
            f"Binder: {links.binder_link(access, links.notebook_for(cohort, cohort.pages[0]))}",
        )
        if line
    ]
    prompts, prompts_source = reflection_prompts(cohort)
    page = staging / "handout.html"
    page.write_text(
        render.handout_html(cohort, p.agenda, _profiles(cohort), prompts, access_lines),
        encoding="utf-8",
    )
    render.print_pdf(page, staging / "handout.pdf")
    return time.perf_counter() - started, prompts_source


def _build_into(p: Plan, staging: Path, *, workers: int, progress: bool) -> dict[str, Any]:
    """Write the whole pack into ``staging``; return the manifest."""
    cohort = p.cohort
    jobs = [
        Job(
            info.entry,
            info.path,
            staging / "notebooks" / f"{info.entry}.ipynb",
            p.parameters[info.entry],
            cohort.book_language,
        )
        for info in p.infos
    ]
    # The notebook each page ran from (translations/<lang>/... for a French or Spanish cohort).
    sources = {info.entry: info.path.relative_to(p.book_root).as_posix() for info in p.infos}
    started = time.perf_counter()
    results = run_all(jobs, workers=workers, progress=progress)
    executed_seconds = time.perf_counter() - started

    access = links.access_for(cohort, p.book_root)
    titles = {info.entry: info.title for info in p.infos}
    learner = links.learner_links(cohort, p.book_root, titles)
    (staging / "links.md").write_text(links.links_markdown(cohort, learner), encoding="utf-8")

    executed = {job.entry: job.output for job in jobs}
    # The cohort's book builds in its own process (mostly one core: Sphinx starting up),
    # while this one prints the handout and writes the facilitator kit (chromium, a deck).
    # The book is always waited for, so a failure never removes staging under it, and its
    # error, if any, is the one reported (as when it was built first).
    with ThreadPoolExecutor(max_workers=1) as pool:
        book_built = pool.submit(_build_book, p, staging, executed, access.__dict__)
        try:
            handout_seconds, prompts_source = _write_handout(p, staging, access)
            started = time.perf_counter()
            facilitator_kit = kit.write(staging / "facilitator-kit", cohort, p.book_root)
            kit_seconds = time.perf_counter() - started
        finally:
            book_seconds = book_built.result()
    return {
        "cohort": cohort.name,
        "title": cohort.title,
        "language": cohort.language,
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "definition": {"file": cohort.path.name, "sha256": _sha256(cohort.path)},
        "countries": [
            {"given": c.given, "iso3": c.iso3, "irm_2016_data": c.has_data}
            for c in cohort.countries
        ],
        "notes": p.notes,
        "agenda": {
            "variant": p.agenda.label,
            "planned_minutes": p.agenda.planned_minutes,
            "available_minutes": p.agenda.available_minutes,
            "overrun_minutes": p.agenda.overrun,
        },
        "notebooks": [
            {
                "source": sources[r.entry],
                "output": f"notebooks/{r.entry}.ipynb",
                "parameters": p.parameters[r.entry],
                "seconds": round(r.seconds, 2),
            }
            for r in results
        ],
        "book": "book/index.html",
        "handout": {
            "pdf": "handout.pdf",
            "html": "handout.html",
            "reflection_prompts": prompts_source,
        },
        "links": "links.md",
        "facilitator_kit": facilitator_kit,
        "timings_seconds": {
            "notebooks": round(executed_seconds, 2),
            "book": round(book_seconds, 2),
            "handout": round(handout_seconds, 2),
            "facilitator_kit": round(kit_seconds, 2),
        },
        "tools": {name: _version(name) for name in ("papermill", "jupyter-book", "nbclient")},
    }


def build(p: Plan, *, workers: int = 2, progress: bool = True) -> Path:
    """Build the planned pack and move it into place; on failure nothing is left behind."""
    out = p.target.parent
    created_out = not out.exists()
    try:
        out.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{p.cohort.name}.building-", dir=out))
    except OSError as error:
        raise BuildError(str(output_error(error, out))) from None
    try:
        with cohort_language(p.cohort.book_language):
            manifest = _build_into(p, staging, workers=workers, progress=progress)
        (staging / MANIFEST).write_text(
            json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        _swap_into_place(staging, p.target)
    except BaseException as error:
        shutil.rmtree(staging, ignore_errors=True)
        if created_out and not any(out.iterdir()):
            out.rmdir()
        if isinstance(error, OSError):  # a full disk, say: one line, not a traceback
            raise BuildError(str(output_error(error, out))) from None
        raise
    return p.target


def _swap_into_place(staging: Path, target: Path) -> None:
    """Replace an older pack only once the new one is complete."""
    if not target.exists():
        staging.rename(target)
        return
    old = target.with_name(f".{target.name}.old-{int(time.time())}")
    target.rename(old)
    try:
        staging.rename(target)
    except OSError:
        old.rename(target)  # put the previous pack back
        raise
    shutil.rmtree(old, ignore_errors=True)


def build_cohort(
    cohort_file: str | Path,
    out: str | Path = "cohort-packs",
    *,
    book_root: Path | None = None,
    workers: int = 2,
    progress: bool = True,
) -> Path:
    """Validate, then build; the one call the CLI and the tests use."""
    return build(
        plan(Path(cohort_file), Path(out), book_root=book_root), workers=workers, progress=progress
    )


__all__ = ["BuildError", "Plan", "build", "build_cohort", "plan", "target_folder"]
