"""A figure of insight: categories, one or more series of numbers, and the three ways it is shown.

The same `Figure` feeds the chart on the page (Chart.js, `chart_config`), the table that is its text
alternative (`table_rows`), the CSV download (`csv_rows`) and the picture in the PDF report (`charts.svg`).

>>> f = Figure(key="demo", title="Projekt", summary="Två år.", category_label="År",
...            categories=["2024", "2025"], series=[Series("Pågående", [3, 5]), Series("Avslutade", [1, 0])],
...            chart="stacked")
>>> f.header
['År', 'Pågående', 'Avslutade']
>>> f.table_rows
[['2024', 3, 1], ['2025', 5, 0]]
>>> f.is_empty
False
>>> f.chart_config()["type"], f.chart_config()["options"]["scales"]["x"]["stacked"]
('bar', True)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

ChartKind = Literal["bar", "stacked", "hbar", "hstacked", "line"]

# Colours that keep a 3:1 contrast against white (WCAG 1.4.11) and stay apart for common colour blindness
# (Okabe–Ito, darkened where needed). The table beside each chart carries the same figures as text.
PALETTE = ("#0b5cad", "#b35900", "#1d7a4d", "#8a3b8f", "#5c5c5c", "#a3281f", "#00728f", "#6b5a00")


@dataclass(frozen=True)
class Series:
    label: str
    values: list[float | int]
    kind: Literal["bar", "line"] = "bar"  # a line over bars (e.g. organisations taking part) in a bar chart
    percent: bool = False  # values are shares 0-100: the table shows "%"


@dataclass(frozen=True)
class Figure:
    key: str  # also the CSV's file name: /insight/<key>.csv
    title: str
    summary: str  # one sentence that says what the picture shows: the chart's accessible description
    category_label: str
    categories: list[str]
    series: list[Series]
    chart: ChartKind = "bar"
    note: str = ""  # how the figures are counted
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def header(self) -> list[str]:
        return [self.category_label, *(s.label for s in self.series)]

    @property
    def table_rows(self) -> list[list[Any]]:
        return [[category, *(s.values[i] for s in self.series)] for i, category in enumerate(self.categories)]

    @property
    def is_horizontal(self) -> bool:
        return self.chart in ("hbar", "hstacked")

    @property
    def is_empty(self) -> bool:
        return not self.categories or not any(v for s in self.series for v in s.values)

    def csv_rows(self) -> list[list[Any]]:
        return [self.header, *self.table_rows]

    def chart_config(self) -> dict[str, Any]:
        """The Chart.js configuration (data and options only: `insight.js` adds nothing but behaviour)."""
        horizontal = self.is_horizontal
        stacked = self.chart in ("stacked", "hstacked")
        datasets = []
        for i, series in enumerate(self.series):
            colour = PALETTE[i % len(PALETTE)]
            dataset: dict[str, Any] = {"label": series.label, "data": series.values, "backgroundColor": colour,
                                       "borderColor": colour}
            if series.kind == "line" or self.chart == "line":
                dataset.update(type="line", fill=False, borderWidth=3, pointRadius=4, tension=0)
                if self.chart != "line":
                    dataset.update(yAxisID="y2", order=-1)
            datasets.append(dataset)
        index_axis, value_axis = ("y", "x") if horizontal else ("x", "y")
        scales: dict[str, Any] = {
            index_axis: {"stacked": stacked, "ticks": {"color": "#1a1a1a"}},
            value_axis: {"stacked": stacked, "beginAtZero": True, "ticks": {"color": "#1a1a1a", "precision": 0},
                         "grid": {"color": "#d0d0d0"}},
        }
        if any(s.kind == "line" for s in self.series) and self.chart != "line":
            scales["y2"] = {"position": "right", "beginAtZero": True, "grid": {"drawOnChartArea": False},
                            "ticks": {"color": "#1a1a1a", "precision": 0}}
        if any(s.percent for s in self.series) and self.chart != "line":
            scales["y2"] = {**scales.get("y2", {"position": "right", "grid": {"drawOnChartArea": False}}),
                            "min": 0, "max": 100, "ticks": {"color": "#1a1a1a"}}
        return {
            "type": "line" if self.chart == "line" else "bar",
            "data": {"labels": self.categories, "datasets": datasets},
            "options": {
                "indexAxis": index_axis, "responsive": True, "maintainAspectRatio": False, "animation": False,
                "layout": {"padding": {"top": 8, "right": 4}},
                "scales": scales,
                "plugins": {"legend": {"position": "bottom", "labels": {"color": "#1a1a1a"}}},
            },
        }
