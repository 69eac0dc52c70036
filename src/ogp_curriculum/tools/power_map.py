"""Stakeholder power map: actors placed by influence and stance, with a prompt per quadrant.

Pure state and a chart builder; the widget lives in ``power_map_view``.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass
from pathlib import Path

import altair as alt
import pandas as pd

from ogp_curriculum import inputs
from ogp_curriculum.charts import OKABE_ITO, accessible
from ogp_curriculum.errors import InputError
from ogp_curriculum.files import save_text
from ogp_curriculum.i18n import N_, _, format_number
from ogp_curriculum.outputs import csv_text, csv_uncell
from ogp_curriculum.tools._text import clean_line

INFLUENCE = (0, 10)
STANCE = (-5, 5)
HIGH_INFLUENCE = 6  # influence of 6 or more counts as high (upper half of 0-10)
FORMAT = "ogp-power-map/1"
COLUMNS = ["name", "influence", "stance", "note", "quadrant"]

QUADRANTS: dict[str, str] = {
    N_("Powerful supporters"): (
        N_("How will you keep them engaged, and share ownership so the reform does not rest on "
        "them alone? What would they need from you before a change of government?")
    ),
    N_("Powerful opponents"): (
        N_("What do they want, believe and fear, and what constrains them? Could the reform be "
        "framed or designed so that they lose less, or could a coalition outweigh them?")
    ),
    N_("Supporters with little influence"): (
        N_("Could they gain influence by joining a coalition, or with information, skills or "
        "access? Who could connect them to decision-makers?")
    ),
    N_("Opponents with little influence"): (
        N_("Watch rather than fight: what could make them more influential (an election, a "
        "scandal, an alliance)?")
    ),
    N_("Undecided"): (
        N_("What would move them? Which supporter has their ear, and what problem of theirs "
        "could the reform solve?")
    ),
}


@dataclass(frozen=True)
class Actor:
    name: str
    influence: int
    stance: int
    note: str = ""

    @property
    def quadrant(self) -> str:
        if self.stance == 0:
            return "Undecided"
        high = self.influence >= HIGH_INFLUENCE
        if self.stance > 0:
            return "Powerful supporters" if high else "Supporters with little influence"
        return "Powerful opponents" if high else "Opponents with little influence"


def _whole(value: object, field: str, bounds: tuple[int, int], row: int | None) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
        raise InputError("must be a whole number", field=field, row=row, value=value)
    low, high = bounds
    if not low <= int(value) <= high:
        raise InputError(f"must be between {low} and {high}", field=field, row=row, value=value)
    return int(value)


def make_actor(name: object, influence: object, stance: object, note: object = "",
               *, row: int | None = None) -> Actor:
    """Check one actor's values; errors name the field (and row when loading a file)."""
    try:
        clean_name = clean_line(name, field="name", limit=80)
        clean_note = clean_line(note if note is not None else "", field="note", limit=300)
    except ValueError as error:
        raise InputError(str(error), field=str(error).split()[0], row=row) from None
    if not clean_name:
        raise InputError("every actor needs a name", field="name", row=row)
    return Actor(clean_name, _whole(influence, "influence", INFLUENCE, row),
                 _whole(stance, "stance", STANCE, row), clean_note)


class PowerMap:
    """The learner's actors, in the order they were added."""

    def __init__(self, title: str = "") -> None:
        self.title = title
        self.actors: list[Actor] = []

    def add(self, name: object, influence: object, stance: object, note: object = "") -> Actor:
        actor = make_actor(name, influence, stance, note)
        if any(a.name.casefold() == actor.name.casefold() for a in self.actors):
            raise InputError("an actor with this name is already on the map; remove it first",
                             field="name", value=actor.name)
        self.actors.append(actor)
        return actor

    def remove(self, name: str) -> None:
        before = len(self.actors)
        self.actors = [a for a in self.actors if a.name != name]
        if len(self.actors) == before:
            raise InputError("no actor with this name", field="name", value=name)

    def frame(self) -> pd.DataFrame:
        rows = [{**asdict(a), "quadrant": a.quadrant} for a in self.actors]
        return pd.DataFrame(rows, columns=COLUMNS)

    def by_quadrant(self) -> dict[str, list[str]]:
        groups: dict[str, list[str]] = {q: [] for q in QUADRANTS}
        for actor in self.actors:
            groups[actor.quadrant].append(actor.name)
        return groups

    def prompts(self) -> list[tuple[str, list[str], str]]:
        """(quadrant, actors in it, prompt) for each quadrant that has actors."""
        return [(q, names, QUADRANTS[q]) for q, names in self.by_quadrant().items() if names]

    # --- export and import ---------------------------------------------------------------
    def to_csv(self) -> str:
        rows = [[a.name, a.influence, a.stance, a.note, a.quadrant] for a in self.actors]
        return csv_text(COLUMNS, rows)

    def to_json(self) -> str:
        data = {"format": FORMAT, "title": self.title,
                "actors": [{**asdict(a), "quadrant": a.quadrant} for a in self.actors]}
        return json.dumps(data, indent=2, ensure_ascii=False)

    def export(self, path: str | Path) -> Path:
        """Write CSV or JSON, chosen by the file's extension; the old file survives a failure."""
        path = Path(path).expanduser()
        suffix = path.suffix.lower()
        if suffix not in (".csv", ".json"):
            raise InputError("the file name must end in .csv or .json", path=path)
        return save_text(path, self.to_csv() if suffix == ".csv" else self.to_json())

    @classmethod
    def load(cls, path: str | Path) -> PowerMap:
        """Read a map exported as JSON or CSV; a bad row is reported by number."""
        path = Path(path).expanduser()
        text = inputs.read_text(path, what="power map", limit=inputs.SAVED_LIMIT)
        new = cls()
        try:
            if path.suffix.lower() == ".json":
                data = inputs.parse_json(text, path=path, what="power map")
                if not isinstance(data, dict) or data.get("format") != FORMAT:
                    raise InputError("not an exported power map", path=path, field="format")
                new.title = str(data.get("title", ""))
                rows = data.get("actors", [])
                if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
                    raise InputError("actors must be a list of objects", path=path,
                                     field="actors")
            else:
                rows = list(csv.DictReader(io.StringIO(text)))
                for row in rows:
                    for key in ("influence", "stance"):
                        value = (row.get(key) or "").strip()
                        # Only short ASCII numbers become int; anything else ('²', 5000
                        # digits) stays text for make_actor to refuse with its row.
                        digits = value.removeprefix("-")
                        short_number = digits.isascii() and digits.isdigit() and len(digits) < 6
                        row[key] = int(value) if short_number else value
                    for key in ("name", "note"):
                        row[key] = csv_uncell(row.get(key) or "")
            for number, row in enumerate(rows, start=1):
                actor = make_actor(row.get("name"), row.get("influence"), row.get("stance"),
                                   row.get("note", ""), row=number)
                new.actors.append(actor)
        except json.JSONDecodeError as error:
            raise InputError(f"not valid JSON ({error.msg})", path=path,
                             row=error.lineno) from None
        except csv.Error as error:  # e.g. a cell over the csv module's field limit
            raise InputError(f"not a readable CSV table ({error})", path=path) from None
        except InputError as error:
            raise InputError(error.message, path=path, field=error.field, row=error.row,
                             value=error.value) from None
        return new

    # --- chart ---------------------------------------------------------------------------
    def chart(self) -> alt.LayerChart:
        """Scatter of actors by stance and influence, with the quadrant lines."""
        data = self.frame()
        counts = data["quadrant"].value_counts()
        summary = "; ".join(f"{_(q)}: {format_number(int(counts.get(q, 0)))}" for q in QUADRANTS)
        # The data keep the English quadrant; the legend and tooltips show the reader's words.
        data = data.assign(quadrant_label=[_(q) for q in data["quadrant"]])
        x = alt.X("stance:Q", title=_("Stance (oppose −5 to support +5)"),
                  scale=alt.Scale(domain=list(STANCE)))
        y = alt.Y("influence:Q", title=_("Influence (0 to 10)"),
                  scale=alt.Scale(domain=list(INFLUENCE)))
        colour = alt.Color("quadrant_label:N", title=_("Quadrant"),
                           scale=alt.Scale(domain=[_(q) for q in QUADRANTS],
                                           range=list(OKABE_ITO[:5])))
        base = alt.Chart(data)
        tooltip = [alt.Tooltip("name:N", title=_("Actor")),
                   alt.Tooltip("influence:Q", title=_("Influence")),
                   alt.Tooltip("stance:Q", title=_("Stance")),
                   alt.Tooltip("quadrant_label:N", title=_("Quadrant")),
                   alt.Tooltip("note:N", title=_("Note"))]
        points = base.mark_circle(size=160).encode(x=x, y=y, color=colour, tooltip=tooltip)
        # Labels sit above their point, so they stay inside the plot at either edge.
        labels = base.mark_text(dy=-13, align="center", fontSize=11).encode(
            x=x, y=y, text="name")
        lines = pd.DataFrame({"stance": [0], "influence": [HIGH_INFLUENCE - 0.5]})
        vertical = alt.Chart(lines).mark_rule(strokeDash=[4, 4], color="grey").encode(x="stance:Q")
        horizontal = alt.Chart(lines).mark_rule(strokeDash=[4, 4], color="grey").encode(
            y="influence:Q")
        layered = alt.LayerChart(layer=[vertical, horizontal, points, labels]).properties(
            width=420, height=320)
        return accessible(
            layered,
            title=self.title or _("Stakeholder power map"),
            description=_("Scatter plot of {count} actors by stance (x, oppose to support) "
                          "and influence (y). Actors per quadrant: {summary}.").format(
                              count=format_number(len(data)), summary=summary),
        )
