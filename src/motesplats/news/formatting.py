"""Safe formatting of news posts: Markdown to HTML, then sanitised with nh3 (Ammonia) to a short allow-list.

>>> render_markdown("**Hej** <script>alert(1)</script>")
'<p><strong>Hej</strong> </p>'
>>> render_markdown("[länk](javascript:alert(1))")
'<p><a rel="noopener noreferrer nofollow">länk</a></p>'
"""

from __future__ import annotations

import markdown
import nh3

TAGS = {"p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre", "h2", "h3", "h4", "hr"}
ATTRIBUTES = {"a": {"href", "title"}}


def render_markdown(text: str) -> str:
    html = markdown.markdown(text or "", extensions=["sane_lists"], output_format="html")
    return nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes={"http", "https", "mailto"},
                     link_rel="noopener noreferrer nofollow")
