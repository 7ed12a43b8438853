"""One module per learning topic, each plain Python a notebook and its widget call.

``hydration`` (drinks targets, sweat loss), ``nutrition`` (the USDA food table),
``activity`` (weekly load, guideline, stretches), ``static_day`` (sitting and standing),
``patterns`` (what the answers resemble) and ``medicine_check`` (medicines and conditions
linked with cramps). ``crampkit.nutrition`` stays importable (nutrition contract).
"""
