"""crampkit: why do legs cramp, and what can a person do about it?

The core (profile, rules, content, nutrition, diary) is plain Python and pandas; plots and
widgets are imported only when asked for, so ``import crampkit`` stays light.
"""
from __future__ import annotations

__version__ = "0.1.0"
