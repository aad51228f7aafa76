from django import template

from motesplats.datasharing.labels import step_label as _step_label

register = template.Library()


@register.filter
def step_label(action: str) -> str:
    return _step_label(action)
