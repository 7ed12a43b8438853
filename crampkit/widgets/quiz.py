"""The self-check quiz at the end of each notebook, with feedback the moment you answer."""
from __future__ import annotations

import ipywidgets as widgets

from crampkit.content import widget_text
from crampkit.quiz import questions
from crampkit.widgets.common import Component, box_html, html_of


class QuizView(Component):
    """Radio buttons for each question of one notebook; feedback appears on each answer.

    Model: ``questions`` and the chosen answers; ``view`` is one VBox.
    """

    def __init__(self, notebook: str):
        self.questions = questions(notebook)
        self.choices, self.feedback = [], []
        rows = []
        for number, question in enumerate(self.questions, 1):
            choice = widgets.RadioButtons(options=list(question.options), value=None,
                                          layout=widgets.Layout(width="auto"))
            choice.description = ""
            feedback = widgets.HTML()
            choice.observe(lambda change, q=question, f=feedback: self._answer(q, f, change["new"]),
                           names="value")
            title = widgets.HTML(html_of("<b>{}. {}</b>", number, question.text))
            rows.append(widgets.VBox([title, choice, feedback]))
            self.choices.append(choice)
            self.feedback.append(feedback)
        self.score = widgets.HTML()
        # Long answers wrap onto a second line on a narrow screen instead of being cut off.
        style = widgets.HTML("<style>.crampkit-quiz .widget-radio-box label {white-space:normal !important;"
                             " height:auto !important; line-height:1.35; overflow:visible !important}</style>",
                             layout=widgets.Layout(height="0px", margin="0"))
        self.view = widgets.VBox([style] + rows + [self.score])
        self.view.add_class("crampkit-quiz")

    def _answer(self, question, feedback, choice) -> None:
        if choice is None:
            feedback.value = ""
        else:
            correct, text = question.check(choice)
            feedback.value = box_html(text, "ok" if correct else "warning")
        answered = [c.value for c in self.choices if c.value is not None]
        right = sum(c.value == q.answer for c, q in zip(self.choices, self.questions, strict=False))
        self.score.value = (html_of("<p>{}</p>", widget_text("quiz_score", right=right, total=len(self.questions)))
                            if answered else "")


def quiz_widget(notebook: str) -> widgets.VBox:
    """The self-check for notebook ``notebook`` (``"01"``) as a widget."""
    return QuizView(notebook).view
