"""Loaded by every Python process the tests start: block outside network access."""
import crampkit_network_guard

crampkit_network_guard.install()
