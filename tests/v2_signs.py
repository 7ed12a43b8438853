"""Contract v2's six new warning signs: symptom id -> (flag id, urgency), from the contract's table."""
NEW_SIGNS = {  # symptom id -> (flag id, urgency), from the contract v2 table
    "sudden_one_sided_weakness": ("stroke_signs", "emergency"),
    "saddle_numbness_or_bladder_change": ("cauda_equina_signs", "emergency"),
    "cold_pale_leg": ("acute_limb_ischaemia", "emergency"),
    "breathless_or_chest_pain": ("breathless_or_chest_pain", "emergency"),
    "heat_illness_signs": ("heat_illness", "emergency"),
    "muscle_twitching_or_wasting": ("twitching_or_wasting", "see_clinician_soon"),
}
