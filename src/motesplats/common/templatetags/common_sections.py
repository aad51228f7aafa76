"""`{% page_sections "project" project %}`: the sections other apps register for a page (common.sections)."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from motesplats.common.sections import sections_for

register = template.Library()


@register.simple_tag(takes_context=True)
def page_sections(context: Any, page: str, obj: Any = None) -> SafeString:
    request = context.get("request")
    user = getattr(request, "user", None)
    parts = [render_to_string(section.template, {"section": data, "object": obj, "user": user}, request=request)
             for section, data in sections_for(page, obj, user)]
    return mark_safe("".join(parts))  # noqa: S308 -- rendered templates, escaped by the template engine
