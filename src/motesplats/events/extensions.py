"""What other apps add to the seminar pages. Apps register in their AppConfig.ready().

"Min dag" sections: after the participant's own registration, each registered section whose `data(day)` is
not empty is rendered from its `template`, which gets `day` and `section` (with `section.data`):

    from motesplats.events.extensions import MyDaySection, my_day_sections
    my_day_sections.register(MyDaySection("networking", "networking/_my_day.html", my_networking_of_day))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from motesplats.common.extensions import ExtensionPoint

if TYPE_CHECKING:
    from motesplats.events.selectors import MyDay


@dataclass(frozen=True)
class MyDaySection:
    key: str
    template: str
    data: Callable[[MyDay], Any]


@dataclass(frozen=True)
class FilledSection:
    key: str
    template: str
    data: Any


my_day_sections: ExtensionPoint[MyDaySection] = ExtensionPoint("my day sections")


def fill_sections(day: MyDay) -> list[FilledSection]:
    filled = []
    for section in my_day_sections:
        data = section.data(day)
        if data:
            filled.append(FilledSection(section.key, section.template, data))
    return filled
