"""What other apps store about a person, for the GDPR export (art. 15 and 20) and erasure (art. 17).

An app that stores personal data registers one `PersonalData` in its AppConfig.ready(), with both halves,
so that nothing can be exported and then forgotten at erasure:

    from motesplats.accounts.personal_data import PersonalData, personal_data
    personal_data.register(PersonalData("events", export=gdpr_export_hook, erase=gdpr_anonymise_hook))

    export(user, person) -> dict   the app's part of the export, keyed by section name
    erase(user, person) -> None    removes or anonymises the app's data; runs in the erasure's transaction

`person` is the registry's person of the account, or None. The entries run in registration order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from motesplats.common.extensions import ExtensionPoint


@dataclass(frozen=True)
class PersonalData:
    key: str
    export: Callable[[Any, Any], dict[str, Any]]
    erase: Callable[[Any, Any], None]


personal_data: ExtensionPoint[PersonalData] = ExtensionPoint("personal data")
