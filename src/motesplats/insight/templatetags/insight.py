from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    """A dictionary's value by a key that is itself a variable: `pictures|get_item:figure.key`."""
    return mapping.get(key) if mapping else None
