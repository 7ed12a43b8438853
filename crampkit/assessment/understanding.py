"""Understanding what a person types (contract v3): each phrase to what it means.

A typed condition is read as one of: a condition id (``"bad kidneys"`` -> ``kidney_disease``),
a clot risk (``"long-haul flight last week"`` -> ``long_journey``), an everyday condition with
no cramp rule (``"gout"``, kept in ``other_conditions``), *not counted* (absent, past or someone
else's: ``"no diabetes"``, ``"ex-smoker"``, ``"mum has diabetes"``), or *not understood*. What is
not understood is never treated as absent: the rules hold back drinks, salt and potassium advice
while anything typed is not understood.

Medicines are read in :mod:`crampkit.assessment.medications`; the conditions they imply
(Renvela -> advanced kidney disease) are worked out here by :func:`implied_conditions`.

This module is the one place the rules ask "what did the person mean?".
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from crampkit.assessment.condition_table import IMPLIED, condition_details, conditions
from crampkit.assessment.matching import MatchingError, allowed_slips, check_phrase, check_text_list, shown
from crampkit.assessment.medications import MedicationMatch
from crampkit.content import message, read_table, split_ids

#: Why a typed condition is not counted as the person's own.
NOT_COUNTED_REASONS = ("absent", "past", "other_person")

#: Holds a typed condition can put on general advice, beyond its condition id:
#: ``no_fluid_push`` (no drinks target, no "drink more"), ``no_potassium_push`` (no "eat more
#: potassium"), ``own_salt_fluid_plan`` (POTS, Addison's: "follow your care team's salt and
#: fluid plan" instead of any general salt or fluid advice).
HOLDS = ("no_fluid_push", "no_potassium_push", "own_salt_fluid_plan")


@dataclass(frozen=True)
class ConditionReading:
    """What one typed condition phrase means.

    ``kind`` is one of ``condition`` (``condition_ids`` holds the ids it names), ``clot_risk``
    (``clot_risks`` holds them), ``other`` (an everyday condition with no cramp rule; ``name``
    is its plain name), ``not_counted`` (``reason`` is ``absent``, ``past`` or
    ``other_person``; ``condition_ids`` holds what it would have named), or
    ``not_understood``. A phrase may name a condition and a clot risk at once ("had a DVT
    before" is the clot risk ``previous_clot``); ``holds`` adds advice holds (see ``HOLDS``).
    """

    input: str
    kind: str
    condition_ids: tuple[str, ...] = ()
    clot_risks: tuple[str, ...] = ()
    name: str = ""
    reason: str = ""
    holds: tuple[str, ...] = ()

    @property
    def counted(self) -> bool:
        """True when the phrase says something about the person's own health now."""
        return self.kind in ("condition", "clot_risk", "other")


@dataclass(frozen=True)
class ConditionUnderstanding:
    """Every typed condition phrase, read; the lists the contract reports come from here."""

    readings: tuple[ConditionReading, ...]
    details: tuple[str, ...] = ()  # named forms such as "cirrhosis" (condition_details.csv)

    @property
    def conditions(self) -> tuple[str, ...]:
        """Condition ids the person typed (sorted; dialysis brings kidney_disease)."""
        return tuple(sorted({c for r in self.readings if r.kind == "condition" for c in r.condition_ids}))

    @property
    def other_conditions(self) -> tuple[str, ...]:
        """Typed phrases that name an everyday condition with no cramp rule, as typed."""
        return tuple(r.input for r in self.readings if r.kind == "other")

    @property
    def unrecognised(self) -> tuple[str, ...]:
        """Typed phrases crampkit did not understand, as typed."""
        return tuple(r.input for r in self.readings if r.kind == "not_understood")

    @property
    def not_counted(self) -> tuple[tuple[str, str], ...]:
        """(typed phrase, reason) for phrases that are absent, past or someone else's."""
        return tuple((r.input, r.reason) for r in self.readings if r.kind == "not_counted")

    @property
    def clot_risks(self) -> tuple[str, ...]:
        """Clot-risk ids named by the typed phrases (family history of clots included)."""
        return tuple(dict.fromkeys(c for r in self.readings for c in r.clot_risks))

    @property
    def holds(self) -> frozenset[str]:
        """Advice holds named by counted phrases (see ``HOLDS``)."""
        return frozenset(h for r in self.readings if r.counted for h in r.holds)

    def past(self, condition_id: str) -> bool:
        """True when a phrase says the person *used to* have ``condition_id`` ("ex-smoker")."""
        return any(r.kind == "not_counted" and r.reason == "past" and condition_id in r.condition_ids
                   for r in self.readings)


# ---------------------------------------------------------------------------------------------
# Reading one typed condition phrase: whole-word lookup of known phrases and words, then a
# small NegEx-style pass (Chapman et al. 2001's trigger-list method, with crampkit's own words
# in data/understanding_words.csv): a trigger before or after a condition says it is absent,
# past, someone else's or uncertain, up to the end of the clause.

_CLAUSE = re.compile(r"[,;!\n]|\.(?!\d)")
_TOKEN = re.compile(r"[a-z0-9]+")
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                 "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
                 "few": 3, "couple of": 2, "couple": 2}
_UNIT_DAYS = {"day": 1, "days": 1, "week": 7, "weeks": 7, "wk": 7, "wks": 7, "month": 30,
              "months": 30, "year": 365, "years": 365, "yr": 365, "yrs": 365}
_AGO = re.compile(r"\b(\d+|" + "|".join(_NUMBER_WORDS) + r") (" + "|".join(_UNIT_DAYS) + r") ago\b")
_LAST = re.compile(r"\b(last|past|this) (night|week|month|year)\b")
_RECENT = re.compile(r"\b(yesterday|today|recently|recent|just)\b")
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
_HOURS = re.compile(r"\b(\d+(?:\.\d+)?) ?(?:h|hr|hrs|hour|hours)\b")
_NUMBERISH = re.compile(r"^\d+[a-z]?$")  # "3", "3b"
_JOINERS = frozenset(("and", "with", "plus", "also", "but"))
#: Strongest first: an uncertain word makes the phrase not understood; "no family history
#: of clots" is absent, not a family history.
_PRECEDENCE = ("uncertain", "absent", "family_close", "other_person", "past")


@dataclass(frozen=True)
class _Concept:
    """A known phrase (condition_phrases.csv or conditions.csv synonyms) and what it means."""

    kind: str
    ids: tuple[str, ...]
    name: str = ""
    holds: tuple[str, ...] = ()
    window_days: int | None = None
    needs_when: bool = False


@dataclass(frozen=True)
class _Word:
    """A word from understanding_words.csv: a trigger, a filler, a journey word..."""

    role: str
    meaning: str


@cache
def _lexicon() -> dict[tuple[str, ...], _Concept | _Word]:
    """Every known phrase and word, as a tuple of tokens (read once per process)."""
    lex: dict[tuple[str, ...], _Concept | _Word] = {}
    for row in read_table("understanding_words.csv"):
        lex[tuple(_TOKEN.findall(_fold(row["words"])))] = _Word(row["role"], row["meaning"])
    for condition in conditions().values():
        ids = (condition.id, *IMPLIED.get(condition.id, ()))
        for synonym in condition.synonyms:
            lex[tuple(_TOKEN.findall(synonym))] = _Concept("condition", ids)
    for row in read_table("condition_phrases.csv"):
        ids = split_ids(row["ids"])
        if row["kind"] == "condition":
            ids = tuple(dict.fromkeys(i for c in ids for i in (c, *IMPLIED.get(c, ()))))
        lex[tuple(_TOKEN.findall(_fold(row["phrase"])))] = _Concept(
            row["kind"], ids, row["name"], split_ids(row["holds"]),
            int(row["window_days"]) if row["window_days"] else None, row["needs_when"] == "yes")
    lex.pop((), None)
    return lex


@cache
def _longest_key() -> int:
    return max(len(k) for k in _lexicon())


@cache
def _single_word_concepts() -> tuple[str, ...]:
    """Concept words of 5 letters or more, for the one-slip typo lookup."""
    return tuple(k[0] for k, v in _lexicon().items()
                 if isinstance(v, _Concept) and len(k) == 1 and len(k[0]) >= 5)


def _fold(text: str) -> str:
    """Lower case, apostrophes dropped ("Addison's" -> "addisons"), '?' read as the word q."""
    return (text.lower().replace("'", "").replace("\u2019", "").replace("?", " q ")
            .replace("&", " and ").replace("n/a", "na"))


def _scan(tokens: list[str]) -> list[tuple[int, int, object]]:
    """(start, length, entry) for the longest known key at each place; None for unknown words."""
    lex, found, i = _lexicon(), [], 0
    while i < len(tokens):
        for size in range(min(_longest_key(), len(tokens) - i), 0, -1):
            entry = lex.get(tuple(tokens[i:i + size]))
            if entry is not None:
                found.append((i, size, entry))
                i += size
                break
        else:
            found.append((i, 1, None))
            i += 1
    return found


def _days_ago(text: str) -> int | None:
    """How many days ago the clause's time words say, or None when it has none."""
    if m := _AGO.search(text):
        count = int(m.group(1)) if m.group(1).isdigit() else _NUMBER_WORDS[m.group(1)]
        return count * _UNIT_DAYS[m.group(2)]
    if m := _LAST.search(text):
        if m.group(1) in ("this", "past"):
            return 1  # "this year", "in the past month": it may have been days ago, so counted as recent
        return {"night": 1, "week": 7, "month": 30, "year": 365}[m.group(2)]
    if _RECENT.search(text):
        return 7
    if m := _YEAR.search(text):
        years = date.today().year - int(m.group(1))
        return years * 365 if years >= 1 else None
    return None


def _journey(text: str, items) -> _Concept | None:
    """The clot risk long_journey from "12 hour flight"; a shorter journey is uncertain."""
    hours = _HOURS.search(text)
    if not hours or not any(isinstance(e, _Word) and e.role == "travel" for _, _, e in items):
        return None
    if float(hours.group(1)) >= 4:
        return _Concept("clot_risk", ("long_journey",), window_days=28)
    return _Concept("uncertain", ())


def _statuses(tokens: list[str], items, text: str, negation: bool = True) -> list[tuple[_Concept, str]]:
    """(concept, status) for each concept in one clause; status is present, absent, past,
    family_close, other_person or uncertain."""
    concepts = [(n, e) for n, (_, _, e) in enumerate(items) if isinstance(e, _Concept)]
    if not concepts and (trip := _journey(text, items)):
        concepts = [(len(items), trip)]
    words = [(n, e) for n, (_, _, e) in enumerate(items) if isinstance(e, _Word) and negation]
    self_word = any(e.role == "any" and e.meaning == "self" for _, e in words)
    short = {n for n, _ in concepts if n < len(items) and items[n][1] == 1 and len(tokens[items[n][0]]) <= 3}
    unknown = any(e is None and not _NUMBERISH.match(tokens[s]) for s, _, e in items)
    found = []
    for place, (n, concept) in enumerate(concepts):
        meanings = set()
        for m, word in words:
            if word.meaning in ("", "present", "self") or word.role in ("filler", "travel", "none"):
                continue
            before = m < n and word.role in ("pre", "any")
            nearest_after = m > n and word.role in ("post", "any") and all(
                not (n < k < m) for k, _ in concepts)
            if before or nearest_after:
                meanings.add(word.meaning)
            elif m > n and word.meaning in ("family_close", "other_person", "absent", "past", "uncertain"):
                meanings.add("uncertain")  # "diabetes - mum": whose? "one kidney not working well"
        if meanings & {"family_close", "other_person"} and self_word:
            meanings.add("uncertain")
        if place and meanings - {"uncertain"}:
            previous = concepts[place - 1][0]
            between = {tokens[i] for s, size, _ in items[previous + 1:n] for i in range(s, s + size)}
            if between & _JOINERS:
                meanings.add("uncertain")  # "no diabetes and high BP": is the second absent?
        if n in short and unknown:
            meanings.add("uncertain")  # a 2- or 3-letter abbreviation among unknown words
        status = next((p for p in _PRECEDENCE if p in meanings), "present")
        if concept.kind == "uncertain":
            status = "uncertain"
        if concept.window_days is not None and status in ("present", "past"):
            days = _days_ago(text)
            if days is None:
                status = "uncertain" if concept.needs_when and status == "present" else status
            elif days > concept.window_days:
                status = "past"
        found.append((concept, status))
    return found


def _clauses(text: str) -> list[tuple[str, list[str], list]]:
    """(clause text, tokens, scanned items) per clause; 'but' and its kind end a clause."""
    out = []
    for part in _CLAUSE.split(_fold(text)):
        tokens = _TOKEN.findall(part)
        items = _scan(tokens)
        start = 0
        for k, (_, _, entry) in enumerate([*items, (0, 0, _Word("end", ""))]):
            if isinstance(entry, _Word) and entry.role == "end":
                chunk = items[start:k]
                if chunk:
                    lo, hi = chunk[0][0], chunk[-1][0] + chunk[-1][1]
                    words = tokens[lo:hi]
                    out.append((" ".join(words), words, [(s - lo, z, e) for s, z, e in chunk]))
                start = k + 1
    return out


def _typo_fixed(tokens: list[str]) -> list[str]:
    """``tokens`` with a word of 6 letters or more that is within the allowed slips of one
    known condition word replaced by it ("diabetis" -> "diabetes"). Known words are never
    changed; when the nearest known words mean different things nothing is guessed. Five-letter
    words are left alone: measured, "stoke" was read as "smoke" (docs/understanding.md)."""
    lex = _lexicon()
    fixed = []
    for word in tokens:
        if (word,) in lex or len(word) < 6:
            fixed.append(word)
            continue
        found = process.extract(word, _single_word_concepts(), scorer=OSA.distance,
                                score_cutoff=allowed_slips(word), limit=None)
        best = min((d for _, d, _ in found), default=None)
        nearest = {lex[(name,)] for name, d, _ in found if d == best}
        fixed.append(next(name for name, d, _ in found if d == best) if len(nearest) == 1 else word)
    return fixed


def _reading_of(typed: str, found: list[tuple[_Concept, str]]) -> ConditionReading:
    """One reading from the (concept, status) pairs of every clause of ``typed``."""
    if any(s == "uncertain" for _, s in found):
        return ConditionReading(typed, "not_understood")
    present = [c for c, s in found if s == "present" or (s == "past" and "previous_clot" in c.ids)]
    clots = [i for c in present if c.kind == "clot_risk" for i in c.ids]
    clots += ["family_history_of_clots" for c, s in found if s == "family_close" and "previous_clot" in c.ids]
    ids = tuple(sorted({i for c in present if c.kind == "condition" for i in c.ids}))
    holds = tuple(dict.fromkeys(h for c in present for h in c.holds))
    clots = tuple(dict.fromkeys(clots))
    if ids:
        return ConditionReading(typed, "condition", ids, clots, holds=holds)
    if clots:
        return ConditionReading(typed, "clot_risk", (), clots, holds=holds)
    others = [c for c in present if c.kind == "other"]
    if others:
        return ConditionReading(typed, "other", name=others[0].name, holds=holds)
    if found:
        status = next(p for p in _PRECEDENCE if p in {s for _, s in found})
        reason = {"family_close": "other_person"}.get(status, status)
        named = tuple(sorted({i for c, _ in found if c.kind == "condition" for i in c.ids}))
        return ConditionReading(typed, "not_counted", named, reason=reason)
    return ConditionReading(typed, "not_understood")


def _says_none(clauses) -> bool:
    """True for "none", "nil", "no known conditions": words that say there is no condition."""
    entries = [e for _, _, items in clauses for _, _, e in items]
    return bool(entries) and all(isinstance(e, _Word) for e in entries) and any(
        e.role == "none" or (e.role == "pre" and e.meaning == "absent") for e in entries) and not any(
        e.meaning in ("uncertain", "family_close", "other_person", "past") for e in entries)


def _about_someone_else(clauses) -> bool:
    """True for "FH of heart disease", "mum has zorblax": whatever it is, it is someone else's
    (a family word comes first, and no word says the person has it too)."""
    entries = [e for _, _, items in clauses for _, _, e in items]
    first = next((e for e in entries if not (isinstance(e, _Word) and e.role == "filler")), None)
    said = sum(len(tokens) for _, tokens, _ in clauses)
    known = sum(size for _, _, items in clauses for _, size, entry in items if entry is not None)
    if said <= known:  # a family word alone ("FH", "mum"): about whom and what is not said
        return False
    return (isinstance(first, _Word) and first.meaning in ("family_close", "other_person")
            and not any(isinstance(e, _Word) and e.meaning in ("self", "uncertain") for e in entries))


def read_condition(typed: str, *, typos: bool = True, negation: bool = True) -> ConditionReading:
    """What one typed condition phrase means (see :class:`ConditionReading`).

    >>> read_condition("on the kidney machine 3 times a week").condition_ids
    ('dialysis', 'kidney_disease')
    >>> [read_condition(t).reason for t in ("no diabetes", "ex-smoker", "mum has diabetes")]
    ['absent', 'past', 'other_person']
    >>> read_condition("long-haul flight last week").clot_risks
    ('long_journey',)
    >>> read_condition("possible diabetes").kind
    'not_understood'

    ``typos=False`` turns off the one-slip lookup and ``negation=False`` the trigger pass (used
    to measure them: docs/understanding.md).
    """
    for flag, value in (("typos", typos), ("negation", negation)):
        if not isinstance(value, bool):
            raise MatchingError(message("matching_not_true_false", field=flag, value=shown(value)))
    return _read_checked(check_phrase(typed, "conditions"), typed, typos, negation)


@lru_cache(maxsize=4096)
def _read_checked(text: str, typed: str, typos: bool, negation: bool) -> ConditionReading:
    """:func:`read_condition` for checked text; remembered, as a profile is assessed again."""
    clauses = _clauses(text)
    found = [f for clause, tokens, items in clauses for f in _statuses(tokens, items, clause, negation)]
    if not found and typos:
        fixed = []
        for _, tokens, _ in clauses:
            new = _typo_fixed(tokens)
            fixed.append((" ".join(new), new, _scan(new)))
        found = [f for clause, tokens, items in fixed for f in _statuses(tokens, items, clause, negation)]
    if not found and negation and _says_none(clauses):
        return ConditionReading(typed, "not_counted", reason="absent")
    if not found and negation and _about_someone_else(clauses):
        return ConditionReading(typed, "not_counted", reason="other_person")
    return _reading_of(typed, found)


def understand_conditions(typed_names) -> ConditionUnderstanding:
    """Read every typed condition phrase, in the order typed.

    >>> u = understand_conditions(["type 2 diabetes", "zorblax"])
    >>> u.conditions, u.unrecognised
    (('diabetes',), ('zorblax',))
    """
    typed = check_text_list(typed_names, "conditions")
    readings = tuple(read_condition(t) for t in typed)
    # "no cirrhosis" names no detail; only liver phrases can name one
    named = [r.input for r in readings if r.kind == "condition" and "liver_disease" in r.condition_ids]
    return ConditionUnderstanding(readings, tuple(condition_details(named)))


@dataclass(frozen=True)
class ImpliedCondition:
    """A condition the person's medicines suggest, though it was not typed (contract v3).

    ``because`` holds the medicines as typed; ``said_as`` is the plain words the answer uses
    ("kidney disease treated with dialysis"); ``scope`` is ``all`` (every flag and safety rule
    treats it as present) or ``potassium_magnesium`` (a potassium binder: only the potassium
    and magnesium rules); ``also`` names rules applied on top (``dialysis_fluid_limit`` for a
    phosphate binder: the fluid limit of dialysis applies though dialysis is not implied).
    """

    id: str
    because: tuple[str, ...]
    said_as: str
    scope: str = "all"
    also: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {"id": self.id, "because": list(self.because)}


#: Rules applied on top of an implied condition (``ImpliedCondition.also``):
#: ``dialysis_fluid_limit``: the fluid limit of dialysis applies, though dialysis is not implied.
ALSO_RULES = ("dialysis_fluid_limit",)
IMPLIED_SCOPES = ("all", "potassium_magnesium")


@dataclass(frozen=True)
class _ImplyRule:
    """One row of ``data/implied_conditions.csv``."""

    id: str
    condition_ids: tuple[str, ...]
    medicines: tuple[str, ...]        # groups or class ids; any one
    together_with: tuple[tuple[str, ...], ...]  # any one of these sets, all of a set; () = alone
    unless_conditions: tuple[str, ...]
    scope: str
    also: tuple[str, ...]
    said_as: str


@cache
def _imply_rules() -> tuple[_ImplyRule, ...]:
    """The rules of ``data/implied_conditions.csv`` (read once per process)."""
    return tuple(
        _ImplyRule(row["rule_id"], split_ids(row["condition_ids"]), split_ids(row["medicines"]),
                   tuple(tuple(part.split("+")) for part in split_ids(row["together_with"])),
                   split_ids(row["unless_conditions"]), row["scope"], split_ids(row["also"]), row["said_as"])
        for row in read_table("implied_conditions.csv"))


def _fires(rule: _ImplyRule, tagged, known: set[str]) -> tuple[str, ...]:
    """The typed medicines (of ``tagged``: (input, classes and groups) pairs) that make
    ``rule`` fire, or ``()``."""
    if set(rule.unless_conditions) & known:
        return ()
    main = [name for name, tags in tagged if tags & set(rule.medicines)]
    if not main:
        return ()
    if not rule.together_with:
        return tuple(main)
    partners = []
    for needed in rule.together_with:
        found = [[name for name, tags in tagged if tag in tags] for tag in needed]
        if all(found):
            partners += [i for names in found for i in names]
    return tuple(dict.fromkeys([*main, *partners])) if partners else ()


def implied_conditions(medications, typed_condition_ids=()) -> tuple[ImpliedCondition, ...]:
    """Conditions the recognised ``medications`` imply that ``typed_condition_ids`` lacks.

    ``medications`` are :class:`~crampkit.assessment.medications.MedicationMatch` records; the
    rules are the rows of ``data/implied_conditions.csv`` (contract v3). Implied liver disease
    counts as liver disease for the rules that ask whether it is present.

    >>> from crampkit.assessment.medications import match_medications
    >>> meds, _ = match_medications(["Renvela 800", "Sensipar 30mg", "alfacalcidol"])
    >>> [(i.id, i.because, i.also) for i in implied_conditions(meds)]
    [('kidney_disease', ('Renvela 800', 'Sensipar 30mg', 'alfacalcidol'), ('dialysis_fluid_limit',))]
    >>> meds, _ = match_medications(["metformin 500"])
    >>> implied_conditions(meds)
    ()
    """
    if isinstance(medications, (str, bytes)) or not isinstance(medications, (list, tuple)) or not all(
            isinstance(m, MedicationMatch) for m in medications):
        raise MatchingError(message("matching_not_matches", field="medications", value=shown(medications)))
    typed_condition_ids = check_text_list(typed_condition_ids, "conditions")
    tagged = [(m.input, frozenset((*m.class_ids, *m.groups))) for m in medications]
    if not any(tags for _, tags in tagged):
        return ()
    typed = set(typed_condition_ids)
    found: dict[str, ImpliedCondition] = {}
    every_tag = frozenset().union(*(tags for _, tags in tagged))
    for rule in _imply_rules():
        if every_tag.isdisjoint(rule.medicines):  # no medicine of the rule: it cannot fire
            continue
        known = typed | {i for i, c in found.items() if c.scope == "all"}
        because = _fires(rule, tagged, known)
        for cid in rule.condition_ids if because else ():
            if cid in typed:
                continue
            if cid in found:
                old = found[cid]
                scope = "all" if "all" in (old.scope, rule.scope) else old.scope
                found[cid] = ImpliedCondition(cid, tuple(dict.fromkeys(old.because + because)), old.said_as,
                                              scope, tuple(dict.fromkeys(old.also + rule.also)))
            else:
                found[cid] = ImpliedCondition(cid, because, rule.said_as, rule.scope, rule.also)
    return tuple(found.values())
