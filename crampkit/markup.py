"""HTML escaped by default, for every page crampkit's widgets build (issue 27).

:class:`Html` is markupsafe's ``Markup``: its ``format``, ``join``, ``+`` and ``%`` escape
every value that is not already ``Html``, so typed text can never become a tag or break out
of an attribute. Widgets build HTML only with :func:`html_of` (a template written in the
code) and :func:`html_join`; :func:`crampkit_html` takes HTML that one of crampkit's own
builders made (checked by ``tests/widgets/test_escaping.py``, which reads every widget module).

A module of its own (floor 3: plain Python, markupsafe and the one sentence filler of
:mod:`crampkit.content`), so the report and the command line can use the same escaping as the
widgets.

>>> html_of("<li>{}</li>", "<script>alert(1)</script> & 'you'")
Html('<li>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#x27;you&#x27;</li>')
"""
from __future__ import annotations

import html

from markupsafe import Markup


class Html(Markup):
    """HTML safe to show: markupsafe's ``Markup``, whose ``format``, ``join``, ``+`` and ``%``
    escape every value that is not already ``Html`` (or another ``Markup``).

    It escapes as :func:`html.escape` does (``&#x27;`` and ``&quot;``; markupsafe's own
    ``escape`` writes ``&#39;`` and ``&#34;``, which show the same), so every page reads
    byte for byte as it did before crampkit used markupsafe.

    >>> Html.escape("<b>Tom's</b>")
    Html('&lt;b&gt;Tom&#x27;s&lt;/b&gt;')
    >>> Html("<b>{}</b>").format(Html("<i>kept</i>"))
    Html('<b><i>kept</i></b>')
    """

    __slots__ = ()

    @classmethod
    def escape(cls, s) -> Html:
        if hasattr(s, "__html__"):  # already HTML (Html, Markup or a Jinja2 result): kept
            return cls(s.__html__())
        return cls(html.escape(str(s)))


def html_of(template: str, /, *args, **values) -> Html:
    """``template`` (HTML written in crampkit's code) with ``{}`` fields filled by ``values``,
    each escaped unless it is already :class:`Html` (``tests/widgets/test_escaping.py`` checks that
    every template in a widget module is a string written in the code)."""
    return Html(template).format(*args, **values)


def html_join(parts, separator: str = "") -> Html:
    """``parts`` one after another (``separator`` between them), each escaped unless it is
    already :class:`Html`.

    >>> html_join(["<a>", html_of("<b>{}</b>", 1)], ", ")
    Html('&lt;a&gt;, <b>1</b>')
    """
    return Html(separator).join(parts)


def html_fill(words: str, /, **values) -> Html:
    """A table's ``words`` (plain text) escaped, each ``{name}`` filled in one pass with its
    value, escaped unless it is already :class:`Html` (such as linked source names): the one
    filler, :func:`crampkit.content.fill`.

    >>> html_fill("<{who}> read {sources}", who="Tom's", sources=html_of("<a>{}</a>", "1"))
    Html('&lt;Tom&#x27;s&gt; read <a>1</a>')
    """
    from crampkit.content import fill

    return Html(fill(words, escape_with=Html.escape, **values))


def crampkit_html(text: str) -> Html:
    """HTML that one of crampkit's own builders made, with every value already escaped there
    (a source list from ``widgets.citations``, a banner from ``widgets.banners``, an SVG from
    ``crampkit.pictures`` or ``plots.svg``), to put into :func:`html_of` as it is.

    Never for typed text: ``tests/widgets/test_escaping.py`` fails unless every call hands it the
    result of one of the builders it names, each with why it is safe.
    """
    return Html(text)
