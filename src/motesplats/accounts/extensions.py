"""What other apps add to the "Mitt konto" page. Apps register in their AppConfig.ready().

Each registered section whose `data(user)` is not empty is rendered from its `template` with `section.data`:

    from motesplats.accounts.extensions import ProfileSection, profile_sections
    profile_sections.register(ProfileSection("datasharing", "datasharing/_profile_tasks.html", my_tasks))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from motesplats.common.extensions import ExtensionPoint


@dataclass(frozen=True)
class ProfileSection:
    key: str
    template: str
    data: Callable[[Any], Any]


@dataclass(frozen=True)
class FilledSection:
    key: str
    template: str
    data: Any


profile_sections: ExtensionPoint[ProfileSection] = ExtensionPoint("profile sections")


def fill_sections(user: Any) -> list[FilledSection]:
    filled = []
    for section in profile_sections:
        data = section.data(user)
        if data:
            filled.append(FilledSection(section.key, section.template, data))
    return filled
