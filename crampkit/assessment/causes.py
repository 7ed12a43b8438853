"""Scoring the six cause categories for one person, with reasons that name their answers.

Each rule in ``data/cause_rules.csv`` has a category, a weight (all weights live in that one
table), a threshold where it compares a number, when it fires (``fact``, ``test``, ``value``,
``also``, ``unless``: read by :mod:`crampkit.assessment.rule_table`; the few rules a row cannot
say are the functions of :data:`RULES_IN_CODE`, each with why), ``needs`` (the same in plain
words), a reason template and its sources. A category's score combines the weights of the
rules that fire as ``1 - (1 - w1)(1 - w2)...``: more supporting answers raise it, it never
passes 1, and with no supporting answer it is 0.

Weights follow the strength of the evidence (strong links such as dialysis or a
potassium-sparing water pill weigh more than expert-opinion ones such as sitting), and some
rules fire only for a combination of answers a clinician would put together: a statin *with*
weakness or dark urine, a water pill *with* vomiting or diarrhoea, diabetes *with* numbness,
exercise cramps *in the heat*. Size matters too: drinks count only when they fall clearly
short of the target (below 0.8 x, with more weight below 0.4 x), and for cramps that come
only at night or rest a shortfall weighs little, because tired muscles and nerves are the
leading explanation for night cramps (evidence notes §0, §2.1, §2.2).
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from functools import cache, lru_cache

from crampkit.assessment.facts import VASCULAR_RISKS, Facts
from crampkit.assessment.red_flags import make_flag
from crampkit.assessment.rule_table import (
    EMERGENCIES,
    FLAGS,
    CodeRule,
    RuleBook,
    compiled,
    names,
    reason_words,
)
from crampkit.content import fill, read_table, split_ids

CATEGORY_IDS = (
    "hydration_electrolytes", "overuse_fatigue", "conditioning", "static_positions",
    "nerve_circulation", "medical_medications",
)


@dataclass(frozen=True)
class CauseCategory:
    """A cause category's plain-language content, from ``data/causes.csv``.

    Practical tips live in ``data/plan_steps.csv``: they reach a person only through the
    plan, which applies the safety rules for that person.
    """

    id: str
    title: str
    summary: str
    evidence_level: str
    evidence_text: str
    reference_ids: tuple[str, ...]


@dataclass(frozen=True)
class CauseScore:
    """How strongly a person's answers point to one category, and why."""

    category: str
    title: str
    score: float
    reasons: tuple[str, ...]
    reference_ids: tuple[str, ...]
    evidence_level: str
    fired_rules: tuple[str, ...]

    def to_dict(self) -> dict:
        return {"category": self.category, "score": self.score, "reasons": list(self.reasons),
                "reference_ids": list(self.reference_ids)}


@cache
def categories() -> dict[str, CauseCategory]:
    """The six cause categories by id, in the contract's order."""
    rows = {row["category"]: row for row in read_table("causes.csv")}
    return {
        cid: CauseCategory(cid, rows[cid]["title"], rows[cid]["summary"],
                           rows[cid]["evidence_level"], rows[cid]["evidence_text"],
                           split_ids(rows[cid]["reference_ids"]))
        for cid in CATEGORY_IDS
    }


@cache
def rule_table() -> dict[str, dict]:
    """Every scoring rule by id: category, weight, reason template, reference ids."""
    return {row["rule_id"]: row for row in read_table("cause_rules.csv")}


# A rule as a function of the facts: None when it does not fire, else its reason's values.
Rule = Callable[[Facts], "dict | None"]


@cache
def _split_ids(cell: str) -> tuple[str, ...]:
    """``split_ids`` of a cell, worked out once per distinct cell."""
    return split_ids(cell)


def _threshold(rule_id: str) -> float:
    return float(rule_table()[rule_id]["threshold"])


def _when(condition: bool, **values):
    return values if condition else None


# ---------------------------------------------------------------------------------------------
# Rules in code: the rows of cause_rules.csv whose test is "code", because a row cannot say
# them. Each still takes its weight, threshold, reason template and sources from its row; each
# takes the facts and the fired red flags, and gives None (it does not fire) or the values of
# its reason template. Every other rule is read from its row by assessment/rule_table.py.
# ---------------------------------------------------------------------------------------------

def _activity_relieved_by_rest(f: Facts, flags=()):
    """An either-or: at the row's age or older, OR with a vascular risk (a row's ``also`` asks
    for every fact together, never for one of two)."""
    older = f.profile.age >= _threshold("activity_relieved_by_rest")
    return _when("during_activity" in f.profile.timing and "rest" in f.profile.relieved_by
                 and (older or bool(set(VASCULAR_RISKS) & set(f.conditions))))


def _statin_muscle_signs(f: Facts, flags=()):
    """Two lists named in one reason (the statins, and which of the signs): a row's test names
    the items of one fact only."""
    statins = [m.input for m in f.medications if "statin" in m.class_ids]
    signs = [reason_words(f"sign_{symptom}") for symptom in ("weakness", "dark_urine")
             if symptom in f.profile.symptoms]
    return {"names": names(statins), "signs": names(signs)} if statins and signs else None


def _clot_risk(f: Facts | None, flags=()):
    """The reason names the person's clot risks as the clot flag's message words them (read
    back from the message): no fact holds those words."""
    return next(({"risks": _clot_words(fl.message)} for fl in flags if fl.id == "clot_risk_one_leg"), None)


RULES_IN_CODE: dict[str, CodeRule] = {
    "activity_relieved_by_rest": _activity_relieved_by_rest,
    "statin_muscle_signs": _statin_muscle_signs,
    "clot_risk": _clot_risk,
}


def rule_book(facts: Facts | None, flags=()) -> RuleBook:
    """Every cause rule for one person and the fired ``flags``: the table's rows, read by
    :class:`~crampkit.assessment.rule_table.RuleBook`, with :data:`RULES_IN_CODE`."""
    return RuleBook(rule_table(), facts, flags, RULES_IN_CODE)


def reads_flags(rule_id: str) -> bool:
    """True for a rule that reads the fired red flags (contract v3), not the facts."""
    return rule_table()[rule_id]["fact"] in (FLAGS, EMERGENCIES)


class _Rules(Mapping):
    """Each rule by id as a function (``RULES``: of the facts; ``FLAG_RULES``: of the fired
    flags) giving None or the values of its reason, as before the table was read by the
    evaluator (the table is read on first use)."""

    def __init__(self, flag_rules: bool):
        self.flag_rules = flag_rules

    def _ids(self) -> list[str]:
        return [rule_id for rule_id in rule_table() if reads_flags(rule_id) == self.flag_rules]

    def __getitem__(self, rule_id: str) -> Callable:
        if rule_id not in self._ids():
            raise KeyError(rule_id)
        if self.flag_rules:
            return lambda flags: rule_book(None, flags).values(rule_id)
        return lambda facts: rule_book(facts).values(rule_id)

    def __iter__(self):
        return iter(self._ids())

    def __len__(self) -> int:
        return len(self._ids())


#: Every rule that reads the facts, by id: ``RULES[rule_id](facts)`` is None or the reason's values.
RULES: Mapping[str, Callable] = _Rules(flag_rules=False)
#: Rules that read the fired red flags (contract v3): ``FLAG_RULES[rule_id](flags)``.
FLAG_RULES: Mapping[str, Callable] = _Rules(flag_rules=True)


@cache
def emergency_categories() -> dict[str, str]:
    """Each emergency warning sign's cause: its ``plan_category`` in ``data/red_flags.csv``."""
    return {row["flag_id"]: row["plan_category"] for row in read_table("red_flags.csv")
            if row["urgency"] == "emergency"}


class _EmergencyCategories(Mapping):
    """:func:`emergency_categories` as a mapping read on first use."""

    def __getitem__(self, flag_id: str) -> str:
        return emergency_categories()[flag_id]

    def __iter__(self):
        return iter(emergency_categories())

    def __len__(self) -> int:
        return len(emergency_categories())


#: The cause an emergency flag concerns (contract v3: it ranks first, no medicine above it),
#: from red_flags.csv (stroke signs: nerve_circulation; heat illness: hydration_electrolytes; ...).
EMERGENCY_CATEGORIES: Mapping[str, str] = _EmergencyCategories()


@cache
def _clot_message_around_risks() -> tuple[str, str]:
    """The clot flag's message before and after the person's clot risks (its words are a row
    of ``data/red_flags.csv``, where ``{risks}`` stands for them)."""
    start, _, end = make_flag("clot_risk_one_leg", "urgent", risks="\x00").message.partition("\x00")
    return start, end


def _clot_words(message: str) -> str:
    """The person's own clot risks as the clot flag's message names them."""
    start, end = _clot_message_around_risks()
    found = message.startswith(start) and end in message[len(start):]
    return message[len(start):message.index(end, len(start))] if found else ""


def score_category(category_id: str, facts: Facts, flags=(), book: RuleBook | None = None) -> CauseScore:
    """Score one category from the rules that fire for ``facts`` (and the fired ``flags``);
    ``book`` is :func:`rule_book` for them, when the caller already has it."""
    content = categories()[category_id]
    book = book or rule_book(facts, flags)
    rows = rule_table()
    remaining, reasons, refs, fired = 1.0, [], [], []
    for rule_id in compiled(rows).by_category.get(category_id, ()):
        if book.found(rule_id) is None:
            continue
        values = book.values(rule_id)
        row = rows[rule_id]
        remaining *= 1.0 - float(row["weight"])
        reasons.append(row["reason"].format(**values))
        refs.extend(_split_ids(row["reference_ids"]))
        fired.append(rule_id)
    if not fired:
        reasons.append(reason_words("nothing_points"))
        refs.extend(content.reference_ids[:2])
    reasons.append(_how_sure(reason_words("how_sure"), content.evidence_text))
    return CauseScore(category_id, content.title, round(1.0 - remaining, 3), tuple(reasons),
                      tuple(dict.fromkeys(refs)), content.evidence_level, tuple(fired))


@lru_cache(maxsize=64)
def _how_sure(words: str, evidence: str) -> str:
    """The how-sure sentence of a category: table words only, so filled once per wording."""
    return fill(words, evidence=evidence)


def _emergency_order(flags) -> list[str]:
    """The categories the fired emergency flags concern, most urgent flag first."""
    return list(dict.fromkeys(EMERGENCY_CATEGORIES[fl.id] for fl in flags
                              if fl.urgency == "emergency" and fl.id in EMERGENCY_CATEGORIES))


def _raise_for_emergency(scores: list[CauseScore], order: list[str]) -> list[CauseScore]:
    """Raise the score of each emergency's category just above every category ranked below it,
    so the ranking (high to low) puts the emergency's category first (contract v3)."""
    by_id = {s.category: s for s in scores}
    below = max((s.score for s in scores if s.category not in order), default=0.0)
    for category in reversed(order):
        current = by_id[category]
        wanted = min(1.0, round(max(current.score, below + 0.01), 3))
        by_id[category] = replace(current, score=wanted)
        below = wanted
    position = {c: i for i, c in enumerate(order)}
    return sorted(by_id.values(), key=lambda s: (-s.score, position.get(s.category, len(order))))


def score_causes(facts: Facts, flags=()) -> list[CauseScore]:
    """All six categories, highest score first (ties keep the contract's order).

    With an emergency among ``flags`` (the fired red flags), the category that flag concerns
    comes first (contract v3: one answer under an emergency).
    """
    book = rule_book(facts, flags)
    scores = [score_category(cid, facts, flags, book) for cid in CATEGORY_IDS]
    scores = sorted(scores, key=lambda s: -s.score)
    order = _emergency_order(flags)
    return _raise_for_emergency(scores, order) if order else scores
