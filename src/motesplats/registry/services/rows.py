"""What the bulk services share: checking many new rows at once, and linking many-to-many rows in bulk."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

CHUNK = 500  # rows per query where a list of keys or ids is sent to the database


class RowErrors:
    """The problems of each row of a bulk write, by row index; raised together before anything is written."""

    def __init__(self, rows: int) -> None:
        self.rows = rows
        self.errors: dict[int, dict[str, list[Any]]] = {}

    def add(self, index: int, error: ValidationError) -> None:
        error.update_error_dict(self.errors.setdefault(index, {}))

    def clean(self, index: int, instance: models.Model, *, exclude: Sequence[str] = ()) -> None:
        """The model's own field checks, without a query: related rows and uniqueness are checked apart."""
        try:
            instance.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            self.add(index, error)

    def unique(self, model: type[models.Model], field: str, values: Sequence[Any]) -> None:
        """Each non-empty value once among the rows and not yet in the table (one query per CHUNK values)."""
        present = [(index, value) for index, value in enumerate(values) if value not in (None, "")]
        taken: set[Any] = set()
        distinct = list(dict.fromkeys(value for _index, value in present))
        for start in range(0, len(distinct), CHUNK):
            chunk = distinct[start:start + CHUNK]
            taken |= set(model._default_manager.filter(**{f"{field}__in": chunk}).values_list(field, flat=True))
        repeated = {value for value, count in Counter(value for _index, value in present).items() if count > 1}
        for index, value in present:
            if value in taken or value in repeated:
                self.add(index, ValidationError({field: model(**{field: value}).unique_error_message(model, (field,))}))

    def unique_ci(self, rows: models.QuerySet[Any], field: str, values: Sequence[str], message: Any) -> None:
        """`unique` for a text compared case-insensitively (values given in lower case)."""
        from django.db.models.functions import Lower

        present = [(index, value.lower()) for index, value in enumerate(values) if value]
        distinct = list(dict.fromkeys(value for _index, value in present))
        taken: set[str] = set()
        for start in range(0, len(distinct), CHUNK):
            taken |= set(rows.annotate(_ci=Lower(field))
                         .filter(_ci__in=distinct[start:start + CHUNK]).values_list("_ci", flat=True))
        repeated = {value for value, count in Counter(value for _index, value in present).items() if count > 1}
        for index, value in present:
            if value in taken or value in repeated:
                self.add(index, ValidationError({field: message}))

    def raise_if_any(self) -> None:
        if not self.errors:
            return
        if self.rows == 1:
            raise ValidationError(self.errors[0])
        raise ValidationError([
            _("rad %(row)d: %(problems)s") % {"row": index + 1,
                                              "problems": "; ".join(ValidationError(errors).messages)}
            for index, errors in sorted(self.errors.items())])


def link(model: type[models.Model], name: str, pairs: Iterable[tuple[int, int]]) -> None:
    """Insert the rows of the many-to-many field `name` (source id, target id) in bulk, each pair once."""
    field: Any = model._meta.get_field(name)
    through = field.remote_field.through
    source, target = field.m2m_column_name(), field.m2m_reverse_name()
    through.objects.bulk_create([through(**{source: a, target: b}) for a, b in dict.fromkeys(pairs)],
                                batch_size=CHUNK)
