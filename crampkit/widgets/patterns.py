"""The pattern explorer (notebook 05): tick what brings leg pain on and what eases it.

The warning signs come first (from ``crampkit.assess``, through
:func:`crampkit.topics.patterns.explore`), then a side-by-side chart of how closely the answers
resemble an ordinary cramp, a circulation problem or a spine problem, then a table of the
matching features of each pattern. A view only: the patterns, points and texts live in
``crampkit.topics.patterns`` and its data files.
"""
from __future__ import annotations

import ipywidgets as widgets

from crampkit.assessment.conditions import recognise_conditions
from crampkit.assessment.profile import Profile
from crampkit.content import widget_text
from crampkit.palette import TABLE_RULE
from crampkit.plots.assessment import EVIDENCE_WORDS
from crampkit.plots.patterns import pattern_chart
from crampkit.plots.style import summary_of
from crampkit.topics.patterns import (
    CONTROLLED_SYMPTOMS,
    FEATURES,
    LABELS,
    RELIEFS,
    TRIGGERS,
    PatternComparison,
    answers_from_profile,
    explore,
    pattern_answers,
)
from crampkit.widgets.banners import banner_html, flags_html, icon_svg
from crampkit.widgets.citations import cite
from crampkit.widgets.common import (
    Component,
    crampkit_html,
    given_or_saved,
    html_join,
    html_of,
    message,
    safe,
    show_figure,
)
from crampkit.widgets.fields import accordion, checkbox_group, signs_by_urgency, source_text, wrap_style

GROUPS = tuple((field, widget_text(f"patterns_{field}"), words) for field, words in (
    ("brought_on_by", TRIGGERS), ("relieved_by", RELIEFS), ("features", FEATURES)))
BANNER_CLASS = "crampkit-urgency-banner"


def _evidence_words(level: str) -> str:
    """"expert opinion only", "weak evidence": said once, never "evidence: weak evidence"."""
    return EVIDENCE_WORDS.get(level, level.replace("_", " "))


def matches_table_html(comparison: PatternComparison) -> str:
    """Each pattern in a short row: name, resemblance, your matching ticks and what to do;
    the longer description, evidence and sources fold away under "About this pattern".

    With an urgent or emergency warning, no pattern's self-care advice is shown: the warning
    above says what to do first.
    """
    warning_first = comparison.urgency in ("urgent", "emergency") or (
        bool(comparison.red_flags) and comparison.urgency not in ("see_clinician_soon", "routine_self_care"))
    rows = []
    for match in comparison.matches:
        found = html_join(html_of("<li>{}</li>", f.text) for f in match.matched)
        away = html_join(html_of("<li><i>{}</i> {}</li>", widget_text("patterns_points_away"), f.text)
                         for f in match.points_away)
        features = (html_of("<ul style='margin:2px 0'>{}{}</ul>", found, away) if found or away
                    else html_of("<i>{}</i>", widget_text("patterns_none_of_your_ticks")))
        if warning_first and match.pattern.kind != "warning":
            todo = widget_text("patterns_warning_first")
        else:
            todo = match.pattern.what_to_do
        rows.append(html_of(
            "<tr style='border-top:1px solid {rule}'>"
            "<th scope='row' style='text-align:left;vertical-align:top;padding:6px'>{title}</th>"
            "<td style='vertical-align:top;padding:6px;font-weight:bold'>{percent}%</td>"
            "<td style='vertical-align:top;padding:6px'>{features}</td>"
            "<td style='vertical-align:top;padding:6px'>{todo}"
            "<details style='margin-top:4px'><summary>{about}</summary>"
            "<p style='margin:4px 0'>{summary}</p>"
            "<p style='margin:4px 0'><small>{how_sure} {sources}</small></p></details></td></tr>",
            rule=TABLE_RULE, title=match.title, percent=match.percent, features=features, todo=todo,
            about=widget_text("patterns_about"), summary=match.pattern.summary,
            how_sure=widget_text("patterns_how_sure", evidence=_evidence_words(match.pattern.evidence_level)),
            sources=crampkit_html(cite(match.pattern.reference_ids, brackets=False))))
    return str(html_of("<table class='crampkit-pattern-table' style='border-collapse:collapse;width:100%;"
                       "table-layout:fixed;overflow-wrap:break-word'>"
                       "<caption style='text-align:left'>{}</caption>"
                       "<thead><tr><th scope='col' style='width:22%;text-align:left;padding:6px'>{}</th>"
                       "<th scope='col' style='width:9%;text-align:left;padding:6px'>{}</th>"
                       "<th scope='col' style='width:31%;text-align:left;padding:6px'>{}</th>"
                       "<th scope='col' style='text-align:left;padding:6px'>{}</th></tr></thead>"
                       "<tbody>{}</tbody></table>", widget_text("patterns_caption"),
                       *(widget_text(f"patterns_col_{key}") for key in ("pattern", "like", "ticks", "todo")),
                       html_join(rows)))


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
                                       layout=widgets.Layout(width="auto", height="auto"))
                box.add_class("crampkit-wrap-label")
                box.add_class(f"crampkit-pattern-{word.replace('_', '-')}")
                box.observe(self._changed, names="value")
                self.boxes[word] = box
                boxes.append(box)
            columns.append(widgets.VBox([widgets.HTML(html_of("<b>{}</b>", question)), *boxes],
                                        layout=widgets.Layout(margin="0 16px 0 0", flex="1 1 240px")))
        # Other warning signs (every profile symptom the boxes above do not decide): the most
        # urgent ones in sight, the rest folded away. New signs in the vocabulary appear here.
        other_signs = {u: [s for s in ids if s not in CONTROLLED_SYMPTOMS]
                       for u, ids in signs_by_urgency().items()}
        self.sign_boxes = checkbox_group("symptoms", profile.symptoms)
        for key in CONTROLLED_SYMPTOMS:
            self.sign_boxes.pop(key, None)
        for box in self.sign_boxes.values():
            box.observe(self._changed, names="value")
        top = other_signs.get("emergency", [])
        rest = [s for ids in other_signs.values() for s in ids if s not in top]

        def grid(ids):
            box = widgets.Box([self.sign_boxes[i] for i in ids], layout=widgets.Layout(width="100%"))
            box.add_class("crampkit-grid-2")
            return box

        signs = widgets.VBox([
            widgets.HTML(html_of("<b>{} {}</b>", crampkit_html(icon_svg("emergency", 18, on_light=True)),
                                 widget_text("patterns_help_now"))),
            grid(top),
            accordion([grid(rest)], (widget_text("patterns_more_signs"),)),
        ])
        self.source_note = widgets.HTML(html_of("<p><small>{}</small></p>", source_text(source)))
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
        results = widgets.VBox([self.banner, self.headline, self.flags, self.chart, self.table])
        results.add_class("crampkit-output")
        self.view = widgets.VBox([wrap_style(), self.source_note,
                                  widgets.HBox(columns, layout=widgets.Layout(flex_flow="row wrap")),
                                  signs, self.message, results])
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

    def signs(self) -> list[str]:
        """The person's symptoms with the warning-sign boxes here in place of their own."""
        kept = [s for s in self.profile.symptoms if s not in self.sign_boxes]
        return kept + [key for key, box in self.sign_boxes.items() if box.value]

    def _update(self) -> None:
        data = self.profile.to_dict()
        data["symptoms"] = self.signs()
        comparison = explore(Profile.from_dict(data), self.answers())
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
        self.headline.value = html_of("<p style='font-size:1.1em'><b>{}</b></p>", comparison.headline)
        fig = pattern_chart(comparison.matches)
        self.last_figure = fig
        show_figure(self.chart, fig, summary_of(fig))
        self.summary.value = summary_of(fig)
        self.table.value = matches_table_html(comparison)


def pattern_explorer(profile: Profile | None = None) -> PatternExplorer:
    """The pattern explorer, prefilled from ``profile`` (default: the saved or demo person)."""
    return PatternExplorer(profile)
