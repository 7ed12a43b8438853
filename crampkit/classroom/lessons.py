"""The educators' guide: lesson plans, answer keys, and Binder and nbgitpuller app links.

>>> lesson_plan("00").total_minutes
45
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import quote

from crampkit.classroom.survey import SurveyError
from crampkit.content import message, read_table, reference, split_ids, widget_text
from crampkit.quiz import answer_key

LESSON_TABLE = "lesson_plans.csv"
LESSON_PARTS = ("warm_up", "activity", "discussion", "exit")


@dataclass(frozen=True)
class LessonPlan:
    """A lesson of about 45 minutes built around one notebook (a row of lesson_plans.csv)."""

    notebook: str
    title: str
    objectives: tuple[str, ...]
    warm_up: str
    activity: tuple[str, ...]
    discussion_prompts: tuple[str, ...]
    exit_question: str
    minutes: dict
    adapt_12_14: str
    adapt_15_18: str
    reference_ids: tuple[str, ...]

    @property
    def total_minutes(self) -> int:
        """The planned length of the lesson in minutes."""
        return sum(self.minutes.values())


@cache
def lesson_plans() -> tuple[LessonPlan, ...]:
    """Every lesson plan in ``data/lesson_plans.csv`` (an educator may edit that file).

    >>> [p.notebook for p in lesson_plans()][:3]
    ['00', '01', '02']
    """
    plans = []
    for number, row in enumerate(read_table(LESSON_TABLE), start=2):
        try:
            minutes = {part: int(row[f"{part}_minutes"]) for part in LESSON_PARTS}
        except (KeyError, ValueError):
            raise SurveyError(message("lesson_minutes_not_whole", table=LESSON_TABLE, line=number)) from None
        plans.append(LessonPlan(
            notebook=row["notebook"].zfill(2), title=row["title"],
            objectives=split_ids(row["objectives"]), warm_up=row["warm_up"],
            activity=split_ids(row["activity"]),
            discussion_prompts=split_ids(row["discussion_prompts"]),
            exit_question=row["exit_question"], minutes=minutes,
            adapt_12_14=row["adapt_12_14"], adapt_15_18=row["adapt_15_18"],
            reference_ids=split_ids(row["reference_ids"]),
        ))
    return tuple(plans)


def lesson_plan(notebook: str) -> LessonPlan:
    """The lesson plan for ``notebook`` ("00" to "09")."""
    for plan in lesson_plans():
        if isinstance(notebook, str) and plan.notebook == notebook:
            return plan
    known = ", ".join(p.notebook for p in lesson_plans())
    raise SurveyError(message("lesson_unknown_notebook", known=known, typed=repr(notebook)))


def _bullets(items) -> str:
    return "\n".join(f"- {item}" for item in items)


def lesson_plan_markdown(notebook: str) -> str:
    """The lesson plan for ``notebook`` as Markdown, with timings, adaptations and sources.

    >>> print(lesson_plan_markdown("00").splitlines()[0])
    ### Lesson for notebook 00: Start here: what is a leg cramp? (45 minutes)
    """
    plan = lesson_plan(notebook)
    m = plan.minutes
    sources = ", ".join(reference(i).id for i in plan.reference_ids)
    heading = widget_text("lesson_heading", notebook=plan.notebook, title=plan.title,
                          minutes=plan.total_minutes)
    return "\n".join([
        f"### {heading}",
        "", f"**{widget_text('lesson_objectives')}** {widget_text('lesson_objectives_lead')}",
        _bullets(plan.objectives), "",
        f"**{widget_text('lesson_warm_up', minutes=m['warm_up'])}** {plan.warm_up}", "",
        f"**{widget_text('lesson_activity', minutes=m['activity'])}**", _bullets(plan.activity), "",
        f"**{widget_text('lesson_discussion', minutes=m['discussion'])}**",
        _bullets(plan.discussion_prompts), "",
        f"**{widget_text('lesson_exit', minutes=m['exit'])}** {plan.exit_question}", "",
        f"**{widget_text('lesson_ages_12_14')}** {plan.adapt_12_14}", "",
        f"**{widget_text('lesson_ages_15_18')}** {plan.adapt_15_18}", "",
        f"*{widget_text('lesson_sources')}* {sources}",
    ])


def answer_key_markdown(notebook: str) -> str:
    """The self-check answer key for ``notebook`` as Markdown (from data/quiz.csv)."""
    key = answer_key(notebook)
    if not key:
        return f"*{widget_text('lesson_no_answer_key', notebook=notebook)}*"
    lines = [f"**Answer key, notebook {notebook}**", ""]
    for number, item in enumerate(key, start=1):
        refs = ", ".join(item["reference_ids"])
        lines.append(f"{number}. {item['question']}  \n   **Answer:** {item['answer']}  \n"
                     f"   {item['explanation']}" + (f" *(sources: {refs})*" if refs else ""))
    return "\n".join(lines)


def binder_app_link(github_repo: str, notebook: str, branch: str = "main") -> str:
    """A mybinder.org link that opens ``notebook`` directly as a Voila app (code hidden).

    >>> binder_app_link("example/crampkit", "08_your_plan.ipynb")
    'https://mybinder.org/v2/gh/example/crampkit/main?urlpath=voila/render/notebooks/08_your_plan.ipynb'
    """
    _check_link_parts(github_repo=github_repo, notebook=notebook, branch=branch)
    return (f"https://mybinder.org/v2/gh/{github_repo}/{branch}"
            f"?urlpath=voila/render/notebooks/{notebook}")


def nbgitpuller_link(hub_url: str, repo_url: str, notebook: str, branch: str = "main",
                     app: bool = True) -> str:
    """A JupyterHub nbgitpuller link: copies the repository into each student's space, then
    opens ``notebook`` as a Voila app (``app=True``) or in JupyterLab.

    >>> nbgitpuller_link("https://hub.example.org", "https://github.com/example/crampkit",
    ...                  "08_your_plan.ipynb")  # doctest: +NORMALIZE_WHITESPACE
    'https://hub.example.org/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Fexample%2Fcrampkit&branch=main&urlpath=voila%2Frender%2Fcrampkit%2Fnotebooks%2F08_your_plan.ipynb'
    """
    _check_link_parts(hub_url=hub_url, repo_url=repo_url, notebook=notebook, branch=branch)
    if not isinstance(app, bool):
        raise SurveyError(message("lesson_app_not_bool", typed=repr(app)[:60]))
    folder = repo_url.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git")
    path = (f"voila/render/{folder}/notebooks/{notebook}" if app
            else f"lab/tree/{folder}/notebooks/{notebook}")
    return (f"{hub_url.rstrip('/')}/hub/user-redirect/git-pull?repo={quote(repo_url, safe='')}"
            f"&branch={quote(branch, safe='')}&urlpath={quote(path, safe='')}")


def _check_link_parts(**parts: Any) -> None:
    for name, value in parts.items():
        if not isinstance(value, str) or not value.strip() or any(c.isspace() for c in value):
            raise SurveyError(message("lesson_link_part_empty", field=name, typed=repr(value)[:60]))
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise SurveyError(message("lesson_link_part_character", field=name, typed=repr(value)[:60])) from None
    notebook = parts.get("notebook")
    if notebook is not None and not notebook.endswith(".ipynb"):
        raise SurveyError(message("lesson_not_a_notebook", typed=repr(notebook)))


def answer_keys_markdown(notebooks=None) -> str:
    """Answer keys for several notebooks (default "00" to "10") as one Markdown text."""
    chosen = notebooks if notebooks is not None else [f"{n:02d}" for n in range(11)]
    if isinstance(chosen, str) or not isinstance(chosen, (list, tuple)):
        raise SurveyError(message("lesson_notebooks_not_list", typed=repr(chosen)))
    return "\n\n".join(answer_key_markdown(n) for n in chosen)
