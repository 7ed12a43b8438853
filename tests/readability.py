"""How hard a text is to read, measured offline with ``textstat`` (for tests of any text).

Two standard formulas, both from the CMU pronouncing dictionary's syllable counts (textstat
falls back to hyphenation rules for a word the dictionary lacks):

- **Flesch-Kincaid grade** (FK): ``0.39 * words/sentences + 11.8 * syllables/words - 15.59``,
  the US school grade that can follow the text.
- **SMOG**: ``1.043 * sqrt(30 * words of 3+ syllables / sentences) + 3.1291``, the grade at
  which readers understand nearly all of it. SMOG was normed on samples of 30 sentences, so
  it is measured on a whole kind of text at once (every learner-facing sentence of one
  table, or all the prose of one notebook), never on one short sentence.

crampkit's targets (issue 24): FK grade at most 7 and SMOG at most 9 in every text a learner
reads. ``measure`` gives both for one text; ``notebook_prose`` the prose a reader meets in a
notebook's markdown, without code, links' addresses, tables, headings or reference lists.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import textstat

FK_LIMIT = 7.0
SMOG_LIMIT = 9.0
#: SMOG's norm sample; a kind of text with fewer sentences is measured but flagged as small.
SMOG_SAMPLE_SENTENCES = 30


@dataclass(frozen=True)
class Reading:
    """The readability of one text: FK grade, SMOG grade, and how many sentences and words."""

    fk: float
    smog: float
    sentences: int
    words: int

    def passes(self, fk_limit: float = FK_LIMIT, smog_limit: float = SMOG_LIMIT) -> bool:
        return self.fk <= fk_limit and self.smog <= smog_limit

    def __str__(self) -> str:
        return f"FK {self.fk:.1f}, SMOG {self.smog:.1f} ({self.sentences} sentences, {self.words} words)"


# Numbers read as one word each: "2.0", "1,200" and "10%" are not sentence ends or extra words.
_NUMBER = re.compile(r"(?<=\d)[.,](?=\d)")
_SPACES = re.compile(r"\s+")


def prepare(text: str) -> str:
    """``text`` as the formulas should see it: numbers kept whole, one space between words,
    and a full stop after a last sentence that has none.

    >>> prepare("Drink about 2.0 L a day")
    'Drink about 20 L a day.'
    """
    text = _SPACES.sub(" ", _NUMBER.sub("", text)).strip()
    if text and text[-1] not in ".!?":
        text += "."
    return text


def join(texts) -> str:
    """Many short texts (rows of a table, items of a ";"-list) as one passage of sentences."""
    return " ".join(prepare(t) for t in texts if t and t.strip())


def measure(text: str) -> Reading:
    """FK grade and SMOG of ``text`` (prepared as in :func:`prepare`).

    >>> measure("A cramp is a sudden, tight pain in a muscle. It often comes at night.").fk < 4
    True
    """
    text = prepare(text)
    if not text:
        return Reading(0.0, 0.0, 0, 0)
    return Reading(float(textstat.flesch_kincaid_grade(text)), float(textstat.smog_index(text)),
                   int(textstat.sentence_count(text)), int(textstat.lexicon_count(text)))


# ------------------------------------------------------------------ notebook prose

_FENCE = re.compile(r"```.*?```|~~~.*?~~~", re.S)
_HTML = re.compile(r"<[^>]+>")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_CODE = re.compile(r"`[^`]*`")
_MATH = re.compile(r"\$\$.*?\$\$|\$[^$\n]+\$", re.S)
_LIST_MARK = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_EMPHASIS = re.compile(r"[*_]{1,3}")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])")
# A bracketed list of source ids ("[nhs_pad, allen2012_aafp]") is a reference, not prose.
_ID_LIST = re.compile(r"\[\s*[a-z0-9_]+(?:\s*,\s*[a-z0-9_]+)*\s*\]")
#: Headings that start a list of sources: what follows, to the next heading, is not prose.
REFERENCE_HEADINGS = ("references", "sources", "further reading")


def markdown_prose(markdown: str) -> str:
    """The sentences a reader meets in ``markdown``: no code, link addresses, images' paths,
    tables, headings, HTML tags, reference lists or bracketed lists of source ids; each list
    item is its own sentence.

    >>> markdown_prose("# Title\\n\\nStretch **gently**. See [the NHS](https://x.org).\\n\\n| a | b |\\n|---|---|")
    'Stretch gently. See the NHS.'
    """
    markdown = _ID_LIST.sub(" ", _ESCAPE.sub(r"\1", _FENCE.sub(" ", markdown)))
    kept, in_references = [], False
    for line in markdown.splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            in_references = stripped.lstrip("#").strip().lower().startswith(REFERENCE_HEADINGS)
            continue
        if in_references or stripped.startswith("|"):
            continue
        stripped = _LIST_MARK.sub("", stripped)
        if not stripped:
            kept.append("")
            continue
        if _LIST_MARK.match(line) and kept and kept[-1]:
            kept.append("")  # a list item is a sentence of its own
        kept.append(stripped.lstrip("> "))
    paragraphs = [" ".join(p.split("\n")) for p in "\n".join(kept).split("\n\n")]
    out = []
    for paragraph in paragraphs:
        text = _HTML.sub(" ", _MATH.sub(" ", _CODE.sub(" ", paragraph)))
        text = _EMPHASIS.sub("", _LINK.sub(r"\1", _IMAGE.sub(r"\1", text)))
        text = _SPACES.sub(" ", text).strip()
        if re.search(r"[A-Za-z]{2}", text):
            out.append(prepare(text))
    return " ".join(out)


def notebook_prose(path: Path) -> str:
    """The markdown prose of the notebook at ``path`` (code cells left out)."""
    cells = json.loads(Path(path).read_text(encoding="utf-8"))["cells"]
    return " ".join(markdown_prose("".join(c["source"])) for c in cells if c["cell_type"] == "markdown")
