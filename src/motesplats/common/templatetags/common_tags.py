from django import template
from django.http import QueryDict

register = template.Library()


@register.simple_tag(takes_context=True)
def query_replace(context: dict[str, object], **changes: object) -> str:
    """The current query string with some parameters replaced (pagination keeps the filters)."""
    request = context["request"]
    query: QueryDict = request.GET.copy()  # type: ignore[attr-defined]
    for key, value in changes.items():
        query[key] = str(value)
    return query.urlencode()
