"""Which pattern does leg pain resemble? Ordinary cramp, circulation or spine, side by side.

A person ticks what brings the pain on, what eases it and a few features; each pattern in
``data/patterns.csv`` scores the points of its matching features from
``data/pattern_features.csv`` (an educator can edit both). The score is a *resemblance*
(share of the pattern's points), never a diagnosis. Two more patterns are shown apart: the
blood-clot (DVT) warning and restless legs (not a cramp). Warning signs and their urgency
always come from :func:`crampkit.assess` (the red-flag rules), never from here.

>>> answers = pattern_answers(brought_on_by=["on_walking"], relieved_by=["eased_standing_still"])
>>> [(m.id, m.percent) for m in compare_patterns(answers) if m.kind == "main"]
[('muscle_cramp', 0), ('circulation', 67), ('spine', 17)]
>>> closest_patterns(compare_patterns(answers))
('circulation',)
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from crampkit.assessment.assess import assess
from crampkit.assessment.facts import VASCULAR_RISKS
from crampkit.assessment.profile import Profile
from crampkit.checks import CrampkitInputError
from crampkit.content import message, read_table, split_ids, topic_text
from crampkit.wording import label, plain

TRIGGERS = ("on_walking", "on_standing", "at_rest_or_night", "during_activity")
RELIEFS = ("eased_standing_still", "eased_sitting_or_bending", "eased_stretching", "eased_moving",
           "eased_hanging_leg_down")
FEATURES = ("one_leg", "swelling", "warm_or_red", "numbness", "hard_knotted_muscle",
            "urge_to_move", "vascular_risk_factors")
# The tick boxes' words, from data/answer_labels.csv (rows ``pattern_answer``).
LABELS = {word: label("pattern_answer", word) or plain(word).capitalize()
          for word in TRIGGERS + RELIEFS + FEATURES}
MAIN_PATTERNS = ("muscle_cramp", "circulation", "spine")
VASCULAR_RISK_CONDITIONS = VASCULAR_RISKS  # one list, kept with the facts the cause rules read
# Profile answers that prefill the checkboxes.
TIMING_TO_TRIGGER = {"night": "at_rest_or_night", "rest": "at_rest_or_night",
                     "during_activity": "during_activity", "after_activity": "during_activity"}
RELIEVER_TO_RELIEF = {"stretching": "eased_stretching", "walking": "eased_moving",
                      "sitting_or_bending_forward": "eased_sitting_or_bending"}
SYMPTOM_TO_FEATURE = {"swelling": "swelling", "warmth": "warm_or_red", "redness": "warm_or_red",
                      "one_leg_only": "one_leg", "numbness": "numbness", "urge_to_move": "urge_to_move"}
# Profile symptoms that the checkboxes decide (the red-flag rules read these).
FEATURE_TO_SYMPTOMS = {"swelling": ("swelling",), "warm_or_red": ("warmth", "redness"),
                       "one_leg": ("one_leg_only",), "numbness": ("numbness",),
                       "urge_to_move": ("urge_to_move",)}
CLAUDICATION_SYMPTOM = "calf_pain_walking_relieved_by_rest"
# Rest pain eased by hanging the leg down: the sign of very poor blood flow to the foot
# (contract v3, limb_threatening_ischaemia); the "hanging the leg down" box decides it.
REST_PAIN_SYMPTOM = "rest_pain_eased_by_hanging_leg_down"
REST_PAIN_RELIEF = "eased_hanging_leg_down"
CONTROLLED_SYMPTOMS = ("swelling", "warmth", "redness", "one_leg_only", "numbness", "urge_to_move",
                       CLAUDICATION_SYMPTOM, REST_PAIN_SYMPTOM)


class PatternError(CrampkitInputError):
    """An answer the pattern comparison cannot use; the message names the field."""

    def __init__(self, field: str, message: str):
        self.field = field
        super().__init__(f"{field}: {message}")


@dataclass(frozen=True)
class PatternAnswers:
    """What brings the pain on, what eases it, and other features (vocabulary words)."""

    brought_on_by: tuple[str, ...] = ()
    relieved_by: tuple[str, ...] = ()
    features: tuple[str, ...] = ()

    @property
    def chosen(self) -> frozenset[str]:
        return frozenset(self.brought_on_by + self.relieved_by + self.features)


@dataclass(frozen=True)
class PatternFeature:
    """One feature of a pattern, its points (negative: points away) and its plain text."""

    pattern_id: str
    feature: str
    points: int
    text: str
    reference_ids: tuple[str, ...]


@dataclass(frozen=True)
class Pattern:
    """A pattern of leg pain: kind ``main``, ``warning`` or ``other``, with its texts."""

    id: str
    kind: str
    title: str
    summary: str
    what_to_do: str
    evidence_level: str
    reference_ids: tuple[str, ...]
    features: tuple[PatternFeature, ...]

    @property
    def max_points(self) -> int:
        return sum(f.points for f in self.features if f.points > 0)


@dataclass(frozen=True)
class PatternMatch:
    """How closely one set of answers resembles one pattern (0 to 1), and why."""

    pattern: Pattern
    resemblance: float
    matched: tuple[PatternFeature, ...]
    points_away: tuple[PatternFeature, ...]

    @property
    def id(self) -> str:
        return self.pattern.id

    @property
    def kind(self) -> str:
        return self.pattern.kind

    @property
    def title(self) -> str:
        return self.pattern.title

    @property
    def percent(self) -> int:
        return round(100 * self.resemblance)


@dataclass(frozen=True)
class PatternComparison:
    """Answers compared with every pattern, plus the red flags (from crampkit.assess)."""

    answers: PatternAnswers
    matches: tuple[PatternMatch, ...]
    closest: tuple[str, ...]
    red_flags: tuple
    urgency: str

    def match(self, pattern_id: str) -> PatternMatch:
        return next(m for m in self.matches if m.id == pattern_id)

    @property
    def headline(self) -> str:
        """The one sentence on top: the warning first whenever a warning sign fired."""
        return headline(self.matches, self.urgency if self.red_flags else "routine_self_care")


def _clean(field: str, values, allowed) -> tuple[str, ...]:
    if values is None:
        return ()
    if isinstance(values, str) or not isinstance(values, (list, tuple, set, frozenset)):
        raise PatternError(field, message("pattern_not_a_list", typed=repr(values), choices=", ".join(allowed)))
    for value in values:
        if value not in allowed:
            raise PatternError(field, message("pattern_not_a_choice", typed=repr(value), choices=", ".join(allowed)))
    return tuple(v for v in allowed if v in set(values))


def pattern_answers(brought_on_by=(), relieved_by=(), features=()) -> PatternAnswers:
    """Checked answers; an unknown word raises :class:`PatternError` naming the field.

    >>> pattern_answers(relieved_by=["sitting"])
    Traceback (most recent call last):
    ...
    crampkit.topics.patterns.PatternError: relieved_by: 'sitting' is not allowed; choose from
    eased_standing_still, eased_sitting_or_bending, eased_stretching, eased_moving,
    eased_hanging_leg_down
    """
    return PatternAnswers(_clean("brought_on_by", brought_on_by, TRIGGERS),
                          _clean("relieved_by", relieved_by, RELIEFS),
                          _clean("features", features, FEATURES))


@cache
def patterns() -> tuple[Pattern, ...]:
    """Every pattern with its features, in table order (from the data files)."""
    features: dict[str, list[PatternFeature]] = {}
    for row in read_table("pattern_features.csv"):
        features.setdefault(row["pattern_id"], []).append(PatternFeature(
            row["pattern_id"], row["feature"], int(row["points"]), row["text"],
            split_ids(row["reference_ids"])))
    return tuple(
        Pattern(row["pattern_id"], row["kind"], row["title"], row["summary"], row["what_to_do"],
                row["evidence_level"], split_ids(row["reference_ids"]),
                tuple(features.get(row["pattern_id"], ())))
        for row in read_table("patterns.csv")
    )


def compare_patterns(answers: PatternAnswers) -> list[PatternMatch]:
    """How closely ``answers`` resemble each pattern: points matched over points possible."""
    if not isinstance(answers, PatternAnswers):
        raise PatternError("answers", message("pattern_not_answers", typed=type(answers).__name__))
    chosen = answers.chosen
    found = []
    for pattern in patterns():
        matched = tuple(f for f in pattern.features if f.feature in chosen and f.points > 0)
        away = tuple(f for f in pattern.features if f.feature in chosen and f.points < 0)
        points = sum(f.points for f in matched + away)
        share = max(0.0, points / pattern.max_points) if pattern.max_points else 0.0
        found.append(PatternMatch(pattern, round(share, 4), matched, away))
    return found


def _check_matches(matches) -> list[PatternMatch]:
    if isinstance(matches, (list, tuple)) and all(isinstance(m, PatternMatch) for m in matches):
        return list(matches)
    shown = repr(matches)
    shown = shown if len(shown) <= 60 else shown[:57] + "..."
    raise PatternError("matches", message("pattern_not_matches", typed=shown))


def closest_patterns(matches) -> tuple[str, ...]:
    """The main pattern(s) with the highest resemblance; empty when none matches at all."""
    matches = _check_matches(matches)
    main = [m for m in matches if m.kind == "main"]
    best = max((m.resemblance for m in main), default=0.0)
    return tuple(m.id for m in main if best > 0 and m.resemblance == best)


EMERGENCY_NUMBERS = "999, 911 or 112"
# With a warning sign the headline leads with what to do, and never calls the pain an
# ordinary cramp: a resemblance score cannot outweigh a warning sign.
WARNING_LEADS = {
    "emergency": topic_text("pattern_lead_emergency", numbers=EMERGENCY_NUMBERS),
    "urgent": topic_text("pattern_lead_urgent"),
    "see_clinician_soon": topic_text("pattern_lead_see_clinician_soon"),
}
NOT_A_DIAGNOSIS = topic_text("pattern_not_a_diagnosis")


def headline(matches, urgency: str = "routine_self_care") -> str:
    """One plain sentence naming the closest main pattern (never a diagnosis).

    With a warning sign (``urgency`` above ``routine_self_care``) the sentence starts with
    the warning; for an urgent or emergency warning it names no pattern at all, and it never
    calls the pain an ordinary cramp.

    >>> headline(compare_patterns(pattern_answers()))
    'Tick what brings the pain on and what eases it to compare the patterns.'
    >>> calf = compare_patterns(pattern_answers(brought_on_by=["at_rest_or_night"], features=["swelling"]))
    >>> headline(calf, "urgent").startswith("A warning sign"), "ordinary" in headline(calf, "urgent")
    (True, False)
    """
    matches = _check_matches(matches)
    if not isinstance(urgency, str) or not urgency or len(urgency) > 40:
        shown = repr(urgency) if len(repr(urgency)) <= 40 else repr(urgency)[:37] + "..."
        raise PatternError("urgency", message("pattern_not_an_urgency", typed=shown))
    if urgency in ("urgent", "emergency") or (urgency not in WARNING_LEADS and urgency != "routine_self_care"):
        lead = WARNING_LEADS.get(urgency, WARNING_LEADS["emergency"])
        return topic_text("pattern_warning_only", lead=lead)
    by_id = {m.id: m for m in matches}
    closest = closest_patterns(matches)
    if urgency == "see_clinician_soon":
        lead = WARNING_LEADS[urgency]
        others = [c for c in closest if c != "muscle_cramp"]
        if not others:
            return f"{lead} {NOT_A_DIAGNOSIS}"
        names = " and ".join(by_id[c].title.lower() for c in others)
        closest_text = topic_text("pattern_closest_one", names=names, percent=by_id[others[0]].percent)
        return f"{lead} {closest_text} {NOT_A_DIAGNOSIS}"
    if not closest:
        return topic_text("pattern_nothing_ticked")
    names = " and ".join(by_id[c].title.lower() for c in closest)
    percent = by_id[closest[0]].percent
    closest_text = topic_text("pattern_closest_one" if len(closest) == 1 else "pattern_closest_equal",
                              names=names, percent=percent)
    return f"{closest_text} {NOT_A_DIAGNOSIS}"


def answers_from_profile(profile: Profile, condition_ids=()) -> PatternAnswers:
    """Prefill the answers from a saved profile (timing, relievers, symptoms, conditions).

    >>> answers_from_profile(Profile(age=58, timing=["night"], relieved_by=["stretching"]),
    ...                      ["high_blood_pressure"]).chosen == {"at_rest_or_night",
    ...     "eased_stretching", "vascular_risk_factors"}
    True
    """
    if not isinstance(profile, Profile):
        raise PatternError("profile", message("pattern_not_a_profile", typed=type(profile).__name__))
    if isinstance(condition_ids, str) or not isinstance(condition_ids, (list, tuple, set, frozenset)) \
            or not all(isinstance(c, str) for c in condition_ids):
        raise PatternError("condition_ids", message("pattern_not_condition_ids",
                                                    typed=type(condition_ids).__name__))
    triggers = {TIMING_TO_TRIGGER[t] for t in profile.timing if t in TIMING_TO_TRIGGER}
    reliefs = {RELIEVER_TO_RELIEF[r] for r in profile.relieved_by if r in RELIEVER_TO_RELIEF}
    features = {SYMPTOM_TO_FEATURE[s] for s in profile.symptoms if s in SYMPTOM_TO_FEATURE}
    if CLAUDICATION_SYMPTOM in profile.symptoms:
        triggers.add("on_walking")
        reliefs.add("eased_standing_still")
    if REST_PAIN_SYMPTOM in profile.symptoms:
        triggers.add("at_rest_or_night")
        reliefs.add(REST_PAIN_RELIEF)
    if set(condition_ids) & set(VASCULAR_RISK_CONDITIONS):
        features.add("vascular_risk_factors")
    return pattern_answers(sorted(triggers), sorted(reliefs), sorted(features))


def symptoms_for(answers: PatternAnswers, base_symptoms=()) -> tuple[str, ...]:
    """The profile symptoms these answers mean (they replace the ones the boxes decide).

    >>> symptoms_for(pattern_answers(features=["swelling", "one_leg"]), ["dark_urine", "numbness"])
    ('dark_urine', 'one_leg_only', 'swelling')
    """
    if not isinstance(answers, PatternAnswers):
        raise PatternError("answers", message("pattern_not_answers", typed=type(answers).__name__))
    if isinstance(base_symptoms, str) or not isinstance(base_symptoms, (list, tuple, set, frozenset)) \
            or not all(isinstance(s, str) for s in base_symptoms):
        raise PatternError("base_symptoms", message("pattern_not_symptom_ids",
                                                    typed=type(base_symptoms).__name__))
    kept = [s for s in base_symptoms if s not in CONTROLLED_SYMPTOMS]
    for feature in answers.features:
        kept.extend(FEATURE_TO_SYMPTOMS.get(feature, ()))
    if {"on_walking", "eased_standing_still"} <= answers.chosen:
        kept.append(CLAUDICATION_SYMPTOM)
    if REST_PAIN_RELIEF in answers.relieved_by:
        kept.append(REST_PAIN_SYMPTOM)
    return tuple(dict.fromkeys(kept))


def explore(profile: Profile, answers: PatternAnswers) -> PatternComparison:
    """Compare ``answers`` with every pattern and run crampkit's red-flag rules on them.

    The person's other answers (conditions, medicines, other symptoms) stay in, so every
    warning sign that fires is shown, whatever the pattern.
    """
    if not isinstance(profile, Profile):
        raise PatternError("profile", message("pattern_not_a_profile", typed=type(profile).__name__))
    matches = compare_patterns(answers)
    data = profile.to_dict()
    data["symptoms"] = list(symptoms_for(answers, profile.symptoms))
    assessment = assess(Profile.from_dict(data))
    return PatternComparison(answers, tuple(matches), closest_patterns(matches),
                             assessment.red_flags, assessment.urgency)
