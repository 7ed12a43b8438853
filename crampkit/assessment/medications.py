"""Matching the medicines a person types to the medicine classes linked with cramps.

Names come from ``data/medications.csv`` (generic and brand names; a combination product
lists each component's class) and the classes from ``data/medication_classes.csv``. Everyday
medicines with no known link with cramps (metformin, levothyroxine, paracetamol... at least
the 200 most prescribed) are in the same table with no class: they are *recognised*, with
evidence level ``none``, and never reported as unknown.

>>> [m.class_ids for m in match_medications(["Hyzaar 100/25", "atorvastatine"])[0]]
[('arb', 'thiazide_diuretic'), ('statin',)]
>>> [(m.class_ids, m.evidence_level) for m in match_medications(["metformin 500"])[0]]
[((), 'none')]
>>> match_medications(["tonic water"])[0][0].class_ids
('quinine',)
>>> match_medications(["prenatal vitamin"])[1]
['prenatal vitamin']
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from crampkit.assessment.matching import (
    MatchingError,
    allowed_slips,
    check_phrase,
    check_text_list,
    normalise,
    shown,
)
from crampkit.content import message, read_table, split_ids

#: Evidence levels, strongest first. ``none``: recognised, but no known link with cramps.
EVIDENCE_ORDER = ("strong", "moderate", "weak", "reported", "none")

#: Groups (``groups`` column of ``data/medications.csv``): what the rules need to know of a
#: medicine beyond its cramp classes (sick-day rules, the hyponatraemia guard, clot risks and
#: the conditions medicines imply, contract v3).
GROUPS = (
    "insulin", "sulfonylurea", "sglt2_inhibitor", "metformin", "dpp4_inhibitor", "pioglitazone",
    "nsaid", "diuretic_unknown_kind", "ssri_snri", "desmopressin", "carbamazepine", "lithium",
    "oestrogen", "tamoxifen", "phosphate_binder", "cinacalcet", "active_vitamin_d", "epoetin",
    "potassium_binder", "etelcalcetide", "sucroferric_oxyhydroxide", "sacubitril_valsartan",
    "mineralocorticoid_antagonist", "ivabradine", "thyroid_replacement", "antithyroid",
    "rifaximin", "lactulose", "cilostazol", "naftidrofuryl",
)

_NON_WORD = re.compile(r"[^a-z0-9 ]+")
_PARENTHESES = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_NUMBER = re.compile(r"^\d+(?:[.,]\d+)?(?:[a-z]{0,4}|x)$|^x\d+$")
#: Words before a medicine's name that never identify it ("my statin", "the blue inhaler").
_LEADING = frozenset(("my", "the", "a", "an", "on", "take", "taking", "i", "use", "using", "some"))

#: Words people add to a medicine's name that never identify it; never fuzzy-matched.
_FILLER = frozenset((
    "inhaler", "inhalers", "injection", "injections", "pen", "pens", "cream", "ointment", "gel",
    "drops", "eye", "eyes", "ear", "nasal", "spray", "patch", "patches", "pill", "pills",
    "liquid", "syrup", "solution", "extended", "release", "modified", "slow", "night", "morning",
    "evening", "bedtime", "when", "needed", "prn", "as", "the", "my", "for", "of", "in", "on",
    "at", "to", "from", "before", "after", "meals", "food", "water", "take", "taking", "used",
    "use", "generic", "brand", "hfa", "diskus", "puffer", "sachet", "sachets", "dose", "doses",
    "low", "high", "strength", "extra", "plus", "forte", "chewable", "soluble", "dispersible",
))


@dataclass(frozen=True)
class MedicationClass:
    """A group of medicines with one evidence level for a link with cramps."""

    id: str
    name: str
    evidence_level: str
    explanation: str
    association: str
    reference_ids: tuple[str, ...]


@dataclass(frozen=True)
class MedicationMatch:
    """One typed medicine and the classes it belongs to.

    A recognised medicine with no known cramp link has ``class_ids=()`` and
    ``evidence_level="none"``.
    """

    input: str
    class_ids: tuple[str, ...]
    evidence_level: str
    #: contract v3: what else the rules need to know of this medicine, beyond its cramp classes
    #: (for example ``insulin``, ``sglt2_inhibitor``, ``nsaid``, ``phosphate_binder``); see
    #: ``crampkit.assessment.understanding``.
    groups: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {"input": self.input, "class_ids": list(self.class_ids),
                "evidence_level": self.evidence_level}


@cache
def medication_classes() -> dict[str, MedicationClass]:
    """Every medicine class by id."""
    return {
        row["class_id"]: MedicationClass(
            row["class_id"], row["name"], row["evidence_level"], row["explanation"],
            row["association"], split_ids(row["reference_ids"]),
        )
        for row in read_table("medication_classes.csv")
    }


def _key(name: str) -> str:
    """How a known name is looked up: normalised, unless that drops one of its words
    ("water tablets" is kept whole: "water" alone is no medicine)."""
    short, whole = normalise(name), _whole_words(name)
    return whole if len(whole.split()) > len(short.replace("/", " ").split()) else short


@cache
def _names() -> dict[str, tuple[str, ...]]:
    """Every known name, normalised, with its class ids (``()`` for no known cramp link)."""
    return {_key(row["name"]): split_ids(row["class_ids"]) for row in read_table("medications.csv")}


@cache
def _groups() -> dict[str, tuple[str, ...]]:
    """Every known name, normalised, with its groups (``groups`` column; see :data:`GROUPS`)."""
    return {_key(row["name"]): split_ids(row.get("groups", "")) for row in read_table("medications.csv")}


@cache
def _clot_risk_names() -> frozenset[str]:
    """Known names (normalised) of medicines that make blood clots more likely."""
    return frozenset(_key(row["name"]) for row in read_table("medications.csv")
                     if row.get("clot_risk", "").strip().lower() == "yes")


@cache
def _longest_name() -> int:
    return max(len(name.split()) for name in _names())


def strongest_level(class_ids) -> str:
    """The strongest evidence level among ``class_ids``; ``"none"`` when there are none.

    >>> strongest_level(["statin", "laba"]), strongest_level(())
    ('strong', 'none')
    """
    known = medication_classes()
    ids = check_text_list(class_ids, "class_ids")
    unknown = [c for c in ids if c not in known]
    if unknown:
        raise MatchingError(message("matching_unknown_class", field="class_ids", value=shown(unknown[0]),
                                    examples=", ".join(list(known)[:3])))
    levels = [known[c].evidence_level for c in ids] or ["none"]
    return min(levels, key=EVIDENCE_ORDER.index)


def _meaning(name: str) -> tuple:
    """What a known name tells crampkit: its classes, groups and whether it raises clot risk."""
    return _names()[name], _groups()[name], name in _clot_risk_names()


def _fuzzy(query: str, choices: tuple[str, ...]) -> list[str] | None:
    """The known name(s) nearest to ``query`` within the allowed slips.

    A slip is one added, missing, changed or swapped-round letter (optimal string alignment).
    When the nearest names mean different things (other classes), the typing slip could mean
    either medicine: nothing is guessed (``None``), so the name is listed back unrecognised.
    """
    slips = allowed_slips(query)
    if slips == 0:
        return None
    found = process.extract(query, choices, scorer=OSA.distance,
                            score_cutoff=slips, limit=None)
    if not found:
        return None
    best = min(distance for _, distance, _ in found)
    nearest = [name for name, distance, _ in found if distance == best]
    return nearest if len({_meaning(name) for name in nearest}) == 1 else None


def _cover(words: list[str]) -> tuple[list[str], bool]:
    """Known names found as runs of words, longest first (so "fluticasone salmeterol" finds
    both medicines), and whether every word that is not filler was matched exactly."""
    names = _names()
    found: list[str] = []
    exact = True
    start = 0
    while start < len(words):
        for size in range(min(len(words) - start, _longest_name()), 0, -1):
            phrase = " ".join(words[start:start + size])
            if phrase in names:
                found.append(phrase)
                start += size
                break
        else:
            word = words[start]
            if word not in _FILLER:
                exact = False
                found += _fuzzy(word, tuple(names)) or []
            start += 1
    return found, exact


def _match_part(text: str) -> list[str] | None:
    """The known names in one typed medicine without '/' (``None`` when nothing is recognised).

    Exact names win; then a slip in a whole name of several words ("atacand hxt"); then
    names found word by word, each word allowed its own slips.
    """
    names = _names()
    if text in names:
        return [text]
    words = text.split()
    found, exact = _cover(words)
    if exact and found:
        return found
    if len(words) > 1:
        near = _fuzzy(text, tuple(name for name in names if " " in name))
        if near is not None:
            return near
    return found or None


def _whole_words(typed: str) -> str:
    """``typed`` in lower case with punctuation, doses and a leading "my" or "the" removed,
    but with its unit words kept, so class words such as "water tablets" are found whole."""
    typed = _PARENTHESES.sub(" ", typed)  # "water tablet (don't know name)"
    words = [w for w in _NON_WORD.sub(" ", typed.lower().replace("-", " ")).split()
             if not _NUMBER.match(w)]
    while words and words[0] in _LEADING:
        words = words[1:]
    return " ".join(words)


def _match(typed: str) -> tuple[str, ...] | None:
    """The known names crampkit finds in one typed entry, or ``None``."""
    return _match_checked(check_phrase(typed, "medications"))


@cache
def _not_taking_words() -> tuple[str, ...]:
    """Words that say a typed medicine is not taken now (``data/medicine_words.csv``)."""
    return tuple(row["words"] for row in read_table("medicine_words.csv") if row["meaning"] == "not_taking")


def _says_not_taken(typed: str) -> bool:
    padded = " " + " ".join(re.sub(r"[^a-z0-9]+", " ", re.sub(r"['’]", "", typed.lower())).split()) + " "
    return any(f" {words} " in padded for words in _not_taking_words())


@lru_cache(maxsize=4096)
def _match_checked(typed: str) -> tuple[str, ...] | None:
    """:func:`_match` for checked text; remembered, as a profile is assessed again and again.
    An entry that says the medicine is not taken ("stopped simvastatin") is not recognised."""
    text = normalise(typed)
    whole = _whole_words(typed)
    if _says_not_taken(typed):
        return None
    if whole in _names():
        return (whole,)
    if not text:
        return None
    if text in _names():
        return (text,)
    parts = [_match_part(part.strip()) for part in text.split("/") if part.strip()]
    if all(part is None for part in parts):
        return None
    return tuple(name for part in parts if part for name in part)


def lookup(typed: str) -> tuple[str, ...] | None:
    """The class ids for one typed name: a tuple (empty for a medicine with no known cramp
    link), or ``None`` when crampkit does not recognise it.

    >>> lookup("Lipitor 20mg"), lookup("Glucophage 500 mg"), lookup("zorblax")
    (('statin',), (), None)
    """
    found = _match(typed)
    if found is None:
        return None
    return tuple(dict.fromkeys(c for name in found for c in _names()[name]))


def groups_for(typed: str) -> tuple[str, ...]:
    """The groups (see :data:`GROUPS`) of one typed medicine; empty when it has none or is not
    recognised.

    >>> groups_for("Renvela 800mg"), groups_for("water tablets"), groups_for("Lipitor")
    (('phosphate_binder',), ('diuretic_unknown_kind',), ())
    """
    found = _match(typed)
    return tuple(dict.fromkeys(g for name in found or () for g in _groups()[name]))


def raises_clot_risk(typed: str) -> bool:
    """True when the typed medicine contains an estrogen or raloxifene, which make blood clots
    more likely, so a swollen, painful calf needs urgent care (``clot_risk`` in
    ``medications.csv``; nhs_dvt, raloxifene_label).

    >>> raises_clot_risk("Evista 60mg"), raises_clot_risk("estradiol 1 mg"), raises_clot_risk("Lipitor")
    (True, True, False)
    """
    return any(name in _clot_risk_names() for name in _match(typed) or ())


def classes_for(typed: str) -> tuple[str, ...]:
    """The medicine class ids for one typed name (empty when it has none or is not recognised).

    >>> classes_for("LOSARTAN/HCTZ 50-12.5")
    ('arb', 'thiazide_diuretic')
    """
    return lookup(typed) or ()


def is_recognised(typed: str) -> bool:
    """True when crampkit knows the medicine, whether or not it is linked with cramps.

    >>> is_recognised("Tylenol"), is_recognised("zorblax")
    (True, False)
    """
    return lookup(typed) is not None


def match_medications(typed_names) -> tuple[list[MedicationMatch], list[str]]:
    """Recognised medicines and the typed names that matched nothing (kept, not dropped).

    Every typed entry appears exactly once, in one list or the other, in the order typed.
    """
    matched, unrecognised = [], []
    for typed in check_text_list(typed_names, "medications"):
        class_ids = lookup(typed)
        if class_ids is None:
            unrecognised.append(typed)
        else:
            matched.append(MedicationMatch(typed, class_ids, strongest_level(class_ids), groups_for(typed)))
    return matched, unrecognised
