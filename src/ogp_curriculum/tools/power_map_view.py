"""Widget view of the stakeholder power map: a form, a live Altair map and quadrant prompts."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as w
from IPython.display import display

from ogp_curriculum.errors import InputError
from ogp_curriculum.i18n import _, format_number
from ogp_curriculum.outputs import html_text as escaped
from ogp_curriculum.tools.power_map import INFLUENCE, STANCE, PowerMap


def default_export_path() -> Path:
    return Path("~/ogp-curriculum") / "power_map.csv"


class PowerMapView:
    def __init__(self, power_map: PowerMap | None = None,
                 export_path: str | Path | None = None) -> None:
        self.map = power_map or PowerMap()
        self.name = w.Text(description=_("Actor"), placeholder=_("e.g. suppliers' chamber"))
        self.influence = w.IntSlider(value=5, min=INFLUENCE[0], max=INFLUENCE[1],
                                     description=_("Influence"))
        self.stance = w.IntSlider(value=0, min=STANCE[0], max=STANCE[1],
                                  description=_("Stance"))
        self.note = w.Text(description=_("Note"), placeholder=_("what they want, optional"))
        self.add_button = w.Button(description=_("Add to map"), icon="plus",
                                   button_style="primary")
        self.remove_choice = w.Dropdown(description=_("Remove"), options=[])
        self.remove_button = w.Button(description=_("Remove actor"), icon="trash")
        self.table = w.HTML()
        self.prompts = w.HTML()
        self.chart_out = w.Output()
        self.path = w.Text(value=str(export_path or default_export_path()),
                           description=_("File (.csv or .json)"),
                           style={"description_width": "initial"}, layout=w.Layout(width="95%"))
        self.export_button = w.Button(description=_("Export"), icon="download")
        self.load_button = w.Button(description=_("Load"), icon="upload")
        self.status = w.Label()
        self.add_button.on_click(lambda _: self.add())
        self.remove_button.on_click(lambda _: self.remove())
        self.export_button.on_click(lambda _: self.export())
        self.load_button.on_click(lambda _: self.load())
        self.widget = w.VBox([
            w.HTML(_("<b>Add an actor</b> (stance: −5 strongly opposes, +5 strongly "
                     "supports)")),
            self.name, self.influence, self.stance, self.note, self.add_button,
            self.chart_out, self.prompts, self.table,
            w.HBox([self.remove_choice, self.remove_button]),
            self.path, w.HBox([self.export_button, self.load_button]), self.status,
        ])
        self.refresh()

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)

    def add(self) -> None:
        try:
            actor = self.map.add(self.name.value, self.influence.value, self.stance.value,
                                 self.note.value)
        except InputError as error:
            self.status.value = _("Not added: {error}").format(error=error)
            return
        self.status.value = _("Added {name} ({quadrant})").format(name=actor.name,
                                                                  quadrant=_(actor.quadrant))
        self.name.value = self.note.value = ""
        self.refresh()

    def remove(self) -> None:
        if self.remove_choice.value:
            self.map.remove(self.remove_choice.value)
            self.status.value = _("Removed")
            self.refresh()

    def export(self) -> None:
        try:
            path = self.map.export(self.path.value.strip())
        except (InputError, OSError) as error:
            self.status.value = _("Not exported: {error}").format(error=error)
            return
        self.status.value = _("Exported to {path}").format(path=path)

    def load(self) -> None:
        try:
            self.map = PowerMap.load(self.path.value.strip())
        except InputError as error:
            self.status.value = _("Not loaded (your map is unchanged): {error}").format(
                error=error)
            return
        self.status.value = _("Loaded {count} actors").format(
            count=format_number(len(self.map.actors)))
        self.refresh()

    def refresh(self) -> None:
        names = [a.name for a in self.map.actors]
        self.remove_choice.options = names
        rows = "".join(
            f"<tr><td>{escaped(a.name)}</td><td>{a.influence}</td><td>{a.stance:+d}</td>"
            f"<td>{escaped(_(a.quadrant))}</td><td>{escaped(a.note)}</td></tr>"
            for a in self.map.actors
        )
        self.table.value = (
            "<table><tr>" + "".join(f"<th>{h}</th>" for h in (
                _("Actor"), _("Influence"), _("Stance"), _("Quadrant"), _("Note")))
            + f"</tr>{rows}</table>" if rows else "<i>" + _("No actors yet.") + "</i>"
        )
        self.prompts.value = "".join(
            f"<p><b>{escaped(_(q))}</b> ({escaped(', '.join(names))}): {escaped(_(prompt))}</p>"
            for q, names, prompt in self.map.prompts()
        )
        self.chart_out.clear_output(wait=True)
        if self.map.actors:
            with self.chart_out:
                display(self.map.chart())
