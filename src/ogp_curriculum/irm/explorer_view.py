"""A thin ipywidgets view over ``explorer.Explorer``: widgets in, ``Update`` out.

All logic lives in the state machine; this module only wires widget values to
``Explorer.set`` and shows the result. Messages go into plain-text Labels (never HTML).
"""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets
from IPython.display import display

from ..i18n import _, format_number
from ..i18n.tables import shown
from .explorer import ALL, RATINGS, Explorer, ExplorerState, Update, level_label

DEFAULT_SAVE = "~/irm_explorer_selection.csv"


def _shown(options: list[str], rating: str = "") -> list[tuple[str, str]]:
    """(label, value) pairs: "All" and rating levels in the reader's words, values unchanged."""
    return [(_(ALL) if o == ALL else level_label(rating, o) if rating else o, o)
            for o in options]


class ExplorerView:
    def __init__(self, explorer: Explorer | None = None,
                 state: ExplorerState | None = None, table_rows: int = 15) -> None:
        self.explorer = explorer or Explorer()
        self.state = state or ExplorerState()
        self.table_rows = table_rows
        e = self.explorer
        self.region = widgets.Dropdown(description=_("Region"),
                                       options=_shown(e.region_options()))
        self.country = widgets.Dropdown(description=_("Country"))
        self.action_plan = widgets.Dropdown(description=_("Action plan"))
        self.tag = widgets.Dropdown(description=_("Theme/tag"), options=_shown(e.tag_options()))
        self.rating = widgets.Dropdown(description=_("Rating"),
                                       options=[(_(v), k) for k, v in RATINGS.items()])
        self.level = widgets.Dropdown(description=_("Level"))
        self.summary = widgets.Label()
        self.chart_out = widgets.Output()
        self.table_out = widgets.Output()
        self.path = widgets.Text(value=DEFAULT_SAVE, description=_("Save to"))
        self.overwrite = widgets.Checkbox(value=False, description=_("Replace if it exists"))
        self.save = widgets.Button(description=_("Save table as CSV"), icon="download")
        self.message = widgets.Label()
        self.last: Update | None = None
        self._syncing = False
        self._sync_widgets()
        for w, name in ((self.region, "region"), (self.country, "country"),
                        (self.action_plan, "action_plan"), (self.tag, "tag"),
                        (self.rating, "rating"), (self.level, "level")):
            w.observe(self._changed(name), names="value")
        self.save.on_click(self._save)
        self.refresh()

    def _changed(self, name: str):
        def handler(change: dict) -> None:
            if self._syncing:
                return
            self.state = self.explorer.set(self.state, **{name: change["new"]})
            self._sync_widgets()
            self.refresh()
        return handler

    def _sync_widgets(self) -> None:
        """Show the state's choices; dependent option lists follow the state."""
        self._syncing = True
        try:
            e, s = self.explorer, self.state
            self.country.options = [(_(label) if value == ALL else label, value)
                                     for label, value in e.country_options(s)]
            self.action_plan.options = _shown(e.action_plan_options(s))
            self.level.options = _shown(e.level_options(s), s.rating)
            self.region.value, self.country.value = s.region, s.country
            self.action_plan.value, self.tag.value = s.action_plan, s.tag
            self.rating.value, self.level.value = s.rating, s.level
        finally:
            self._syncing = False

    def refresh(self) -> Update:
        self.last = self.explorer.update(self.state)
        self.summary.value = self.last.summary
        self.chart_out.clear_output(wait=True)
        with self.chart_out:
            display(self.last.chart)
        self.table_out.clear_output(wait=True)
        with self.table_out:
            # pandas escapes cell text; headers and rating levels in the reader's language
            display(shown(self.last.table.head(self.table_rows)))
        return self.last

    def _save(self, _button: widgets.Button | None = None) -> None:
        try:
            saved = self.explorer.save_csv(self.state, self.path.value,
                                           overwrite=self.overwrite.value)
        except (OSError, ValueError) as error:
            self.message.value = _("Not saved: {error}").format(error=error)
            return
        rows = len(self.last.table) if self.last else 0
        self.message.value = _("Saved {count} rows to {path}").format(
            count=format_number(rows), path=saved)

    def widget(self) -> widgets.Widget:
        filters = widgets.VBox([self.region, self.country, self.action_plan, self.tag,
                                self.rating, self.level])
        saving = widgets.HBox([self.path, self.overwrite, self.save])
        return widgets.VBox([filters, self.summary, self.chart_out, self.table_out, saving,
                             self.message])

    def _ipython_display_(self) -> None:
        display(self.widget())


def saved_path(view: ExplorerView) -> Path:
    """Where the view would save (for tests and messages)."""
    return Path(view.path.value).expanduser()


__all__ = ["ALL", "DEFAULT_SAVE", "ExplorerView", "saved_path"]
