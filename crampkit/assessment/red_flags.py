"""Red flags: answers that mean "see a clinician", with how soon (assessment contract v3).

Each flag fires from the answers alone and nothing else can hide it. Messages live in
``data/red_flags.csv``; the thresholds below are the contract's. ``emergency`` (call the
local emergency number now) ranks above ``urgent`` (medical help today).

>>> from crampkit.assessment.profile import Profile
>>> [(f.id, f.urgency) for f in evaluate_red_flags(Profile(age=40, episodes_per_week=3), ())]
[('frequent_or_severe', 'see_clinician_soon')]
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from crampkit.assessment.profile import Profile
from crampkit.content import read_table, split_ids

FREQUENT_EPISODES_PER_WEEK = 3
LONG_CRAMP_MINUTES = 10
URGENCY_ORDER = ("routine_self_care", "see_clinician_soon", "urgent", "emergency")
FLAG_IDS = (
    "frequent_or_severe", "leg_swelling_redness", "weakness_numbness_persistent",
    "night_rest_sleep_disruption", "risk_factors", "statin_muscle_warning", "dark_urine",
    "fluid_loss_illness", "wound_or_toxin_exposure",
    "stroke_signs", "cauda_equina_signs", "acute_limb_ischaemia", "breathless_or_chest_pain",
    "heat_illness", "twitching_or_wasting",
    # contract v3 (evidence notes §3.2)
    "clot_risk_one_leg", "limb_threatening_ischaemia", "lithium_toxicity_signs", "sudden_confusion",
    "pre_eclampsia_signs",
)
# One symptom, one flag, one urgency (contract v2 and v3; evidence notes sections 3.1, 3.2).
SINGLE_SYMPTOM_FLAGS = (
    ("dark_urine", "dark_urine", "urgent"),
    ("recent_vomiting_or_diarrhoea", "fluid_loss_illness", "urgent"),
    ("wound_or_toxin_exposure", "wound_or_toxin_exposure", "urgent"),
    ("sudden_one_sided_weakness", "stroke_signs", "emergency"),
    ("saddle_numbness_or_bladder_change", "cauda_equina_signs", "emergency"),
    ("cold_pale_leg", "acute_limb_ischaemia", "emergency"),
    ("breathless_or_chest_pain", "breathless_or_chest_pain", "emergency"),
    ("heat_illness_signs", "heat_illness", "emergency"),
    ("muscle_twitching_or_wasting", "twitching_or_wasting", "see_clinician_soon"),
    ("confusion_or_unsteadiness", "sudden_confusion", "emergency"),
)
# Among flags of the same urgency, the one whose action matters most comes first: flags worded
# as *now* lead the urgent ones (contract v3), then the warnings that also stop harmful
# self-care (a clot, a blocked artery, muscle damage).
FLAG_PRIORITY = (
    "breathless_or_chest_pain", "acute_limb_ischaemia", "stroke_signs", "cauda_equina_signs",
    "sudden_confusion", "heat_illness",
    "pre_eclampsia_signs", "lithium_toxicity_signs",
    "clot_risk_one_leg", "leg_swelling_redness", "limb_threatening_ischaemia",
    "statin_muscle_warning", "dark_urine",
    "weakness_numbness_persistent", "fluid_loss_illness", "wound_or_toxin_exposure",
    "frequent_or_severe", "risk_factors", "night_rest_sleep_disruption", "twitching_or_wasting",
)
#: Flags that keep their level but are worded as *now*: the answer's first line says "now".
NOW_FLAGS = ("lithium_toxicity_signs", "pre_eclampsia_signs")
RISK_CONDITIONS = ("diabetes", "kidney_disease", "dialysis", "peripheral_artery_disease")
# contract v3: clot risks (NICE NG158 two-level Wells score; UCLH; NHS DVT)
MAJOR_CLOT_RISKS = ("surgery_or_bed_rest", "previous_clot", "cancer_treatment", "recently_gave_birth")
MINOR_CLOT_RISKS = ("long_journey", "family_history_of_clots")
CLOT_MEDICINE_CLASSES = ("oral_contraceptive", "conjugated_estrogen", "raloxifene")
CLOT_MEDICINE_GROUPS = ("oestrogen", "tamoxifen")
CLOT_PAIN_SIGNS = ("very_painful", "swelling", "warmth", "redness")
PRE_ECLAMPSIA_AGES = (14, 55)


@dataclass(frozen=True)
class RedFlag:
    """A fired warning sign with its urgency, a plain message and its sources."""

    id: str
    urgency: str
    title: str
    message: str
    plan_category: str
    reference_ids: tuple[str, ...]

    def to_dict(self) -> dict:
        return {"id": self.id, "urgency": self.urgency, "message": self.message,
                "reference_ids": list(self.reference_ids)}

    @property
    def now(self) -> bool:
        """True for a flag worded as *now* (contract v3): lithium toxicity, pre-eclampsia."""
        return self.id in NOW_FLAGS


@cache
def _messages() -> dict[tuple[str, str, str], dict]:
    return {(row["flag_id"], row["urgency"], row.get("variant", "")): row
            for row in read_table("red_flags.csv")}


@cache
def _risk_words(field: str = "clot_risk_reason") -> dict[str, str]:
    return {row["id"]: row["label"] for row in read_table("answer_labels.csv")
            if row["field"] == field}


def risk_factor_words(conditions, typed_conditions=None, symptoms=()) -> str:
    """What fired ``risk_factors``, naming only what this person has: the conditions they
    listed, those their medicines suggest (contract v3), and the walking calf pain.

    >>> risk_factor_words({"diabetes"}, {"diabetes"})
    'You listed diabetes'
    >>> risk_factor_words({"kidney_disease", "dialysis"}, set(), {"calf_pain_walking_relieved_by_rest"})
    'Your medicines suggest kidney disease treated with dialysis. You get calf pain on walking that goes when you rest'
    """
    words = _risk_words("risk_factor_reason")
    present = [c for c in RISK_CONDITIONS if c in set(conditions)]
    if "dialysis" in present:  # said as "kidney disease treated with dialysis"
        present = [c for c in present if c != "kidney_disease"]
    typed = set(present if typed_conditions is None else typed_conditions)
    listed = [c for c in present if c in typed]
    implied = [c for c in present if c not in typed]
    parts = [words[kind].format(names=_names([words.get(c, c.replace("_", " ")) for c in ids]))
             for kind, ids in (("listed", listed), ("implied", implied)) if ids]
    if "calf_pain_walking_relieved_by_rest" in set(symptoms):
        parts.append(words["calf_pain_walking_relieved_by_rest"])
    return ". ".join(parts)


def _names(items) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _groups(match) -> tuple[str, ...]:
    return tuple(getattr(match, "groups", ()) or ())


def clot_medicines(medications) -> list[str]:
    """The medicines (as typed) that raise the risk of a clot: oestrogen, raloxifene, tamoxifen."""
    return [m.input for m in medications
            if set(m.class_ids) & set(CLOT_MEDICINE_CLASSES) or set(_groups(m)) & set(CLOT_MEDICINE_GROUPS)]


def make_flag(flag_id: str, urgency: str, medications=(), variant: str = "", risks: str = "") -> RedFlag:
    """The flag ``flag_id`` at ``urgency`` (its ``variant`` wording), message from the data table.

    When the table names medicine classes or groups that add to the risk behind the flag
    (oestrogen, raloxifene, tamoxifen and the pill for a blood clot), the medicines of those
    among ``medications`` (:class:`~crampkit.assessment.medications.MedicationMatch`) are named
    in the message. ``risks`` fills ``{risks}`` (the person's own clot risks, in words).

    >>> from crampkit.assessment.medications import MedicationMatch
    >>> pill = MedicationMatch("Evista 60mg", ("raloxifene",), "moderate")
    >>> "You take Evista 60mg" in make_flag("leg_swelling_redness", "urgent", [pill]).message
    True
    """
    row = _messages().get((flag_id, urgency, variant)) or _messages()[(flag_id, urgency, "")]
    message = row["message"].replace("{risks}", risks)
    risky = set(split_ids(row.get("risk_medicine_classes", "")))
    risky_groups = set(split_ids(row.get("risk_medicine_groups", "")))
    named = [m.input for m in medications if risky & set(m.class_ids) or risky_groups & set(_groups(m))]
    if named and row.get("risk_medicine_note"):
        message += " " + row["risk_medicine_note"].format(names=_names(named))
    return RedFlag(flag_id, urgency, row["title"], message, row["plan_category"],
                   split_ids(row["reference_ids"]))


def _frequent_or_severe(p: Profile, symptoms: set) -> str | None:
    long_cramp = p.typical_duration_minutes is not None and p.typical_duration_minutes > LONG_CRAMP_MINUTES
    frequent = p.episodes_per_week is not None and p.episodes_per_week >= FREQUENT_EPISODES_PER_WEEK
    if not (frequent or long_cramp or symptoms & {"very_painful", "not_improving_with_self_care"}):
        return None
    # contract v3: a long spell in both legs eased by moving is restless legs, not a cramp
    # that will not let go (AAFP 2012; NICE CKS)
    restless = "urge_to_move" in symptoms and not symptoms & {
        "very_painful", "one_leg_only", "swelling", "warmth", "redness"}
    if long_cramp and "not_improving_with_self_care" in symptoms and not restless:
        return "urgent"
    return "see_clinician_soon"


def _leg_swelling_redness(p: Profile, symptoms: set) -> tuple[str, str] | None:
    """(urgency, message variant) for swelling, warmth, redness or skin changes (contract v3)."""
    if not symptoms & {"swelling", "warmth", "redness", "skin_changes"}:
        return None
    one_leg, swelling = "one_leg_only" in symptoms, "swelling" in symptoms
    warm_or_red = bool(symptoms & {"warmth", "redness"})
    pregnancy_signs = "pregnancy_warning_signs" in symptoms and _pre_eclampsia_possible(p)
    if (swelling and (warm_or_red or one_leg)) or (one_leg and warm_or_red) \
            or {"warmth", "redness"} <= symptoms:
        return "urgent", ""
    if swelling and p.pregnant and "pregnancy_warning_signs" in symptoms:
        return "urgent", "pregnancy"
    if warm_or_red:
        return "see_clinician_soon", ""
    if swelling:
        if pregnancy_signs:
            return "see_clinician_soon", "pre_eclampsia"
        return "see_clinician_soon", "pregnant" if p.pregnant else "both_legs"
    return "see_clinician_soon", "skin"


def _pre_eclampsia_possible(p: Profile) -> bool:
    low, high = PRE_ECLAMPSIA_AGES
    return p.sex != "male" and low <= p.age <= high


def _clot_risk_words(p: Profile, clot_risks, medications, symptoms: set) -> str | None:
    """The person's own clot risks in words when ``clot_risk_one_leg`` fires, else None."""
    if "one_leg_only" not in symptoms:
        return None
    words = _risk_words()
    major = [r for r in MAJOR_CLOT_RISKS if r in clot_risks] + (["pregnant"] if p.pregnant else [])
    minor = [r for r in MINOR_CLOT_RISKS if r in clot_risks]
    pill = clot_medicines(medications)
    if not major and not (symptoms & set(CLOT_PAIN_SIGNS) and (minor or pill)):
        return None
    said = [words.get(r, r.replace("_", " ")) for r in major + minor]
    pills = {m.input for m in medications if "oral_contraceptive" in m.class_ids}
    said += [words["medicine_pill" if name in pills else "medicine"].format(name=name) for name in pill]
    return _names(said)


def _lithium(medications, medication_class_ids) -> bool:
    return "lithium" in medication_class_ids or any("lithium" in _groups(m) for m in medications)


def _variant(flag_id: str, level: str, variant: str, top: int, clot_risk: bool) -> str:
    """The wording of a fired flag, so that one sign gets one timing and one message (v3)."""
    if flag_id == "frequent_or_severe" and level == "see_clinician_soon" and top >= URGENCY_ORDER.index("urgent"):
        return "with_urgent"
    if flag_id == "leg_swelling_redness" and level == "urgent" and not variant and clot_risk:
        return "with_clot_risk"
    return variant


def evaluate_red_flags(profile: Profile, condition_ids, medication_class_ids=(),
                       medications=(), clot_risks=None, typed_conditions=None) -> list[RedFlag]:
    """Every red flag the answers fire, most urgent first (then by ``FLAG_PRIORITY``).

    ``condition_ids`` are the condition ids the rules treat as present (typed or implied by
    medicines, contract v3); ``medication_class_ids`` the classes of the person's recognised
    medicines (for the statin warning). ``medications`` (matched medicines) lets a clot warning
    name the medicines that raise the risk of a clot. ``clot_risks`` are the ticked and
    recognised clot risks (the profile's own when not given). ``typed_conditions`` are the
    conditions the person typed, so a warning says "You listed" only for those and "Your
    medicines suggest" for the rest (all of ``condition_ids`` count as typed when not given).
    """
    medication_class_ids = set(medication_class_ids) | {c for m in medications for c in m.class_ids}
    symptoms, conditions = set(profile.symptoms), set(condition_ids)
    clot_risks = set(profile.clot_risks if clot_risks is None else clot_risks)
    fired: list[tuple[str, str, str, str]] = []  # (flag id, urgency, variant, risks)

    def fire(flag_id, urgency, variant="", risks=""):
        fired.append((flag_id, urgency, variant, risks))

    urgency = _frequent_or_severe(profile, symptoms)
    if urgency:
        fire("frequent_or_severe", urgency)
    swelling = _leg_swelling_redness(profile, symptoms)
    if swelling:
        fire("leg_swelling_redness", *swelling)
    if symptoms & {"weakness", "numbness", "persists_after_activity"}:
        fire("weakness_numbness_persistent", "urgent" if "weakness" in symptoms else "see_clinician_soon")
    if "sleep_disrupted" in symptoms:
        fire("night_rest_sleep_disruption", "see_clinician_soon")
    if conditions & set(RISK_CONDITIONS) or "calf_pain_walking_relieved_by_rest" in symptoms:
        fire("risk_factors", "see_clinician_soon",
             risks=risk_factor_words(conditions, typed_conditions, symptoms))
    if "statin" in medication_class_ids and symptoms & {"weakness", "dark_urine"}:
        fire("statin_muscle_warning", "urgent")
    lithium = _lithium(medications, medication_class_ids)
    lithium_signs = lithium and bool(symptoms & {"recent_vomiting_or_diarrhoea", "muscle_twitching_or_wasting",
                                                 "confusion_or_unsteadiness"})
    for symptom, flag_id, level in SINGLE_SYMPTOM_FLAGS:
        if symptom in symptoms:
            # one sign, one timing: with lithium, twitching and vomiting defer to the blood test now
            fire(flag_id, level, "lithium" if lithium_signs and flag_id in (
                "twitching_or_wasting", "fluid_loss_illness") else "")
    risks = _clot_risk_words(profile, clot_risks, medications, symptoms)
    if risks:
        fire("clot_risk_one_leg", "urgent", risks=risks)
    if symptoms & {"rest_pain_eased_by_hanging_leg_down", "foot_sore_not_healing"}:
        fire("limb_threatening_ischaemia", "urgent", "diabetes" if "diabetes" in conditions else "")
    if lithium_signs:
        fire("lithium_toxicity_signs", "urgent")
    if "pregnancy_warning_signs" in symptoms and _pre_eclampsia_possible(profile):
        fire("pre_eclampsia_signs", "urgent")

    # one sign, one timing: beside a same-day or emergency warning, frequent or painful cramps
    # get no "book in the next few days" of their own (contract v3)
    top = max((URGENCY_ORDER.index(level) for _, level, _, _ in fired), default=0)
    clot_risk = any(flag_id == "clot_risk_one_leg" for flag_id, _, _, _ in fired)
    fired = [(flag_id, level, _variant(flag_id, level, variant, top, clot_risk), risks)
             for flag_id, level, variant, risks in fired]
    flags = [make_flag(flag_id, level, medications, variant, risks)
             for flag_id, level, variant, risks in fired]
    return sorted(flags, key=lambda f: (-URGENCY_ORDER.index(f.urgency), FLAG_PRIORITY.index(f.id)))


def headline_level(urgency: str, flags, not_understood: bool = False) -> str:
    """The key of the answer's first line (a row of ``answer_labels.csv``): ``urgent_now`` when
    the most urgent flags are ``urgent`` and one of them is worded as *now* (contract v3);
    ``routine_self_care_not_understood`` when no flag fired but something typed was not
    understood (never "none of your answers is a warning sign" then); else ``urgency``.

    ``flags`` are :class:`RedFlag` records or their ``to_dict()`` forms.

    >>> headline_level("urgent", [{"id": "lithium_toxicity_signs", "urgency": "urgent"}])
    'urgent_now'
    """
    def flag_id(f):
        return f["id"] if isinstance(f, dict) else f.id

    def level(f):
        return f["urgency"] if isinstance(f, dict) else f.urgency

    if urgency == "urgent" and any(flag_id(f) in NOW_FLAGS and level(f) == "urgent" for f in flags):
        return "urgent_now"
    if urgency == "routine_self_care" and not_understood:
        return "routine_self_care_not_understood"
    return urgency


def overall_urgency(flags) -> str:
    """The highest urgency among ``flags``; ``routine_self_care`` when there are none."""
    return max((f.urgency for f in flags), key=URGENCY_ORDER.index, default="routine_self_care")
