"""The tidy IRM tables: every field, its type, its allowed values and its meaning.

One definition drives three things: the derivation writes columns in this order, the
Frictionless ``datapackage.json`` is generated from it, and the loaders validate against it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Ordered rating scales, lowest first, with the canonical labels used everywhere.
SPECIFICITY: tuple[str, ...] = ("None", "Low", "Medium", "High")
POTENTIAL_IMPACT: tuple[str, ...] = ("None", "Minor", "Moderate", "Transformative")
COMPLETION: tuple[str, ...] = ("Not started", "Limited", "Substantial", "Complete")
DIOG: tuple[str, ...] = ("Worsened", "Did not change", "Marginal", "Major", "Outstanding")
POTENTIAL_FOR_RESULTS: tuple[str, ...] = ("Unclear", "Modest", "Substantial")
EARLY_RESULTS: tuple[str, ...] = ("No notable results", "Moderate", "Significant")
IAP2: tuple[str, ...] = ("Inform", "Consult", "Involve", "Collaborate", "Empower")

# Why a rating is absent. "Rated" means the rating column holds a level of its scale.
RATED = "Rated"
STATUS_MEANINGS: dict[str, str] = {
    RATED: "rated: the rating column holds a level of the scale",
    "ND": "no data: the IRM had not (yet) assessed this",
    "NR": "not relevant or not reviewed (IRM code NR)",
    "NA": "not applicable (IRM code NA; 'Not Applicable' is normalised to NA)",
    "Unclear": "the IRM could not tell",
    "Withdrawn": "the commitment was withdrawn",
    "No early results yet": "'No early results to report yet' (2024 file)",
}
STATUSES: tuple[str, ...] = tuple(STATUS_MEANINGS)

YES_NO_STATUS: tuple[str, ...] = ("Yes", "No", "ND", "NR", "NA")
BINDING_CONSTRAINTS: tuple[str, ...] = (
    "Specificity",
    "Relevance",
    "Potential impact",
    "Completion",
    "Starred",
    "Not computed",
    "ND",
    "NR",
)


@dataclass(frozen=True)
class Field:
    """One column of a tidy table."""

    name: str
    type: str  # Frictionless type: string, integer, boolean
    description: str
    enum: tuple[str, ...] | None = None
    ordered: bool = False  # enum is an ordered scale (becomes an ordered Categorical)
    required: bool = False
    unique: bool = False
    pattern: str | None = None
    minimum: int | None = None
    maximum: int | None = None

    def frictionless(self) -> dict[str, object]:
        out: dict[str, object] = {
            "name": self.name,
            "type": self.type,
            "description": self.description,
        }
        constraints: dict[str, object] = {}
        if self.required:
            constraints["required"] = True
        if self.unique:
            constraints["unique"] = True
        if self.enum is not None:
            constraints["enum"] = list(self.enum)
        if self.pattern is not None:
            constraints["pattern"] = self.pattern
        if self.minimum is not None:
            constraints["minimum"] = self.minimum
        if self.maximum is not None:
            constraints["maximum"] = self.maximum
        if constraints:
            out["constraints"] = constraints
        if self.type == "boolean":
            out["trueValues"] = ["true"]
            out["falseValues"] = ["false"]
        return out


@dataclass(frozen=True)
class Table:
    """One tidy CSV table and its schema."""

    name: str
    filename: str
    title: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[tuple[str, str, str], ...] = field(default=())  # (field, table, ref)

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]

    def get(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)


def _rating(name: str, scale: tuple[str, ...], meaning: str, statuses: tuple[str, ...]) -> tuple[
    Field, Field
]:
    """A rating column (ordered scale, empty when not rated) and its status column."""
    return (
        Field(
            name,
            "string",
            f"{meaning} Ordered scale, lowest first: {', '.join(scale)}. Empty exactly when "
            f"{name}_status is not '{RATED}'.",
            enum=scale,
            ordered=True,
        ),
        Field(
            f"{name}_status",
            "string",
            f"Whether {name} was rated, and if not, why (IRM status codes kept distinct).",
            enum=(RATED, *statuses),
            required=True,
        ),
    )


def _yes_no(name: str, meaning: str, values: tuple[str, ...] = YES_NO_STATUS) -> Field:
    return Field(name, "string", f"{meaning} Yes/No, or an IRM status code.", enum=values,
                 required=True)


# OGP was launched in 2011: no action plan or IRM report is older. The upper bound only
# catches typos (a year of 20016), with room for plans not yet written.
FIRST_YEAR = 2011
LAST_YEAR = 2100


def _year_field(name: str, description: str) -> Field:
    return Field(name, "integer", description, required=True, minimum=FIRST_YEAR,
                 maximum=LAST_YEAR)


def _plan_number(description: str = "Action plan number.") -> Field:
    return Field("action_plan_number", "integer", description, required=True, minimum=1,
                 maximum=99)


def _year(
    name: str, meaning: str, statuses: tuple[str, ...], known: str = "Published",
    minimum: int = FIRST_YEAR, maximum: int = LAST_YEAR,
) -> tuple[Field, Field]:
    """An integer column (empty when unknown) and its status column."""
    return (
        Field(name, "integer", f"{meaning} Empty exactly when {name}_status is not "
              f"'{known}'.", minimum=minimum, maximum=maximum),
        Field(f"{name}_status", "string", f"Whether {name} is known, and if not, why.",
              enum=(known, *statuses), required=True),
    )


ISO3_PATTERN = "^[A-Z]{3}$"

COMMITMENTS = Table(
    name="commitments_2016",
    filename="commitments_2016.csv",
    title="IRM commitments, mid-2016 (OGP Explorer data)",
    description=(
        "One row per commitment in the OGP Explorer's IRM dataset of about mid-2016: 61 "
        "countries, action plans submitted 2011-2014. Ratings from IRM progress reports; "
        "end-of-term ratings exist for few commitments. Short titles only, no full texts."
    ),
    primary_key=("id",),
    foreign_keys=(("iso3", "countries", "iso3"),),
    fields=(
        Field("id", "string", "Stable commitment id: ISO3, action plan number and the "
              "source commitment number joined by '-'; a repeated number within one plan "
              "gets '~2', '~3' in source order.", required=True, unique=True),
        Field("iso3", "string", "ISO 3166 alpha-3 code of the country.", required=True,
              pattern=ISO3_PATTERN),
        Field("country", "string", "Country name (as in the countries table).", required=True),
        Field("region", "string", "OGP region (see the countries table for its source).",
              enum=("Africa and the Middle East", "Americas", "Asia and the Pacific", "Europe"),
              required=True),
        Field("action_plan_id", "string", "Action plan id, ISO3 and plan number "
              "(joins action_plans_2016.id).", required=True),
        _plan_number("Action plan number (1 = first plan)."),
        Field("commitment_number", "string", "Commitment number as written in the source "
              "(e.g. '3.3.2').", required=True),
        _year_field("year_submitted", "Year the action plan was submitted."),
        *_year("report_year_progress", "Year the IRM progress report was published.",
               ("ND", "NR")),
        *_year("report_year_end_of_term", "Year the IRM end-of-term report was published.",
               ("ND", "NR")),
        Field("theme", "string", "Theme heading of the commitment in its action plan, if "
              "any (empty when the source says NA or NR)."),
        Field("short_title", "string", "Short title (trimmed to 160 characters at a word "
              "boundary, ending with '…' if trimmed).", required=True),
        _yes_no("value_access_to_information", "Relevant to access to information (OGP value)."),
        _yes_no("value_civic_participation", "Relevant to civic participation (OGP value)."),
        _yes_no("value_public_accountability", "Relevant to public accountability (OGP value)."),
        _yes_no("value_technology_innovation", "Relevant to technology and innovation for "
                "openness and accountability (OGP value; counts for stars only together "
                "with another value)."),
        _yes_no("relevant", "The source's own relevance flag (_Relevant): relevant to at "
                "least one OGP value."),
        *_rating("specificity", SPECIFICITY, "IRM specificity (verifiability) of the text.",
                 ("NR",)),
        *_rating("potential_impact", POTENTIAL_IMPACT, "IRM potential impact if fully "
                 "implemented (ambition).", ("ND", "NR", "Unclear")),
        *_rating("completion_progress", COMPLETION, "Completion at the IRM progress report "
                 "(midterm).", ("ND", "NR", "NA", "Unclear", "Withdrawn")),
        *_rating("completion_end_of_term", COMPLETION, "Completion at the IRM end-of-term "
                 "report.", ("ND", "NR", "NA", "Unclear", "Withdrawn")),
        *_rating("diog", DIOG, "'Did it open government?' at end of term (source 'b. None' "
                 "is 'Did not change').", ("ND", "NR", "NA")),
        _yes_no("starred_pre_2014", "Star under the pre-June-2014 assessments (source column "
                "'Starred (pre-June 2014 assessments)')."),
        _yes_no("starred_2015_only", "Star in the source column 'Starred (2015 only)' (follows "
                "the 2014 rule: moderate or transformative impact)."),
        _yes_no("starred_current_progress", "Star in 'Starred (current formula) progress "
                "report' (transformative-only rule)."),
        _yes_no("starred_current_end_of_term", "Star in 'Starred (current formula) end of "
                "term'."),
        Field("irm_assessed", "boolean", "The source's 'IRM Assessed (Y/N)?' flag.",
              required=True),
    ),
)

COMMITMENT_TAGS = Table(
    name="commitment_tags_2016",
    filename="commitment_tags_2016.csv",
    title="Topic tags of the 2016 commitments (long form)",
    description="One row per commitment and topic tag set to 1 in the source.",
    primary_key=("id", "tag"),
    foreign_keys=(("id", "commitments_2016", "id"),),
    fields=(
        Field("id", "string", "Commitment id (commitments_2016.id).", required=True),
        Field("tag", "string", "Topic tag, as named in the source column.", required=True),
    ),
)

_STEP = "Consultation step {n} in developing the plan: {what}."

ACTION_PLANS = Table(
    name="action_plans_2016",
    filename="action_plans_2016.csv",
    title="OGP process database, July 2016 (one row per country action plan)",
    description=(
        "Consultation and institutional variables per action plan, from the OGP process "
        "database of July 2016. Joins the commitments on action_plan_id."
    ),
    primary_key=("id",),
    foreign_keys=(("iso3", "countries", "iso3"),),
    fields=(
        Field("id", "string", "Action plan id: ISO3 and plan number.", required=True,
              unique=True),
        Field("iso3", "string", "ISO 3166 alpha-3 code.", required=True, pattern=ISO3_PATTERN),
        Field("country", "string", "Country name (as in the countries table).", required=True),
        _plan_number(),
        _year_field("year_submitted", "Year the action plan was submitted."),
        _yes_no("step_timeline", _STEP.format(n=1, what="timeline and process available "
                                               "beforehand")),
        _yes_no("step_advance_notice", _STEP.format(n=2, what="advance notice")),
        _yes_no("step_awareness_raising", _STEP.format(n=3, what="awareness-raising")),
        _yes_no("step_online_consultation", _STEP.format(n=4, what="online consultation")),
        _yes_no("step_in_person_consultation", _STEP.format(n=5, what="in-person "
                                                             "consultation")),
        _yes_no("step_summary_of_comments", _STEP.format(n=6, what="summary of comments")),
        *_year("steps_followed", "Number of the six consultation steps followed.",
               ("NR",), known=RATED, minimum=0, maximum=6),
        Field("participation_development", "string", "Invitation-only or open participation "
              "while developing the plan, or an IRM status code.",
              enum=("Open", "Invitation-only", "NR", "NA"), required=True),
        *_rating("iap2_development", IAP2, "IAP2 public participation level while developing "
                 "the plan.", ("NR", "NA")),
        _yes_no("regular_forum", "A regular multi-stakeholder forum was consulted during "
                "implementation."),
        *_rating("iap2_implementation", IAP2, "IAP2 level during implementation.",
                 ("NR", "NA")),
        _yes_no("self_assessment_published", "The government published its annual "
                "self-assessment report."),
        _yes_no("lead_president_or_pm_office", "The President's or Prime Minister's office "
                "was involved in leading OGP."),
        _yes_no("lead_executive_agency", "Source 'Executive Lead Agency'."),
        _yes_no("lead_ministry_foreign_affairs", "The Ministry of Foreign Affairs was "
                "involved in leading OGP."),
        _yes_no("officially_mandated", "OGP leadership was officially mandated."),
        _yes_no("legally_mandated", "OGP leadership was legally mandated."),
        _yes_no("change_of_executive", "The executive changed during the action plan cycle."),
    ),
)

OPEN_PARLIAMENT = Table(
    name="open_parliament_2024",
    filename="open_parliament_2024.csv",
    title="THEMATIC SUBSET: open-parliament commitments, OGP export of 2024-07",
    description=(
        "A thematic subset, not the whole partnership: only the 558 commitments that OGP's "
        "commitments spreadsheet (exported about 2024-07-03) tags as open parliament, "
        "legislation, legislative oversight or participation in lawmaking. 75 members, "
        "action plans 2011-2024. Use it for the post-2020 indicators, never for "
        "partnership-wide rates."
    ),
    primary_key=("id",),
    foreign_keys=(("iso3", "countries", "iso3"),),
    fields=(
        Field("id", "string", "OGP's commitment unique identifier (e.g. AL0002).",
              required=True, unique=True),
        Field("member", "string", "OGP member (country, or locality for local members).",
              required=True),
        Field("member_code", "string", "OGP's member code (ISO3 for countries).",
              required=True),
        Field("iso3", "string", "ISO 3166 alpha-3 code of the country (of the locality's "
              "country for local members); empty for Kosovo, which has no ISO 3166 code.",
              pattern=ISO3_PATTERN),
        Field("region", "string", "OGP region, as in the source.",
              enum=("Africa and the Middle East", "Americas", "Asia and the Pacific", "Europe"),
              required=True),
        Field("national_or_local", "string", "National or local member, as in the source.",
              enum=("National", "Legacy Local", "Other"), required=True),
        Field("action_plan_id", "string", "OGP's action plan id (e.g. AP_ALB01).",
              required=True),
        _plan_number(),
        _year_field("year_submitted", "Year the action plan was submitted."),
        Field("short_title", "string", "Short title (trimmed to 160 characters).",
              required=True),
        Field("open_parliament_tags", "string", "Which of the subset's selecting tags are "
              "set, joined by '|' (Open Parliaments, Open Parliament Plan, Legislation, "
              "Legislative Oversight, Participation in Lawmaking).", required=True),
        *_rating("specificity", SPECIFICITY, "IRM specificity (pre-2020 indicator).",
                 ("ND", "NR")),
        _yes_no("verifiable", "Verifiable (post-2020 indicator; one source value '1' is "
                "read as Yes)."),
        _yes_no("relevant", "Relevant to an OGP value (source _Relevant)."),
        *_rating("potential_impact", POTENTIAL_IMPACT, "Potential impact (pre-2020).",
                 ("ND", "NR")),
        *_rating("potential_for_results", POTENTIAL_FOR_RESULTS, "Potential for results "
                 "(post-2020 replacement of potential impact; 'Unclear' is its lowest level).",
                 ("ND", "NR")),
        *_rating("completion_progress", COMPLETION, "Completion at the progress report.",
                 ("ND", "NR", "NA", "Unclear", "Withdrawn")),
        *_rating("completion_end_of_term", COMPLETION, "Completion at end of term or in the "
                 "results report.", ("ND", "NR", "NA", "Unclear", "Withdrawn")),
        *_rating("early_results", EARLY_RESULTS, "Early results (post-2020 replacement of "
                 "DIOG).", ("ND", "NR")),
        *_rating("diog_overall", DIOG, "Did it open government, overall ('Worsens' is "
                 "normalised to 'Worsened').", ("ND", "NR", "NA", "No early results yet")),
        *_rating("diog_access_to_information", DIOG, "DIOG for access to information.",
                 ("ND", "NR", "NA")),
        *_rating("diog_civic_participation", DIOG, "DIOG for civic participation.",
                 ("ND", "NR", "NA")),
        *_rating("diog_public_accountability", DIOG, "DIOG for public accountability.",
                 ("ND", "NR", "NA")),
        Field("binding_constraint", "string", "OGP's diagnostic of which star criterion held "
              "the commitment back (meaning inferred; OGP does not document it): the first "
              "criterion failed in the order Specificity, Relevance, Potential impact, "
              "Completion; "
              "'Starred' when it earned a star; 'Not computed' for the source value FALSE "
              "(mostly rows with no assessment); ND/NR as IRM codes.",
              enum=BINDING_CONSTRAINTS, required=True),
    ),
)

COUNTRIES = Table(
    name="countries",
    filename="countries.csv",
    title="Countries: ISO 3166 codes and OGP regions",
    description=(
        "Every country in the 2016 commitments, the 2016 process database or the national "
        "rows of the 2024 subset, with its OGP region and where that region comes from."
    ),
    primary_key=("iso3",),
    fields=(
        Field("iso3", "string", "ISO 3166 alpha-3 code.", required=True, unique=True,
              pattern=ISO3_PATTERN),
        Field("iso2", "string", "ISO 3166 alpha-2 code.", required=True,
              pattern="^[A-Z]{2}$"),
        Field("country", "string", "Country name as OGP spells it in the 2024 file, else as "
              "in the 2016 file with abbreviations spelled out.", required=True),
        Field("region", "string", "OGP region.",
              enum=("Africa and the Middle East", "Americas", "Asia and the Pacific", "Europe"),
              required=True),
        Field("region_source", "string", "Where the region comes from: the national row of "
              "the 2024 file, a local member of the same country in it, or the project's "
              "documented assignment.",
              enum=("2024 file, national row", "2024 file, local member",
                    "project assignment"), required=True),
        Field("region_note", "string", "Why the project assigned this region (only for "
              "project assignments)."),
        Field("in_commitments_2016", "boolean", "The country has commitments in the 2016 "
              "IRM data.", required=True),
        Field("in_open_parliament_2024", "boolean", "The country has national commitments "
              "in the 2024 subset.", required=True),
    ),
)

TABLES: dict[str, Table] = {
    t.name: t for t in (COMMITMENTS, COMMITMENT_TAGS, ACTION_PLANS, OPEN_PARLIAMENT, COUNTRIES)
}
