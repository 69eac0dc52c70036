"""Derive the tidy IRM tables in ``data/irm/`` from the raw files in ``../shared/irm/``.

Run ``python -m ogp_curriculum irm derive``. The output is byte-identical on every run:
rows keep source order, columns follow ``schema``, and nothing depends on time or locale.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from .. import paths
from ..errors import InputError
from ..files import check_output_folder, output_error, write_files
from . import normalise as norm
from . import schema
from .countries import REGION_ASSIGNMENTS, iso2_for, resolve_country

RAW_COMMITMENTS = "irm_commitments_2016.csv"
RAW_PROCESS = "ogp_process_2016.csv"
RAW_OPEN_PARLIAMENT = "ogp_commitments_open_parliament_2024.csv"

# Provenance, as recorded in ../shared/irm/README.md; the sha256 is checked on every run.
SOURCES: dict[str, dict[str, str]] = {
    RAW_COMMITMENTS: {
        "title": "OGP Explorer commitment-level IRM data (about mid-2016)",
        "repository": "Vizzuality/ogp",
        "file": "explorer/data/latest_data/ogpirm_live_data.csv",
        "commit": "d1369327",
        "sha256": "a6a0bfcf69a406f769acaa675bd59a9726f37ed8cf1dc71f0e04b9b1569d1b33",
    },
    RAW_PROCESS: {
        "title": "OGP process database, July 2016",
        "repository": "Vizzuality/ogp",
        "file": "explorer/data/latest_data/ogp_irm__OGP_Process_Database_July_2016__VERSION_"
        "TWO__modified_by_miska_04.csv",
        "commit": "d1369327",
        "sha256": "e0a0310577cbfb116ceda27881a6812757709583b8125016e1f679db33751da1",
    },
    RAW_OPEN_PARLIAMENT: {
        "title": "OGP commitments export (about 2024-07-03), open-parliament subset",
        "repository": "g0v/ogp-commitments",
        "file": "open_parliament_0703.csv",
        "commit": "0fbeb4bd",
        "sha256": "bc20a49fa3b49ee89ae922978ef428843171c5a64149577678b58c9f1127049e",
    },
}

ATTRIBUTION = "Open Government Partnership, Independent Reporting Mechanism data, CC BY 4.0"
# What is known, stated once: the sources declare no licence; CC BY 4.0 is OGP's licence for its
# IRM publications, and we infer (not stated by OGP) that it covers these data.
LICENCE_NOTE = (
    "Neither source repository declares a data licence (Vizzuality/ogp ships only the GPL of its "
    "Drupal code; g0v/ogp-commitments declares none). CC BY 4.0 is the licence OGP prints on its "
    "IRM publications; that it covers these data files is an inference, not an OGP statement. "
    "Confirm the terms with OGP before redistributing."
)
CONTRIBUTORS = [
    {"title": "Open Government Partnership, Independent Reporting Mechanism",
     "role": "author"},
    {"title": "g0v/ogp-commitments (Sean Gau, Ronny Wang and g0v contributors): the July 2024 "
              "copy of OGP's commitments spreadsheet",
     "path": "https://github.com/g0v/ogp-commitments", "role": "contributor"},
    {"title": "Vizzuality/ogp: the OGP Explorer repository holding the 2016 files",
     "path": "https://github.com/Vizzuality/ogp", "role": "contributor"},
]

# 2016 topic-tag columns: from "Anti-corruption" to "Marginalized Communities" (all NR there).
_TAG_FIRST, _TAG_LAST = "Anti-corruption", "Marginalized Communities"
_OPEN_PARLIAMENT_TAGS = (
    "Open Parliaments",
    "Open Parliament Plan",
    "Legislation",
    "Legislative Oversight",
    "Participation in Lawmaking",
)
_FULL_NAMES = {"UK": "United Kingdom", "USA": "United States"}


def default_source() -> Path:
    return paths.shared_dir() / "irm"


def default_out() -> Path:
    return paths.data_dir() / "irm"


def _read_raw(path: Path, **kwargs: object) -> pd.DataFrame:
    """Read every cell as text; only a truly empty cell is missing ('None' is a category)."""
    if not path.is_file():
        raise InputError("raw IRM file not found (the raw data lives in ../shared/irm)",
                         path=path)
    return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], **kwargs)


def _check_sha(path: Path) -> None:
    if not path.is_file():
        raise InputError("raw IRM file not found (expected the read-only ../shared/irm; "
                         "pass --source)", path=path)
    expected = SOURCES[path.name]["sha256"]
    actual = hashlib.sha256(path.read_bytes()).hexdigest()
    if actual != expected:
        raise InputError("raw file differs from the documented source", path=path,
                         value=actual)


def _iso3(name: str, where: norm.Where) -> str:
    code = resolve_country(name)
    if code is None:
        raise where.fail("country name not recognised; add it to countries.ALIASES", name)
    return code


def _row_builder(path: Path, frame: pd.DataFrame, first_line: int) -> Callable[
    [int, str], norm.Where
]:
    def where(index: int, column: str) -> norm.Where:
        return norm.Where(path, column, first_line + index)

    return where


# -- 2016 commitments ------------------------------------------------------------------------


def _commitment_ids(iso3: pd.Series, plan: pd.Series, number: pd.Series) -> list[str]:
    """iso3-plan-number; a number repeated within a plan gets ~2, ~3 in source order."""
    seen: dict[str, int] = {}
    ids = []
    for code, ap, no in zip(iso3, plan, number, strict=True):
        clean = re.sub(r"[^0-9A-Za-z.]+", "_", no.strip()).strip("_")
        base = f"{code}-{ap}-{clean}"
        seen[base] = seen.get(base, 0) + 1
        ids.append(base if seen[base] == 1 else f"{base}~{seen[base]}")
    return ids


def derive_commitments(source: Path, regions: dict[str, str]) -> tuple[pd.DataFrame,
                                                                         pd.DataFrame]:
    path = source / RAW_COMMITMENTS
    raw = _read_raw(path, skiprows=1)  # line 1 holds column numbers
    raw = raw.loc[:, [c for c in raw.columns if not c.startswith("Unnamed:")]]
    where = _row_builder(path, raw, first_line=3)  # line 2 is the header
    out: dict[str, list[str]] = {c: [] for c in schema.COMMITMENTS.columns}
    iso3s = [_iso3(n, where(i, "Country")) for i, n in enumerate(raw["Country"])]
    ids = _commitment_ids(pd.Series(iso3s), raw["Action Plan Number"], raw["Comm No"])
    ratings = {
        "specificity": ("Specificity", schema.SPECIFICITY),
        "potential_impact": ("Potential impact", schema.POTENTIAL_IMPACT),
        "completion_progress": ("Completion (progress report)", schema.COMPLETION),
        "completion_end_of_term": ("Completion (end of term)", schema.COMPLETION),
        "diog": ("Did it open government (end of term only)", schema.DIOG),
    }
    flags = {
        "value_access_to_information": "Value -Info",
        "value_civic_participation": "Value -Part",
        "value_public_accountability": "Value -Acc",
        "value_technology_innovation": "Value -Tech",
        "relevant": "_Relevant",
        "starred_pre_2014": "Starred (pre-June 2014 assessments)",
        "starred_2015_only": "Starred (2015 only)",
        "starred_current_progress": "Starred (current formula) progress report",
        "starred_current_end_of_term": "Starred (current formula) end of term",
    }
    years = {
        "report_year_progress": "Report publication year (progress report)",
        "report_year_end_of_term": "Report publication year (end of term)",
    }
    for i, row in enumerate(raw.to_dict("records")):
        code = iso3s[i]
        ap = norm.year(row["Action Plan Number"], (), where(i, "Action Plan Number"))[0]
        out["id"].append(ids[i])
        out["iso3"].append(code)
        out["country"].append("")  # filled from the countries table
        out["region"].append(regions[code])
        out["action_plan_id"].append(f"{code}-{ap}")
        out["action_plan_number"].append(ap)
        out["commitment_number"].append(str(row["Comm No"]).strip())
        out["year_submitted"].append(
            norm.year(row["Year of submission"], (), where(i, "Year of submission"))[0])
        for name, column in years.items():
            value, status = norm.year(row[column], ("ND", "NR"), where(i, column))
            out[name].append(value)
            out[f"{name}_status"].append(status)
        theme = " ".join(str(row["Theme"] or "").split())
        out["theme"].append("" if theme in {"NA", "NR"} else theme)
        out["short_title"].append(norm.short_title(row["Short Title"]))
        for name, column in flags.items():
            out[name].append(norm.yes_no(row[column], where(i, column)))
        for name, (column, scale) in ratings.items():
            allowed = schema.COMMITMENTS.get(f"{name}_status").enum or ()
            level, status = norm.rating(row[column], scale, allowed, where(i, column))
            out[name].append(level)
            out[f"{name}_status"].append(status)
        assessed = norm.yes_no(row["IRM Assessed (Y/N)?"], where(i, "IRM Assessed (Y/N)?"))
        out["irm_assessed"].append("true" if assessed == "Yes" else "false")
    commitments = pd.DataFrame(out, columns=schema.COMMITMENTS.columns)

    tag_columns = list(raw.columns)
    tag_columns = tag_columns[tag_columns.index(_TAG_FIRST): tag_columns.index(_TAG_LAST) + 1]
    tag_rows = []
    for i, row in enumerate(raw[tag_columns].to_dict("records")):
        for tag in tag_columns:
            if norm.yes_no(row[tag], where(i, tag)) == "Yes":
                tag_rows.append((ids[i], tag))
    tags = pd.DataFrame(tag_rows, columns=schema.COMMITMENT_TAGS.columns)
    return commitments, tags


# -- 2016 process database -------------------------------------------------------------------


def derive_action_plans(source: Path) -> pd.DataFrame:
    path = source / RAW_PROCESS
    grid = _read_raw(path, header=None, skiprows=1)
    # The header block (group row + column names) appears twice; data follow the last one.
    header_rows = grid.index[grid[0] == "Country name"]
    if len(header_rows) == 0:
        raise InputError("no header row starting with 'Country name'", path=path)
    header_at = int(header_rows[-1])
    raw = grid.iloc[header_at + 1:].reset_index(drop=True)
    raw.columns = [str(c).strip() for c in grid.iloc[header_at]]
    raw = raw.dropna(how="all")
    where = _row_builder(path, raw, first_line=header_at + 3)
    steps = {
        "step_timeline": "Step 1: Timeline and process: Prior availability",
        "step_advance_notice": "Step 2: Advance notice",
        "step_awareness_raising": "Step 3: Awareness-raising activities",
        "step_online_consultation": "Step 4: Online consultations",
        "step_in_person_consultation": "Step 5: In-person consultations",
        "step_summary_of_comments": "Step 6: Summary of comments",
        "regular_forum": "_Regular forum",
        "self_assessment_published": "_Self assessment published",
        "lead_president_or_pm_office": "Pres Office/PM",
        "lead_executive_agency": "Executive Lead Agency",
        "lead_ministry_foreign_affairs": "Ministry of Foreign Affairs",
        "officially_mandated": "Officially Mandated",
        "legally_mandated": "Legally mandated",
        "change_of_executive": "Change of executive",
    }
    participation = "Invitation-only or open participation during dev. consultation"
    out: dict[str, list[str]] = {c: [] for c in schema.ACTION_PLANS.columns}
    for i, row in enumerate(raw.to_dict("records")):
        code = _iso3(row["Country name"], where(i, "Country name"))
        ap = norm.year(row["Action Plan Number"], (), where(i, "Action Plan Number"))[0]
        out["id"].append(f"{code}-{ap}")
        out["iso3"].append(code)
        out["country"].append("")
        out["action_plan_number"].append(ap)
        out["year_submitted"].append(
            norm.year(row["Year AP Submitted"], (), where(i, "Year AP Submitted"))[0])
        for name, column in steps.items():
            out[name].append(norm.yes_no(row[column], where(i, column)))
        count, status = norm.year(row["_Number of steps followed (out of 6)"], ("NR",),
                                  where(i, "_Number of steps followed (out of 6)"),
                                  known=schema.RATED)
        out["steps_followed"].append(count)
        out["steps_followed_status"].append(status)
        value = " ".join(str(row[participation]).split())
        if value not in (schema.ACTION_PLANS.get("participation_development").enum or ()):
            raise where(i, participation).fail("unknown participation value", value)
        out["participation_development"].append(value)
        for name, column in (("iap2_development", "IAP2 level during development"),
                             ("iap2_implementation", "IAP2 level during imp.")):
            level, status = norm.rating(row[column], schema.IAP2, ("NR", "NA"),
                                        where(i, column))
            out[name].append(level)
            out[f"{name}_status"].append(status)
    return pd.DataFrame(out, columns=schema.ACTION_PLANS.columns)


# -- 2024 open-parliament subset -------------------------------------------------------------


def _locality_iso3(member: str, kind: str, where: norm.Where) -> str:
    if kind == "National":
        return _iso3(member, where)
    # "Jalisco, Mexico": the country follows the last comma; Kosovo has no ISO 3166 code.
    return resolve_country(member.rsplit(",", 1)[-1]) or ""


def derive_open_parliament(source: Path) -> pd.DataFrame:
    path = source / RAW_OPEN_PARLIAMENT
    raw = _read_raw(path)
    where = _row_builder(path, raw, first_line=2)
    ratings = {
        "specificity": ("Specificity", schema.SPECIFICITY),
        "potential_impact": ("Potential Impact", schema.POTENTIAL_IMPACT),
        "potential_for_results": ("Potential for Results", schema.POTENTIAL_FOR_RESULTS),
        "completion_progress": ("Completion (Progress Report)", schema.COMPLETION),
        "completion_end_of_term": ("Completion (End Of Term)", schema.COMPLETION),
        "early_results": ("Early Results", schema.EARLY_RESULTS),
        "diog_overall": ("Did It Open Government (Overall)", schema.DIOG),
        "diog_access_to_information": ("Did It Open Government (Access To Information)",
                                       schema.DIOG),
        "diog_civic_participation": ("Did It Open Government (Civic Participation)",
                                     schema.DIOG),
        "diog_public_accountability": ("Did It Open Government: Public Accountability",
                                       schema.DIOG),
    }
    out: dict[str, list[str]] = {c: [] for c in schema.OPEN_PARLIAMENT.columns}
    for i, row in enumerate(raw.to_dict("records")):
        member = " ".join(str(row["Country/Locality"]).split())
        kind = row["National Or Local"]
        out["id"].append(row["Commitment Unique Identifier"].strip())
        out["member"].append(member)
        out["member_code"].append(row["Code"].strip())
        out["iso3"].append(_locality_iso3(member, kind, where(i, "Country/Locality")))
        out["region"].append(row["Region"])
        out["national_or_local"].append(kind)
        out["action_plan_id"].append(row["Action Plan ID"].strip())
        out["action_plan_number"].append(
            norm.year(row["Action Plan Number"], (), where(i, "Action Plan Number"))[0])
        out["year_submitted"].append(
            norm.year(row["Year Of Submission"], (), where(i, "Year Of Submission"))[0])
        out["short_title"].append(norm.short_title(row["Short Title"]))
        out["open_parliament_tags"].append("|".join(
            t for t in _OPEN_PARLIAMENT_TAGS if norm.yes_no(row[t], where(i, t)) == "Yes"))
        out["verifiable"].append(norm.yes_no(row["Verifiable"], where(i, "Verifiable")))
        out["relevant"].append(norm.yes_no(row["_Relevant"], where(i, "_Relevant")))
        for name, (column, scale) in ratings.items():
            allowed = schema.OPEN_PARLIAMENT.get(f"{name}_status").enum or ()
            level, status = norm.rating(row[column], scale, allowed, where(i, column))
            out[name].append(level)
            out[f"{name}_status"].append(status)
        out["binding_constraint"].append(
            norm.binding_constraint(row["Binding constraint"], where(i, "Binding constraint")))
    return pd.DataFrame(out, columns=schema.OPEN_PARLIAMENT.columns)


# -- countries -------------------------------------------------------------------------------


def derive_countries(commitments_raw: pd.DataFrame, process: pd.DataFrame,
                     open_parliament: pd.DataFrame) -> pd.DataFrame:
    """One row per ISO3 country in any source; the region's origin is always recorded."""
    names_2016: dict[str, str] = {}
    for name in commitments_raw["Country"].unique():
        code = resolve_country(name)
        if code is None:  # would otherwise fail later, comparing None with codes
            raise InputError("unknown country in the 2016 IRM file", field="Country", value=name)
        names_2016[code] = _FULL_NAMES.get(name, name)
    national = open_parliament[open_parliament["national_or_local"] == "National"]
    names_2024 = dict(zip(national["iso3"], national["member"], strict=True))
    regions_2024 = dict(zip(national["iso3"], national["region"], strict=True))
    local = open_parliament[(open_parliament["national_or_local"] != "National")
                            & (open_parliament["iso3"] != "")]
    regions_local = dict(zip(local["iso3"], local["region"], strict=True))
    codes = sorted(set(names_2016) | set(process["iso3"]) | set(names_2024))
    rows = []
    for code in codes:
        if code in regions_2024:
            region, origin, note = regions_2024[code], "2024 file, national row", ""
        elif code in regions_local:
            region, origin, note = regions_local[code], "2024 file, local member", ""
        elif code in REGION_ASSIGNMENTS:
            region, note = REGION_ASSIGNMENTS[code]
            origin = "project assignment"
        else:
            raise InputError("no OGP region for this country: add it to "
                             "countries.REGION_ASSIGNMENTS with a reason", field="iso3",
                             value=code)
        name = names_2024.get(code) or names_2016.get(code) or code
        rows.append({
            "iso3": code,
            "iso2": iso2_for(code),
            "country": name,
            "region": region,
            "region_source": origin,
            "region_note": note,
            "in_commitments_2016": "true" if code in names_2016 else "false",
            "in_open_parliament_2024": "true" if code in names_2024 else "false",
        })
    return pd.DataFrame(rows, columns=schema.COUNTRIES.columns)


# -- writing ---------------------------------------------------------------------------------


def _resource(table: schema.Table, sources: list[str]) -> dict[str, object]:
    resource: dict[str, object] = {
        "name": table.name,
        "path": table.filename,
        "title": table.title,
        "description": table.description,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "sources": [{"title": SOURCES[s]["title"], "path": _source_url(s)} for s in sources],
        "schema": {
            "fields": [f.frictionless() for f in table.fields],
            "missingValues": [""],
            "primaryKey": list(table.primary_key),
        },
    }
    if table.foreign_keys:
        resource["schema"]["foreignKeys"] = [  # type: ignore[index]
            {"fields": f, "reference": {"resource": t, "fields": ref}}
            for f, t, ref in table.foreign_keys
        ]
    return resource


def _source_url(name: str) -> str:
    s = SOURCES[name]
    return f"https://github.com/{s['repository']}/blob/{s['commit']}/{s['file']}"


def datapackage() -> dict[str, object]:
    return {
        "profile": "tabular-data-package",
        "name": "ogp-irm-tidy",
        "title": "Tidy OGP / IRM commitment data for 'Learning to Open Government'",
        "description": (
            "Tables derived by `python -m ogp_curriculum irm derive` from three public OGP/IRM "
            "files. Ratings are ordered scales with a separate status column, so the IRM "
            "category 'None' and the codes ND, NR, NA, Unclear and Withdrawn stay distinct. "
            "open_parliament_2024 is a THEMATIC SUBSET (open parliament and legislation "
            "commitments only)."
        ),
        "licenses": [{
            "name": "CC-BY-4.0",
            "title": "Creative Commons Attribution 4.0 International (OGP's licence for its IRM "
                     "publications; see licence_note)",
            "path": "https://creativecommons.org/licenses/by/4.0/",
        }],
        "licence_note": LICENCE_NOTE,
        "attribution": ATTRIBUTION,
        "contributors": CONTRIBUTORS,
        "sources": [
            {
                "title": s["title"],
                "path": _source_url(name),
                "repository": s["repository"],
                "file": s["file"],
                "commit": s["commit"],
                "sha256": s["sha256"],
            }
            for name, s in SOURCES.items()
        ],
        "resources": [
            _resource(schema.COUNTRIES, [RAW_COMMITMENTS, RAW_PROCESS, RAW_OPEN_PARLIAMENT]),
            _resource(schema.COMMITMENTS, [RAW_COMMITMENTS]),
            _resource(schema.COMMITMENT_TAGS, [RAW_COMMITMENTS]),
            _resource(schema.ACTION_PLANS, [RAW_PROCESS]),
            _resource(schema.OPEN_PARLIAMENT, [RAW_OPEN_PARLIAMENT]),
        ],
    }


def derive_all(source: Path | None = None) -> dict[str, pd.DataFrame]:
    """Every tidy table, keyed by table name, built in memory."""
    source = Path(source) if source is not None else default_source()
    for name in SOURCES:
        _check_sha(source / name)
    open_parliament = derive_open_parliament(source)
    process = derive_action_plans(source)
    commitments_raw = _read_raw(source / RAW_COMMITMENTS, skiprows=1, usecols=["Country"])
    countries = derive_countries(commitments_raw, process, open_parliament)
    regions = dict(zip(countries["iso3"], countries["region"], strict=True))
    names = dict(zip(countries["iso3"], countries["country"], strict=True))
    commitments, tags = derive_commitments(source, regions)
    commitments["country"] = commitments["iso3"].map(names)
    process["country"] = process["iso3"].map(names)
    return {
        schema.COUNTRIES.name: countries,
        schema.COMMITMENTS.name: commitments,
        schema.COMMITMENT_TAGS.name: tags,
        schema.ACTION_PLANS.name: process,
        schema.OPEN_PARLIAMENT.name: open_parliament,
    }


def write_all(tables: dict[str, pd.DataFrame], out: Path) -> list[Path]:
    """Write the tables and datapackage.json; same input, same bytes.

    All or nothing (:func:`ogp_curriculum.files.write_files`): a full disk or a crash leaves
    the previous tables in ``out`` (by default the committed data/irm) untouched.
    """
    files = {
        schema.TABLES[name].filename: frame.to_csv(index=False, lineterminator="\n").encode()
        for name, frame in tables.items()
    }
    files["datapackage.json"] = (
        json.dumps(datapackage(), indent=2, ensure_ascii=False) + "\n"
    ).encode()
    try:
        return write_files(out, files)
    except OSError as error:
        raise output_error(error, out) from None


def derive(source: Path | None = None, out: Path | None = None) -> list[Path]:
    target = Path(out) if out is not None else default_out()
    check_output_folder(target)  # before the slow part: a file given as --out fails at once
    return write_all(derive_all(source), target)
