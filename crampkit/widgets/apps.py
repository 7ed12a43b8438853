"""The plan, the diary and the class survey as apps: only what the app needs, most important first.

An app page (``notebooks/apps/*.ipynb``, opened with ``make app`` or Voila) shows one widget:

* plan: the warning banner and signs, then the answer (plan steps and the chart of possible
  causes), then the answers to change, then the details (why, medicines, sources) and
  the report download;
* diary: the warning signs found in the diary, then the form to log a cramp, then the
  patterns and charts, then the episodes, downloads and changes;
* class survey: the student's anonymous form.

The same widgets as in the lessons, arranged for an app; they look the same in JupyterLab
and in Voila. No lesson prose and no quiz.
"""
from __future__ import annotations

import os
from pathlib import Path

import ipywidgets as widgets

from crampkit.widgets.plan import PlanApp



def _details(sections: list[tuple[str, widgets.Widget]]) -> widgets.VBox:
    """The details, each under its heading, after the answer. (Not an ipywidgets Accordion:
    its titles cannot be reached with the keyboard and fail axe's contrast check.)"""
    children = [widgets.HTML("<h3>More details</h3>")]
    for title, widget in sections:
        children += [widgets.HTML(f"<h4>{title}</h4>"), widget]
    box = widgets.VBox(children)
    box.add_class("crampkit-app-details")
    return box


def plan_page(profile=None) -> PlanApp:
    """The plan app laid out as a page: warnings, then the answer, then answers and details."""
    app = PlanApp(profile)
    answers = widgets.VBox([widgets.HTML("<h3>Your answers</h3>"), app.form.view, app.submit,
                            app.message])
    answers.add_class("crampkit-app-answers")
    app.view = widgets.VBox([
        app.banner, app.flags_view, app.plan_view, app.chart, app.chart_summary,
        answers, app.download,
        _details([("Why these causes", app.reasons_view),
                  ("Your medicines and conditions", app.medicines_view),
                  ("Sources", app.references_view)]),
    ])
    app.view.add_class("crampkit-plan")
    app.view.add_class("crampkit-app")
    return app


def diary_page(diary=None, profile=None):
    """The diary app laid out as a page: warning signs first, then the log form and charts."""
    from crampkit.widgets.diary import DiaryApp

    app = DiaryApp(diary, profile)
    children = list(app.children)
    flags_at = children.index(app.flags)
    warnings = children[flags_at - 1:flags_at + 1]  # the heading and the signs
    rest = [child for child in children if not any(child is w for w in warnings)]
    app.children = tuple(warnings + rest)
    # Rows of tick boxes wrap on a narrow screen instead of running off its right edge.
    for row in _boxes(app):
        if isinstance(row, widgets.HBox) and any(isinstance(c, widgets.Checkbox) for c in row.children):
            row.layout.flex_flow = "row wrap"
    app.add_class("crampkit-app")
    return app


def _boxes(box):
    """Every Box inside ``box``, depth first."""
    for child in getattr(box, "children", ()):
        if isinstance(child, widgets.Box):
            yield child
            yield from _boxes(child)


def class_folder() -> Path:
    """Where the class survey app saves answers: ``CRAMPKIT_CLASS_FOLDER`` if set, else a
    ``class_survey`` folder in crampkit's data folder on this computer."""
    from crampkit.diary import data_dir

    chosen = os.environ.get("CRAMPKIT_CLASS_FOLDER", "").strip()
    return Path(chosen) if chosen else data_dir() / "class_survey"


def survey_page(folder=None):
    """The student's anonymous class survey as an app (answers go to ``class_folder()``)."""
    from crampkit.widgets.survey import survey_form

    form = survey_form(folder if folder is not None else class_folder())
    form.add_class("crampkit-app")
    return form
