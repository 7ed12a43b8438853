"""``crampkit.nutrition``, the name the nutrition contract promises (``from crampkit import
nutrition``). The module is :mod:`crampkit.topics.nutrition`; this re-exports its public names."""
from crampkit.topics.nutrition import *  # noqa: F403
from crampkit.topics.nutrition import NutritionError, daily_targets, day_totals, foods, load_sr28, top_foods  # noqa: F401
