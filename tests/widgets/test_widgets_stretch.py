"""The bedtime stretch timer: driven by the Play widget's value, no threads."""
from crampkit.widgets.stretch import stretch_timer


def test_starts_ready_with_the_tested_routine():
    timer = stretch_timer()
    assert timer.play.value == 0 and timer.play.max == 120 and timer.play.interval == 1000
    assert "Press Start" in timer.now.value and "Calf stretch, left leg" in timer.now.value
    assert "hallegraeff2012_stretching" in timer.evidence.value and "mixed" in timer.evidence.value
    assert timer.plan.value.count("<li>") == 12


def test_play_value_moves_the_countdown():
    timer = stretch_timer()
    timer.play.value = 13
    assert "Calf stretch, right leg (hold 1 of 3): 7 seconds left" in timer.now.value
    assert "right leg back" in timer.instruction.value
    assert timer.progress.value == 13
    timer.play.value = 65
    assert "Hamstring stretch, left leg" in timer.now.value and "5 seconds left" in timer.now.value


def test_finishes_at_the_end():
    timer = stretch_timer()
    timer.play.value = 120
    assert timer.state.finished and "Done" in timer.now.value and timer.instruction.value == ""


def test_choosing_longer_holds_resets_the_timer_and_cites_acsm():
    timer = stretch_timer()
    timer.play.value = 40
    timer.hold.value = 30
    assert timer.play.value == 0 and timer.play.max == 360
    assert "acsm2021_stretching" in timer.evidence.value
    assert "general flexibility" in timer.evidence.value
    timer.play.value = 35
    assert "Calf stretch, right leg (hold 1 of 3): 25 seconds left" in timer.now.value


def test_every_control_is_labelled():
    timer = stretch_timer()
    assert timer.hold.description and timer.play.description and timer.progress.description


def test_labelled_buttons_start_pause_and_restart_the_browser_timer():
    timer = stretch_timer()
    assert [b.description for b in (timer.start_button, timer.pause_button, timer.restart_button)] == [
        "Start", "Pause", "Start again"]
    timer.start()
    assert timer.play.playing
    timer.pause()
    assert not timer.play.playing
    timer.play.value = 50
    timer.restart()
    assert timer.play.value == 0 and not timer.play.playing and "Press Start" in timer.now.value
    timer.play.value = 120
    timer.start()
    assert timer.play.value == 0 and timer.play.playing
