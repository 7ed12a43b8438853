"""The pattern explorer (notebook 05): tick what brings leg pain on and what eases it.

The warning signs come first (from ``crampkit.assess``, through
:func:`crampkit.patterns.explore`), then a side-by-side chart of how closely the answers
resemble an ordinary cramp, a circulation problem or a spine problem, then a table of the
matching features of each pattern. A view only: the patterns, points and texts live in
``crampkit.patterns`` and its data files.
"""
from __future__ import annotations

import html

import ipywidgets as widgets

from crampkit.conditions import recognise_conditions
from crampkit.patterns import (
    FEATURES, LABELS, RELIEFS, TRIGGERS, PatternComparison, answers_from_profile, explore,
    pattern_answers,
)
from crampkit.plots.assessment import EVIDENCE_WORDS
from crampkit.plots.patterns import pattern_chart
from crampkit.plots.style import summary_of
from crampkit.profile import Profile
from crampkit.widgets.common import Component, given_or_saved, message, safe, show_figure
from crampkit.widgets.profile_form import source_text
from crampkit.widgets.red_flags import banner_html, flags_html

GROUPS = (("brought_on_by", "What brings the pain on?", TRIGGERS),
          ("relieved_by", "What makes it ease?", RELIEFS),
          ("features", "Anything else?", FEATURES))
BANNER_CLASS = "crampkit-urgency-banner"


def matches_table_html(comparison: PatternComparison) -> str:
    """A table: each pattern, its resemblance, the features that matched and what to do."""
    rows = []
    for match in comparison.matches:
        found = "".join(f"<li>{html.escape(f.text)}</li>" for f in match.matched)
        away = "".join(f"<li><i>Points away:</i> {html.escape(f.text)}</li>" for f in match.points_away)
        features = f"<ul>{found}{away}</ul>" if found or away else "<i>None of your ticks</i>"
        evidence = EVIDENCE_WORDS.get(match.pattern.evidence_level, match.pattern.evidence_level)
        rows.append(
            f"<tr style='border-top:1px solid #bbb'><th scope='row' style='text-align:left;vertical-align:top;padding:4px'>{html.escape(match.title)}"
            f"<br><small>({html.escape(evidence)})</small></th>"
            f"<td style='vertical-align:top;padding:4px'>{match.percent}%</td>"
            f"<td style='vertical-align:top;padding:4px'>{features}</td>"
            f"<td style='vertical-align:top;padding:4px'>{html.escape(match.pattern.summary)}<br><b>What to do:</b> "
            f"{html.escape(match.pattern.what_to_do)}<br><small>Sources: "
            f"{html.escape(', '.join(match.pattern.reference_ids))}</small></td></tr>")
    return ("<table class='crampkit-pattern-table' style='border-collapse:collapse;width:100%;"
            "table-layout:fixed'>"
            "<caption style='text-align:left'>Your ticks matched against each pattern</caption>"
            "<thead><tr><th scope='col' style='width:20%;text-align:left'>Pattern</th>"
            "<th scope='col' style='width:13%;text-align:left'>Resemblance</th>"
            "<th scope='col' style='width:25%;text-align:left'>Your matching features</th>"
            "<th scope='col' style='text-align:left'>About it</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


class PatternExplorer(Component):
    """Checkboxes in, warning signs + side-by-side pattern chart + table out.

    ``update()`` recomputes everything; ``comparison`` and ``last_figure`` hold the latest
    result for tests.
    """

    def __init__(self, profile: Profile | None = None):
        profile, source = given_or_saved(profile)
        self.profile = profile
        self.condition_ids = tuple(recognise_conditions(profile.conditions)[0])
        chosen = answers_from_profile(profile, self.condition_ids).chosen
        self.boxes: dict[str, widgets.Checkbox] = {}
        columns = []
        for _field, question, words in GROUPS:
            boxes = []
            for word in words:
                box = widgets.Checkbox(value=word in chosen, description=LABELS[word], indent=False,
                                       layout=widgets.Layout(width="auto"))
                box.add_class(f"crampkit-pattern-{word.replace('_', '-')}")
                box.observe(self._changed, names="value")
                self.boxes[word] = box
                boxes.append(box)
            columns.append(widgets.VBox([widgets.HTML(f"<b>{html.escape(question)}</b>"), *boxes],
                                        layout=widgets.Layout(margin="0 16px 0 0")))
        self.source_note = widgets.HTML(f"<p><small>{html.escape(source_text(source))}</small></p>")
        self.banner = widgets.HTML()
        self.flags = widgets.HTML()
        self.message = message()
        self.headline = widgets.HTML()
        self.chart = widgets.Output()
        self.chart.add_class("crampkit-patterns-chart")
        self.summary = widgets.HTML()
        self.table = widgets.HTML()
        self.comparison: PatternComparison | None = None
        self.last_figure = None
        results = widgets.VBox([self.banner, self.flags, self.headline, self.chart, self.table])
        results.add_class("crampkit-output")
        self.view = widgets.VBox([self.source_note, widgets.HBox(columns), self.message, results])
        self.view.add_class("crampkit-pattern-explorer")
        self.update()

    def _changed(self, change=None) -> None:
        self.update()

    def answers(self):
        """The ticked boxes as checked answers."""
        ticked = {word for word, box in self.boxes.items() if box.value}
        return pattern_answers(*[[w for w in words if w in ticked] for _f, _q, words in GROUPS])

    def update(self) -> None:
        """Recompute the warning signs, the chart and the table from the ticked boxes."""
        safe(self.message)(self._update)()

    def _update(self) -> None:
        comparison = explore(self.profile, self.answers())
        self.comparison = comparison
        self.message.value = ""
        if comparison.red_flags:
            self.banner.value = banner_html(comparison.urgency, len(comparison.red_flags))
            self.banner.add_class(BANNER_CLASS)
            self.flags.value = flags_html(comparison.red_flags)
        else:
            self.banner.value = ""
            self.banner.remove_class(BANNER_CLASS)
            self.flags.value = ""
        self.headline.value = f"<p><b>{html.escape(comparison.headline)}</b></p>"
        fig = pattern_chart(comparison.matches)
        self.last_figure = fig
        show_figure(self.chart, fig, summary_of(fig))
        self.summary.value = summary_of(fig)
        self.table.value = matches_table_html(comparison)

    def bench_changes(self) -> list:
        return [(self.boxes["on_walking"], not self.boxes["on_walking"].value),
                (self.boxes["swelling"], not self.boxes["swelling"].value)]


def pattern_explorer(profile: Profile | None = None) -> PatternExplorer:
    """The pattern explorer, prefilled from ``profile`` (default: the saved or demo person)."""
    return PatternExplorer(profile)
