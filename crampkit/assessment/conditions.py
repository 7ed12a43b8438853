"""Recognising the health conditions a person types ("type 2 diabetes", "CKD stage 3").

Names and synonyms live in ``data/conditions.csv`` so an educator can add the words their
class uses. Dialysis implies kidney disease. Some facts hold only for one form of a condition
(two in three people with *cirrhosis* get cramps; not everyone with fatty liver or hepatitis
has cirrhosis), so ``data/condition_details.csv`` names those forms, and
:func:`condition_details` says which were named.

>>> recognise_conditions(["type 2 diabetes", "end stage renal disease on dialysis"])
(['diabetes', 'dialysis', 'kidney_disease'], [])
>>> recognise_conditions(["zorblax syndrome"])
([], ['zorblax syndrome'])
>>> recognise_conditions(["slipped disc"])
(['sciatica'], [])
>>> condition_details(["alcohol-related liver cirrhosis"]), condition_details(["fatty liver"])
(['cirrhosis'], [])
"""
from __future__ import annotations

# The tables are read in condition_table.py, which understanding.py reads too (so this module
# imports understanding.py and nothing imports it back); their names stay importable from here.
from crampkit.assessment.condition_table import (
    IMPLIED,
    Condition,
    ConditionDetail,
    condition_details,
    condition_ids_for,
    conditions,
    details,
)
from crampkit.assessment.understanding import understand_conditions

__all__ = ["IMPLIED", "Condition", "ConditionDetail", "condition_details", "condition_ids_for", "conditions",
           "details", "recognise_conditions"]


def recognise_conditions(typed_names) -> tuple[list[str], list[str]]:
    """Recognised condition ids (sorted) and the typed names crampkit did not understand.

    Read as :func:`crampkit.assessment.understanding.understand_conditions` reads them (contract
    v3): "no diabetes" or "mum has diabetes" is neither; "gout" (an everyday condition) and clot
    risks are left out of both lists.

    >>> recognise_conditions(["no diabetes", "gout", "zorblax"])
    ([], ['zorblax'])
    """
    understood = understand_conditions(typed_names)
    return list(understood.conditions), list(understood.unrecognised)
