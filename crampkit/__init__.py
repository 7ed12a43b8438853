"""crampkit: why do legs cramp, and what can a person do about it?

>>> import crampkit
>>> crampkit.assess(crampkit.Profile(age=34)).urgency
'routine_self_care'

The core (profile, rules, content, nutrition, diary) is plain Python and pandas; plots and
widgets are imported only when asked for, so ``import crampkit`` stays light.
"""
from __future__ import annotations

from crampkit.assessment.assess import Assessment, assess
from crampkit.assessment.profile import Profile, ProfileError

__version__ = "0.3.0.dev0"
__all__ = ["Assessment", "Profile", "ProfileError", "assess", "__version__"]
