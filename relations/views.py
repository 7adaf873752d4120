"""Analyst pages and exports: parse the query string, call selectors, render.

Every page runs a fixed number of queries. Filters live in the query string, so every view
is a shareable URL, and its CSV/JSON links carry the same query string.
"""

import datetime

from django import forms
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from . import charts, exports, selectors
from .cache import cached_page
from .models import Country

PAGE_SIZE = 50
PARTNER_PAGE_SIZE = 25
# Query parameters that are navigation, not filters: dropped from export links.
PAGE_PARAMS = ("page", "mpage", "apage", "ppage", "spage", "fpage")


# Pages only read; RELATIONS_REQUIRE_LOGIN is enforced by relations.access middleware.
analyst_view = require_safe


# --- Query-string helpers ---------------------------------------------------------------


def _query(request, drop=PAGE_PARAMS, **extra) -> str:
    """The current query string without navigation parameters, plus ``extra``."""
    params = request.GET.copy()
    for name in drop:
        params.pop(name, None)
    for name, value in extra.items():
        if value is None:
            params.pop(name, None)
        else:
            params[name] = value
    return params.urlencode()


def _export_links(request, dataset: str, **extra) -> dict[str, str]:
    query = _query(request, drop=(*PAGE_PARAMS, "partner"), **extra)
    query = f"?{query}" if query else ""
    return {
        fmt: reverse("relations:export", args=[dataset, fmt]) + query for fmt in ("csv", "json")
    }


def _sort_headers(request, filterset, default: str = "") -> dict[str, dict]:
    """For each sortable column, the URL that sorts by it (toggling direction)."""
    current = request.GET.get("sort", default) or default
    headers = {}
    for param, _label in filterset.filters["sort"].param_map.items():
        if current == param:
            target, state = f"-{param}", "ascending"
        elif current == f"-{param}":
            target, state = param, "descending"
        else:
            target, state = (f"-{param}" if param in _DESCENDING_FIRST else param), ""
        headers[param] = {"url": "?" + _query(request, sort=target), "state": state}
    return headers


# Columns an analyst wants biggest or newest first on the first click.
_DESCENDING_FIRST = {
    "date",
    "value",
    "year",
    "claimed",
    "meetings",
    "agreements",
    "metrics",
    "last_contact",
}


def _page(request, qs, param: str = "page", size: int = PAGE_SIZE):
    page = Paginator(qs, size).get_page(request.GET.get(param))
    page.query_prefix = "?" + _query(request, drop=(param,))
    page.param = param
    return page


# --- Overview ---------------------------------------------------------------------------


class PeriodForm(forms.Form):
    """The overview's period: two optional dates."""

    since = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            raise forms.ValidationError("The start of the period is after its end.")
        return cleaned


def _period_presets(today: datetime.date) -> list[dict]:
    year = today.year
    presets = [
        ("Last 12 months", today - datetime.timedelta(days=365), None),
        (str(year), datetime.date(year, 1, 1), datetime.date(year, 12, 31)),
        (str(year - 1), datetime.date(year - 1, 1, 1), datetime.date(year - 1, 12, 31)),
        ("All time", None, None),
    ]
    return [
        {
            "label": label,
            "query": "&".join(
                f"{name}={value.isoformat()}"
                for name, value in (("since", since), ("until", until))
                if value
            ),
        }
        for label, since, until in presets
    ]


@analyst_view
@cached_page
def home(request):
    form = PeriodForm(request.GET or None)
    since = until = None
    if form.is_bound and form.is_valid():
        since, until = form.cleaned_data["since"], form.cleaned_data["until"]
    valid = not form.is_bound or form.is_valid()
    partners = selectors.partner_engagement(since=since, until=until) if valid else []
    query = _query(request)
    context = {
        "form": form,
        "since": since,
        "until": until,
        "presets": _period_presets(datetime.date.today()),
        "current_query": query,
        "counts": selectors.overview_counts(since=since, until=until) if valid else {},
        "partners": partners,
        "engagement_figure": charts.engagement_figure(partners),
        "meetings": selectors.latest_meetings(since=since, until=until) if valid else [],
        "agreements": selectors.latest_agreements(since=since, until=until) if valid else [],
        "period_query": _period_filter_query(since, until),
    }
    return render(request, "relations/home.html", context)


def _period_filter_query(since, until) -> str:
    parts = []
    if since:
        parts.append(f"date_from={since.isoformat()}")
    if until:
        parts.append(f"date_to={until.isoformat()}")
    return "&".join(parts)


@analyst_view
def search(request):
    q = (request.GET.get("q") or "").strip()[:200].replace("\x00", "")
    results = selectors.search(q=q) if q else None
    return render(request, "relations/search.html", {"q": q, "results": results})


# --- Partners ---------------------------------------------------------------------------


@analyst_view
@cached_page
def country_list(request):
    filterset = selectors.partner_table(data=request.GET)
    page = _page(request, selectors.filtered(filterset), size=100)
    page.object_list = selectors.label_partners(page.object_list)
    context = {
        "filter": filterset,
        "page": page,
        "sort_headers": _sort_headers(request, filterset, default="-meetings"),
        "export": _export_links(request, "countries"),
    }
    return render(request, "relations/country_list.html", context)


def _partner(code: str) -> Country:
    if len(code) != 3 or not code.isalpha():
        raise Http404("No such country code.")
    return get_object_or_404(Country.objects.partners(), code=code.upper())


@analyst_view
@cached_page
def country_detail(request, code):
    if code != code.upper():
        target = reverse("relations:country-detail", args=[code.upper()])
        query = request.GET.urlencode()
        return redirect(f"{target}?{query}" if query else target, permanent=True)
    country = _partner(code)
    data = request.GET.copy()
    for name in ("partner", "sort", "kind"):
        data.pop(name, None)
    meeting_filter = selectors.meeting_filter(data=data, partner=country)
    agreement_filter = selectors.agreement_filter(data=data, partner=country)
    meetings = selectors.filtered(meeting_filter)
    agreements = selectors.filtered(agreement_filter)
    valid = selectors.filters_ok(meeting_filter) and selectors.filters_ok(agreement_filter)
    if not valid:
        meetings, agreements = meetings.none(), agreements.none()

    timeline = selectors.timeline(meetings=meetings, agreements=agreements)
    claim_page = _page(
        request, selectors.partner_claims(country=country), "fpage", PARTNER_PAGE_SIZE
    )
    claim_page.object_list = selectors.label_metrics(claim_page.object_list)
    trade_claims = selectors.trade_claims(country=country)
    meeting_page = _page(request, selectors.meeting_rows(meetings), "mpage", PARTNER_PAGE_SIZE)
    meeting_page.object_list = selectors.label_dated(meeting_page.object_list)
    agreement_page = _page(
        request, selectors.agreement_rows(agreements), "apage", PARTNER_PAGE_SIZE
    )
    agreement_page.object_list = selectors.label_dated(agreement_page.object_list)
    people_page = _page(request, selectors.people_queryset(partner=country), "ppage", 20)
    people_page.object_list = selectors.label_people(people_page.object_list, country)
    article_page = _page(request, selectors.article_queryset(partner=country), "spage", 20)
    article_page.object_list = selectors.label_articles(article_page.object_list)
    record_type = (
        meeting_filter.form.cleaned_data.get("type") if meeting_filter.is_bound and valid else ""
    )
    partner_query = {"partner": country.code}
    context = {
        "country": country,
        "summary": selectors.partner_summary(country=country),
        "filter": meeting_filter,
        "errors": _merged_errors(meeting_filter, agreement_filter),
        "is_filtered": any(v for k, v in data.items() if k not in PAGE_PARAMS),
        "record_type": record_type,
        "timeline": timeline,
        "timeline_figure": charts.timeline_figure(timeline),
        "claim_page": claim_page,
        "all_claims_url": reverse("relations:metric-list") + f"?partner={country.code}",
        "trade_figure": charts.trade_figure(trade_claims),
        "undrawn_claims": claim_page.paginator.count - len(trade_claims),
        "has_trade": bool(trade_claims),
        "meeting_page": meeting_page,
        "agreement_page": agreement_page,
        "people_page": people_page,
        "article_page": article_page,
        "export_meetings": _export_links(request, "meetings", **partner_query),
        "export_agreements": _export_links(request, "agreements", **partner_query),
        "export_metrics": _partner_export(country, "metrics"),
        "export_people": _partner_export(country, "people"),
        "export_articles": _partner_export(country, "articles"),
    }
    return render(request, "relations/country_detail.html", context)


def _partner_export(country: Country, dataset: str) -> dict[str, str]:
    return {
        fmt: reverse("relations:export", args=[dataset, fmt]) + f"?partner={country.code}"
        for fmt in ("csv", "json")
    }


def _merged_errors(*filtersets) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for filterset in filtersets:
        if not filterset.is_bound:
            continue
        for name, messages in filterset.form.errors.items():
            label = filterset.form.fields[name].label if name in filterset.form.fields else name
            for message in messages:
                errors.setdefault(label or name, [])
                if message not in errors[label or name]:
                    errors[label or name].append(message)
    return errors


# --- Lists ------------------------------------------------------------------------------


def _list_view(request, dataset: str, filterset, rows, labeller, template: str):
    page = _page(request, rows(selectors.filtered(filterset)))
    page.object_list = labeller(page.object_list)
    context = {
        "filter": filterset,
        "errors": _merged_errors(filterset),
        "page": page,
        "sort_headers": _sort_headers(request, filterset),
        "export": _export_links(request, dataset),
        "is_filtered": any(v for k, v in request.GET.items() if k not in PAGE_PARAMS),
    }
    return render(request, template, context)


@analyst_view
@cached_page
def meeting_list(request):
    filterset = selectors.meeting_filter(data=request.GET)
    return _list_view(
        request,
        "meetings",
        filterset,
        selectors.meeting_rows,
        selectors.label_dated,
        "relations/meeting_list.html",
    )


@analyst_view
@cached_page
def agreement_list(request):
    filterset = selectors.agreement_filter(data=request.GET)
    return _list_view(
        request,
        "agreements",
        filterset,
        selectors.agreement_rows,
        selectors.label_dated,
        "relations/agreement_list.html",
    )


@analyst_view
@cached_page
def metric_list(request):
    filterset = selectors.metric_filter(data=request.GET)
    return _list_view(
        request,
        "metrics",
        filterset,
        selectors.metric_rows,
        selectors.label_metrics,
        "relations/metric_list.html",
    )


# --- Records and articles ---------------------------------------------------------------


def _record(request, record, kind: str):
    if record is None:
        raise Http404("No such record.")
    return render(request, "relations/record_detail.html", {"record": record, "kind": kind})


@analyst_view
def meeting_detail(request, pk):
    return _record(request, selectors.meeting_detail(pk=pk), "meeting")


@analyst_view
def agreement_detail(request, pk):
    return _record(request, selectors.agreement_detail(pk=pk), "agreement")


@analyst_view
def metric_detail(request, pk):
    return _record(request, selectors.metric_detail(pk=pk), "metric")


@analyst_view
def article_detail(request, pk):
    found = selectors.article_detail(pk=pk)
    if found is None:
        raise Http404("No such article.")
    article, segments, evidence = found
    article.published_label = selectors.date_label(article.published)
    context = {"article": article, "segments": segments, "evidence": evidence}
    return render(request, "relations/article_detail.html", context)


# --- Exports ----------------------------------------------------------------------------


@analyst_view
def export(request, dataset, fmt):
    if dataset not in exports.DATASETS:
        raise Http404("No such export.")
    filterset = exports.filterset_for(dataset, request.GET)
    if not selectors.filters_ok(filterset):
        # A wrong filter must not export more rows than the analyst asked for.
        message = "; ".join(
            f"{name}: {' '.join(errors)}" for name, errors in filterset.form.errors.items()
        )
        return HttpResponse(
            f"Invalid filter: {message}\n", status=400, content_type="text/plain; charset=utf-8"
        )
    rows = exports.export_rows(dataset, filterset.qs)
    spec = exports.DATASETS[dataset]
    base_url = request.build_absolute_uri("/")
    stamp = datetime.date.today().isoformat()
    if fmt == "json":
        response = StreamingHttpResponse(
            exports.json_chunks(spec, rows, base_url=base_url),
            content_type="application/json; charset=utf-8",
        )
    else:
        bom = request.GET.get("bom") in {"1", "true", "yes"}
        lines = (
            exports.fast_csv_lines(filterset.qs, bom=bom, base_url=base_url)
            if exports.fast_csv_available(dataset)
            else exports.csv_lines(spec, rows, bom=bom, base_url=base_url)
        )
        response = StreamingHttpResponse(
            lines,
            content_type="text/csv; charset=utf-8",
        )
    response["Content-Disposition"] = f'attachment; filename="{dataset}-{stamp}.{fmt}"'
    return response
