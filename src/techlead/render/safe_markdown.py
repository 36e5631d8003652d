"""Markdown from repositories (ADRs) turned into HTML that cannot run anything.

markdown-it-py renders CommonMark with raw HTML disabled (it comes out as text), then
nh3 (ammonia) keeps only harmless tags and attributes and only http, https and mailto
links, so ``javascript:`` URLs, event handlers and ``<script>`` never reach the page.
"""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

_MD = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "li", "ol", "p", "pre", "strong", "table", "tbody", "td", "th", "thead",
    "tr", "ul",
}  # fmt: skip


def markdown_to_html(text: str) -> Markup:
    """Markdown from a repository as HTML that is safe to put in a page."""
    return Markup(
        nh3.clean(
            _MD.render(text),
            tags=_TAGS,
            attributes={"a": {"href", "title"}, "th": {"align"}, "td": {"align"}},
            url_schemes={"http", "https", "mailto"},
            link_rel="noopener noreferrer nofollow",
        )
    )
