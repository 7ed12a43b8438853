"""The assessment: a person's answers in, warning signs, likely causes and a plan out.

``profile`` (the checked answers), ``matching`` (typed names to known ones),
``condition_table`` (the known conditions), ``understanding``, ``conditions`` and
``medications`` (what was recognised), ``facts`` (what the rules look at), ``red_flags``,
``causes`` (its rules are rows of cause_rules.csv, read by ``rule_table``) and ``plan`` (the
rules), and ``assess`` (all of it in one call). The public names
are ``crampkit.Profile``, ``crampkit.ProfileError`` and ``crampkit.assess`` (contract v1/v2).
"""
