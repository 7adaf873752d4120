"""Plotly figure builders: plain dicts that plotly.js draws (static/js/charts.js).

Figures are built as dicts rather than plotly.graph_objects: validation by the Python
library adds a second of start-up and nothing the tests do not already check. Every chart
is also rendered as a table by its template, so the data reads without JavaScript.
"""

import datetime
from collections import defaultdict
from decimal import Decimal

from .models import Country, Metric
from .selectors import TRADE_INDICATORS

PALETTE = [
    "#0b7285",
    "#1c7ed6",
    "#5f3dc4",
    "#c2255c",
    "#e8590c",
    "#2b8a3e",
    "#862e9c",
    "#495057",
    "#a61e4d",
]
PLANNED_COLOUR = "#adb5bd"
SIGNED_COLOUR = "#d9480f"
INDICATOR_COLOURS = {
    Metric.Indicator.TRADE_TURNOVER: "#0b7285",
    Metric.Indicator.EXPORTS: "#2b8a3e",
    Metric.Indicator.IMPORTS: "#e8590c",
    Metric.Indicator.INVESTMENT_INFLOW: "#5f3dc4",
    Metric.Indicator.INVESTMENT_OUTFLOW: "#c2255c",
}
FONT = {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "size": 13}


def _layout(**extra) -> dict:
    layout = {
        "font": FONT,
        "margin": {"l": 56, "r": 16, "t": 16, "b": 40},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "legend": {"orientation": "h", "y": -0.18, "x": 0},
        "hovermode": "closest",
    }
    layout.update(extra)
    return layout


def engagement_figure(partners: list[Country]) -> dict:
    """Horizontal stacked bars: meetings and agreements per partner, most engaged on top."""
    ranked = list(reversed(partners))
    names = [country.name for country in ranked]
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "name": "Meetings",
                "y": names,
                "x": [country.meeting_count for country in ranked],
                "marker": {"color": PALETTE[0]},
                "hovertemplate": "%{y}: %{x} meetings<extra></extra>",
            },
            {
                "type": "bar",
                "orientation": "h",
                "name": "Agreements",
                "y": names,
                "x": [country.agreement_count for country in ranked],
                "marker": {"color": SIGNED_COLOUR},
                "hovertemplate": "%{y}: %{x} agreements<extra></extra>",
            },
        ],
        "layout": _layout(
            barmode="stack",
            height=max(260, 28 * len(names) + 90),
            margin={"l": 140, "r": 16, "t": 8, "b": 40},
            xaxis={"title": {"text": "Records in the period"}, "rangemode": "tozero"},
            yaxis={"automargin": True},
            legend={
                "orientation": "h",
                "y": 1.02,
                "yanchor": "bottom",
                "x": 0,
                "traceorder": "normal",
            },
        ),
    }


def timeline_figure(timeline: dict) -> dict:
    """Monthly bars: meetings by status and format above, agreements below, one time axis."""
    months = [b.month.isoformat() for b in timeline["bins"]]
    traces = []
    held_index = 0
    for name in timeline["series"]:
        is_agreement = name.startswith("Agreements")
        if name in ("Planned meetings", "Agreements planned"):
            marker = {"color": PLANNED_COLOUR, "pattern": {"shape": "/"}}
        elif name == "Agreements signed":
            marker = {"color": SIGNED_COLOUR}
        else:
            marker = {"color": PALETTE[held_index % len(PALETTE)]}
            held_index += 1
        traces.append(
            {
                "type": "bar",
                "name": name,
                "x": months,
                "y": [b.counts.get(name, 0) for b in timeline["bins"]],
                "xperiod": "M1",
                "xperiodalignment": "middle",
                "yaxis": "y2" if is_agreement else "y",
                "marker": marker,
                "hovertemplate": f"%{{x|%b %Y}}: %{{y}} × {name}<extra></extra>",
            }
        )
    meeting_max = (
        max(
            (sum(n for k, n in b.counts.items() if not k.startswith("Agreements")))
            for b in timeline["bins"]
        )
        if timeline["bins"]
        else 0
    )
    agreement_max = (
        max(
            (sum(n for k, n in b.counts.items() if k.startswith("Agreements")))
            for b in timeline["bins"]
        )
        if timeline["bins"]
        else 0
    )
    return {
        "data": traces,
        "layout": _layout(
            barmode="stack",
            height=380,
            xaxis={"type": "date", "anchor": "y2", "ticklabelmode": "period"},
            yaxis={
                "title": {"text": "Meetings"},
                "domain": [0.4, 1],
                **_count_axis(meeting_max),
            },
            yaxis2={
                "title": {"text": "Agreements"},
                "domain": [0, 0.28],
                **_count_axis(agreement_max),
            },
            legend={"orientation": "h", "y": -0.12, "x": 0, "traceorder": "normal"},
            bargap=0.15,
        ),
    }


def _count_axis(largest: int) -> dict:
    """A count axis with whole-number ticks only."""
    axis = {"rangemode": "tozero", "tickformat": "d"}
    if largest <= 6:
        axis.update(dtick=1 if largest <= 3 else 2, range=[0, max(largest, 1) * 1.05])
    return axis


def is_annual_usd(metric: Metric) -> bool:
    """Whether a claim can be drawn on a yearly USD axis (not a cumulative or open period)."""
    single_year = metric.period_end is None or metric.period_end == metric.period_start
    return (
        metric.unit == "USD"
        and metric.period_start is not None
        and not metric.period_open
        and single_year
    )


def trade_figure(claims: list[Metric]) -> dict:
    """Every annual USD claim as its own point, per indicator; targets as open diamonds on
    dotted lines, apart from actuals. Disagreeing sources give several points in a year:
    nothing is averaged away."""
    groups: dict[tuple[str, str], list[Metric]] = defaultdict(list)
    for metric in claims:
        if is_annual_usd(metric) and metric.indicator in TRADE_INDICATORS:
            groups[(metric.indicator, metric.kind)].append(metric)
    labels = dict(Metric.Indicator.choices)
    years = [m.period_start for points in groups.values() for m in points]
    traces = []
    for indicator in TRADE_INDICATORS:
        for kind in (Metric.Kind.ACTUAL, Metric.Kind.TARGET):
            points = sorted(groups.get((indicator, kind), []), key=lambda m: m.period_start)
            if not points:
                continue
            colour = INDICATOR_COLOURS[indicator]
            is_target = kind == Metric.Kind.TARGET
            traces.append(
                {
                    "type": "scatter",
                    "mode": "lines+markers",
                    "name": f"{labels[indicator]}{' — target' if is_target else ''}",
                    "x": [m.period_start for m in points],
                    "y": [float(m.value / Decimal(10**6)) for m in points],
                    "text": [_source_text(m) for m in points],
                    "line": {"color": colour, "dash": "dot" if is_target else "solid", "width": 2},
                    "marker": {
                        "color": colour,
                        "size": 10 if is_target else 8,
                        "symbol": "diamond-open" if is_target else "circle",
                        "line": {"width": 2, "color": colour},
                    },
                    "hovertemplate": "%{x}: %{text}<extra>%{fullData.name}</extra>",
                }
            )
    first, last = (min(years), max(years)) if years else (None, None)
    for metric in claims:
        if is_undated_usd_target(metric) and metric.indicator in TRADE_INDICATORS:
            traces.append(_target_line(metric, first, last, labels[metric.indicator]))
    return {
        "data": traces,
        "layout": _layout(
            height=360,
            xaxis=_year_axis(years),
            yaxis={
                "title": {"text": "USD million"},
                "rangemode": "tozero",
                "tickformat": ",.0f",
            },
        ),
    }


def is_undated_usd_target(metric: Metric) -> bool:
    """A target in USD without a year ("raise trade to $700 million"): drawn as a level."""
    return metric.kind == Metric.Kind.TARGET and metric.unit == "USD" and not metric.period_start


def is_drawn(metric: Metric) -> bool:
    """Whether the trade chart shows this claim."""
    return metric.indicator in TRADE_INDICATORS and (
        is_annual_usd(metric) or is_undated_usd_target(metric)
    )


def _target_line(metric: Metric, first: int | None, last: int | None, label: str) -> dict:
    """A dashed level across the chart for a target that names no year."""
    colour = INDICATOR_COLOURS[metric.indicator]
    year = datetime.date.today().year
    first, last = first or year - 1, last or year
    value = float(metric.value / Decimal(10**6))
    return {
        "type": "scatter",
        "mode": "lines",
        "name": f"{label} — target, no year",
        "x": [first - 0.4, last + 0.4],
        "y": [value, value],
        "text": [_source_text(metric)] * 2,
        "line": {"color": colour, "dash": "dash", "width": 1.5},
        "hovertemplate": "Target: %{text}<extra>%{fullData.name}</extra>",
    }


def _year_axis(years: list[int]) -> dict:
    """Whole years as ticks; one tick a year when the span is short enough to read."""
    axis = {"tickformat": "d", "showgrid": False}
    if years and max(years) - min(years) <= 8:
        axis["dtick"] = 1
        axis["range"] = [min(years) - 0.6, max(years) + 0.6]
    return axis


def _source_text(metric: Metric) -> str:
    sources = [
        evidence.article.publisher or evidence.article.title[:40]
        for evidence in metric.evidence.all()
    ]
    source = ", ".join(dict.fromkeys(sources)) or "no source"
    return f"{metric.value_label} ({metric.get_qualifier_display().lower()}; {source})"
