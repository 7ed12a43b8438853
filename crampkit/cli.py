"""``python -m crampkit assess PROFILE.json [--json]``: an assessment from the command line.

Exit status 0 on success, 2 for an invalid profile or file (one clear line on standard
error, never a traceback). Every file goes through :mod:`crampkit.safe_files`: a folder, a
named pipe or a device is refused without reading it, a file over 1 MB is refused, a
byte-order mark is fine, and the message is one line of at most 300 characters whatever the
file holds. A closed output pipe (``| head``) ends the program quietly.
"""
from __future__ import annotations

import argparse
import json
import os
import sys

from crampkit import safe_files
from crampkit.assessment.assess import Assessment, assess
from crampkit.assessment.profile import Profile, ProfileError
from crampkit.checks import escaped_char, printable
from crampkit.content import command_text, message
from crampkit.presentation import NOT_COUNTED_WORDS as presentation_not_counted
from crampkit.presentation import medicine_line, present, view_text
from crampkit.wording import urgency_words as urgency_label

MAX_PROFILE_BYTES = safe_files.MAX_PROFILE_BYTES
# File problems said as safe_files says them (they name the file); any other is an invalid profile.
SAID_AS_IS = ("cannot_read", "wrong_kind", "link_outside", "not_utf8")


class _UrgencyWords(dict):
    """Kept for code that read ``URGENCY_WORDS[urgency]``: the words now come from
    ``data/answer_labels.csv`` (rows ``urgency`` and ``urgency_detail``), like everywhere else."""

    def __missing__(self, urgency):
        return f"{urgency_label(urgency)}. {urgency_label(urgency, detail=True)}"


URGENCY_WORDS = _UrgencyWords()


def _medicine_words(match) -> str:
    """What crampkit knows of one recognised medicine, in the one wording (no internal ids)."""
    line = medicine_line(match)
    return view_text("cli_medicine_group", names=line.groups, link=line.link) if line.groups else line.link


NOT_COUNTED_WORDS = presentation_not_counted  # one wording: crampkit.presentation


def _understanding_lines(assessment: Assessment) -> list[str]:
    """What crampkit made of the typed conditions and medicines (contract v3), in words."""
    lines = []
    not_understood = list(assessment.unrecognised_conditions) + list(assessment.unrecognised_medications)
    if not_understood:
        lines += ["", view_text("cli_not_understood", items=", ".join(not_understood))]
    if assessment.implied_conditions:
        lines += ["", view_text("cli_implied")]
        lines += [f"  {view_text('cli_implied_because', name=i.said_as, because=', '.join(i.because))}"
                  for i in assessment.implied_conditions]
    if assessment.conditions_not_counted:
        lines += ["", view_text("cli_not_counted")]
        lines += [f"  {text}: {NOT_COUNTED_WORDS.get(reason, reason)}"
                  for text, reason in assessment.conditions_not_counted]
    if assessment.other_conditions:
        lines += ["", view_text("cli_other_conditions", items=", ".join(assessment.other_conditions))]
    return lines


def render_text(assessment: Assessment) -> str:
    """The assessment as readable text: warning signs first.

    While anything typed was not understood, the text never says that none of the answers is
    a warning sign: it says there is none among the answers crampkit understood, and names
    the rest (contract v3). The words and their order come from
    :func:`crampkit.presentation.present`.
    """
    shown = present(assessment)
    lines = [view_text("cli_urgency", headline=shown.headline), shown.detail, ""]
    if shown.signs:
        lines.append(view_text("cli_signs"))
        lines += [f"  ! {f.title}: {f.message}" for f in shown.signs]
        lines.append("")
    lines.append(view_text("cli_causes"))
    for cause in shown.every_cause:
        lines.append(f"  {cause.points:<10}  {cause.title}")
        lines += [f"        - {reason}" for reason in cause.reasons]
    if assessment.medications or shown.unrecognised_medications:
        lines += ["", view_text("cli_medicines")]
        lines += [f"  {m.input}: {_medicine_words(m)}" for m in assessment.medications]
        lines += [f"  {view_text('cli_medicine_not_understood', name=name)}" for name in shown.unrecognised_medications]
    lines += _understanding_lines(assessment)
    if shown.look_alikes:
        lines += ["", view_text("cli_look_alikes")]
        lines += [f"  - {text} [{', '.join(ids)}]" for text, ids in shown.look_alikes]
    lines += ["", view_text("cli_plan")]
    lines += [f"  {i}. {step.text} [{', '.join(step.reference_ids)}]"
              for i, step in enumerate(shown.steps, 1)]
    lines += ["", shown.disclaimer]
    return "\n".join(lines)


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, exit 2, no usage dump
        _say(f"crampkit: {safe_files.one_line(message, 280)}")
        raise SystemExit(2)


def _say(line: str) -> None:
    """One line on standard error, if there is one (``2>&-`` closes it: then nothing)."""
    err = sys.stderr
    if err is None:
        return
    try:
        err.write(line + "\n")
        err.flush()
    except (OSError, ValueError):
        pass  # standard error is closed or full too: the exit status still says it


def _fail(message: str) -> int:
    _say(f"crampkit: {safe_files.one_line(message, safe_files.MAX_MESSAGE_CHARS - 10)}")
    return 2


class _OutputLost(Exception):
    """Standard output could not take the result (closed, full, or the reader went away)."""


def _output_lost(problem: BaseException) -> int:
    """Standard output is closed (``>&-``) or full (``> /dev/full``): one line on standard
    error, status 1. Standard output is pointed at /dev/null first, so Python's own flush at
    exit has nowhere to fail (the Python docs' advice for SIGPIPE, signal module)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        if devnull != 1:
            os.dup2(devnull, 1)
            os.close(devnull)
    except OSError:
        pass
    if isinstance(problem, BrokenPipeError):  # "| head" stopped reading: nothing to say
        return 1
    why = getattr(problem, "strerror", None) or command_text("cli_output_closed")
    _say(command_text("cli_output_lost", why=why))
    return 1


def _write(text: str) -> None:
    """``text`` and a line break on standard output; :class:`_OutputLost` when it cannot."""
    try:
        sys.stdout.write(text + "\n")
        sys.stdout.flush()
    except (OSError, ValueError, AttributeError) as problem:  # full, closed, or None (>&-)
        raise _OutputLost(problem) from problem


def main(argv=None) -> int:
    """Run the command line; the exit status (0, 2 for bad input, 1 when the result could
    not be written: a closed or full standard output)."""
    if sys.stdout is not None and hasattr(sys.stdout, "reconfigure"):
        try:  # never a UnicodeEncodeError while printing, whatever the terminal
            sys.stdout.reconfigure(errors="backslashreplace")
        except (ValueError, OSError):
            pass
    try:
        return _main(argv)
    except _OutputLost as lost:
        return _output_lost(lost.args[0])


def _escaped_json(text: str) -> str:
    """JSON whose strings hold no character a terminal would act on (JSON itself escapes
    only those below space): DEL, C1 controls, bidirectional overrides become ``\\uXXXX``."""
    return "".join(ch if escaped_char(ch) == ch or ch == "\n" else f"\\u{ord(ch):04x}"
                   for ch in text)


def _file_problem(error: safe_files.SafeFileError, name: str) -> str:
    """What is wrong with the profile file ``name``, in one sentence naming it."""
    if error.kind == "not_json":
        return message("file_profile_not_json", name=name, why=error.detail)
    if error.kind == "too_deep":
        return message("file_profile_too_deep", name=name)
    if error.kind in SAID_AS_IS:
        return str(error)
    return message("file_invalid_profile", problem=error)


def _main(argv=None) -> int:
    parser = _Parser(prog="python -m crampkit", description=command_text("cli_description"))
    commands = parser.add_subparsers(dest="command", required=True)
    assess_cmd = commands.add_parser("assess", help=command_text("cli_assess_help"))
    assess_cmd.add_argument("profile", help=command_text("cli_profile_help"))
    assess_cmd.add_argument("--json", action="store_true", help=command_text("assess_json_help"))
    args = parser.parse_args(argv)
    name = safe_files.shown_name(args.profile)
    try:
        data = safe_files.read_bytes(args.profile, max_bytes=MAX_PROFILE_BYTES, what="profile")
        text = safe_files.decode_text(data, what="profile", name=name)
        data = safe_files.parse_json(text, what="profile")
    except safe_files.SafeFileError as error:
        return _fail(_file_problem(error, name))
    try:
        assessment = assess(Profile.from_dict(data))
    except ProfileError as error:
        return _fail(message("file_invalid_profile", problem=error))
    except (OverflowError, RecursionError, UnicodeError) as error:  # never a traceback
        return _fail(message("file_profile_unusable_value", why=type(error).__name__))
    if args.json:
        _write(_escaped_json(json.dumps(assessment.to_dict(), indent=2, ensure_ascii=False)))
    else:
        _write(printable(render_text(assessment)))  # a medicine name cannot recolour the terminal
    return 0
