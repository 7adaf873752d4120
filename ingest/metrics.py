"""Figures about Kazakhstan's relations with a partner: trade, investment, projects, flights.

Money in any common notation ("$2.2bn", "USD 3 billion", "exceeded 5 billion US dollars",
"1.5 trillion tenge", "€500 million") becomes a value in base units with an ISO currency
code; growth rates become separate percent metrics; counts of joint projects, flights and
tourists become count metrics. Each figure keeps the exact phrase it was read from.
"""

import re

from .context import ArticleContext
from .countries import HUB
from .records import MetricRecord, Span

# Never start inside a run of digits: otherwise a long digit string is retried from every
# position and matching grows with the square of its length.
_NUM = r"(?<![\d.,])(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\d+,\d{1,2}(?!\d))"
# Larger than any trade or investment figure (a quadrillion), and within what
# Metric.value (24 digits, 4 decimals) stores.
MAX_VALUE = 1e15
_SCALE = r"trillion|trln|tn|billion|bln|bn|million|mln|mn|m|thousand|k"
_SCALES = {
    "trillion": 1e12,
    "trln": 1e12,
    "tn": 1e12,
    "billion": 1e9,
    "bln": 1e9,
    "bn": 1e9,
    "million": 1e6,
    "mln": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "thousand": 1e3,
    "k": 1e3,
}
_PRE = r"US\$|USD|U\.S\.\s?\$|\$|EUR|€|£|GBP|¥|CNY|₸|KZT|RUB|₽"
_POST = (
    r"US dollars|U\.S\. dollars|American dollars|dollars|USD|euros?|EUR|tenge|KZT|yuan|CNY|"
    r"rubles?|roubles?|RUB|pounds? sterling|pounds|GBP|dirhams?|AED|yen|JPY|won|KRW|rupees|INR"
)
_CURRENCY = [
    ("USD", r"\$|usd|dollar"),
    ("EUR", r"€|eur"),
    ("GBP", r"£|gbp|pound"),
    ("KZT", r"₸|kzt|tenge"),
    ("CNY", r"¥|cny|yuan"),
    ("RUB", r"₽|rub|roubl"),
    ("AED", r"aed|dirham"),
    ("JPY", r"jpy|yen"),
    ("KRW", r"krw|won"),
    ("INR", r"inr|rupee"),
]
_MONEY = re.compile(
    rf"(?:(?P<pre>{_PRE})\s?(?P<n1>{_NUM})\s?(?P<s1>{_SCALE})?\b"
    rf"|(?P<n2>{_NUM})\s?(?P<s2>{_SCALE})?\s?(?P<post>{_POST})\b)",
    re.IGNORECASE,
)
_PERCENT = re.compile(rf"(?P<n>{_NUM})\s?(?:%|percent\b|per cent\b)", re.IGNORECASE)
_WORDS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
}
_COUNT = re.compile(
    rf"(?P<n>{_NUM}|{'|'.join(_WORDS)})(?:\s(?P<s>thousand|million))?\s+(?:new\s+|large\s+|major\s+)?"
    r"(?P<what>joint (?:investment |industrial )?projects|joint ventures|investment projects|"
    r"(?:industrial|infrastructure) projects|"
    r"projects(?=\s+(?:in|with)\s+(?:Kazakhstan|our country|the country)\b)|"
    r"projects with (?:[\w-]+ )?(?:capital|participation)|"
    r"projects with the participation of|"
    r"(?:direct |regular |weekly )?flights(?: (?:a|per) week)?|tourists|"
    r"(?:companies|enterprises|firms) with (?:[\w-]+ )?(?:capital|participation)|"
    r"(?-i:[A-Z][a-z]+) (?:companies|enterprises|firms)(?= (?:are |currently )*(?:operat|work|"
    r"present|active|registered))|projects)\b",
    re.IGNORECASE,
)
_INDICATORS = [
    (
        "trade_turnover",
        r"trade turnover|trade volume|volume of trade|mutual trade|bilateral trade|"
        r"trade between|foreign trade|trade with|commodity turnover|turnover|"
        r"trading partners?|\btrade\b",
    ),
    ("exports", r"export"),
    ("imports", r"import"),
    ("investment", r"invest|fdi"),
    ("tourists", r"tourists?\b|tourist arrivals|visitors"),
    ("joint_projects", r"joint (?:projects|ventures)|investment projects"),
    ("companies", r"(?:companies|enterprises|firms) (?:with|registered)"),
    ("flights", r"flights\b"),
]
_GROWTH = re.compile(
    r"\b(?:grew|grow|growth|increased|increase|rose|risen|up|decreased|declined|fell|down|"
    r"dropped|by|surged|jumped|expanded)\s*(?:(?:by|of)\s*)?$",
    re.IGNORECASE,
)
_TARGET = re.compile(
    r"\b(?:aim\w*|target\w*|goal|plan\w* to|intend\w*|seek\w*|to (?:bring|increase|raise|"
    r"boost|double|triple|reach|expand)|(?:task|goal|aim|objective) of (?:bringing|increasing|"
    r"raising|boosting|doubling|reaching)|expected to (?:reach|grow|exceed)|will (?:reach|"
    r"increase|grow|exceed|surpass|top)|would (?:reach|exceed|grow)|"
    r"should (?:reach|exceed|grow|increase)|could reach|can reach|"
    r"potential|to be (?:raised|increased|brought|boosted|doubled|tripled)|calling for|"
    r"called for|hopes? that)\b",
    re.IGNORECASE,
)
_APPROX = re.compile(
    r"\b(?:nearly|almost|about|around|approximately|some|roughly|close to|"
    r"an estimated|circa)\s*$",
    re.IGNORECASE,
)
_AT_LEAST = re.compile(
    r"\b(?:over|more than|exceeded|exceeds|exceed|exceeding|surpassed|"
    r"surpasses|above|at least|upwards of|in excess of|topped)\s*$",
    re.IGNORECASE,
)
_AT_MOST = re.compile(r"\b(?:under|less than|up to|below|at most)\s*$", re.IGNORECASE)
_BILATERAL = re.compile(
    r"\b(?:both countries|two countries|bilateral|mutual|between the two|the parties|"
    r"the sides|joint)\b",
    re.IGNORECASE,
)
_SINCE = re.compile(r"\bsince\s+(?P<y>(?:19|20)\d\d)\b", re.IGNORECASE)
_RANGE = re.compile(r"\b(?P<a>(?:19|20)\d\d)\s*[-–]\s*(?P<b>(?:19|20)\d\d)\b")
_YEAR = re.compile(
    r"\b(?i:in|for|of|during|by|as of|at the end of|end of)\s+"
    r"(?:[A-Z][a-z]+(?:[-–][A-Z][a-z]+)?\s+)?(?P<y>(?:19|20)\d\d)\b|^(?P<y2>(?:19|20)\d\d)\b"
)
_WORTH = re.compile(
    r"\b(?:worth|valued at|totall?ing|amounting to)\s+(?:[\w-]+\s+){0,3}$"
    r"|\b(?:total )?value of (?:the )?(?:agreements|contracts|deals|documents|projects)\b"
    r"[^.;]{0,40}$"
)
_BARE = re.compile(
    r"(?<![\d.,$€£¥₸\w-])(?P<n>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?\s(?P<s>thousand|million))\b"
    r"(?!\s*(?:%|percent|per cent|US|USD|dollars|euros?|tenge|\$))"
)
_HAS_NUMBER = re.compile(r"\d|\b(?:" + "|".join(_WORDS) + r")\b", re.IGNORECASE)
_AFTER_PARTNER = re.compile(
    r"\s*(?:in \d{4}\s*)?(?:with|from|to|into|between|in)\s+(?:the\s+)?(?=[A-Z])"
)
_DEALS = re.compile(
    r"\b(?:agreements?|contracts?|deals?|documents|projects?|memorand\w*|transactions?|"
    r"packages?)\b",
    re.IGNORECASE,
)
_THE_FIGURE = re.compile(
    r"\b(?:this|the|that) (?:figure|volume|indicator)\b|"
    r"\b(?:bring|brings|bringing|rais\w+|increas\w+|boost\w*|doubl\w+|take)\s+it\b",
    re.IGNORECASE,
)
# "Germany's trade with the region": a partner's figure with all of Central Asia, not with us.
_REGION = re.compile(
    r"\b(?:with|and|in) (?:the )?(?:region|Central Asia|Central Asian (?:countries|states)|"
    r"countries of (?:the region|Central Asia))\b",
    re.IGNORECASE,
)
# The country's trade with the whole world, not with one partner: "Kazakhstan's foreign trade
# turnover reached $141.6 billion", "total exports".
_TOTAL = re.compile(
    r"\b(?:foreign|external|overall|total)\s+(?:trade|exports|imports)\b|"
    r"\b(?:gross|total|overall)\s+(?:inflow\s+of\s+)?(?:foreign\s+)?(?:direct\s+)?investments?\b",
    re.IGNORECASE,
)
# "2 bln US dollars in annual trade", "$3 billion of investments": the indicator follows.
_NAMED_AFTER = re.compile(
    r"\s+(?:in|of)\s+(?:(?:annual|mutual|bilateral|two-way|total|new|direct)\s+){0,2}"
    r"(?P<what>trade|turnover|investments?|exports|imports)\b",
    re.IGNORECASE,
)
# "aim to double this figure", "the goal of tripling trade": a target that is a multiple of the
# figure just stated (the past "trade doubled" and "double taxation" are no such thing).
_MULTIPLE = re.compile(
    r"\b(?:(?P<m>doubl|tripl|quadrupl)(?:e|ing)\s+(?P<obj>it|this|that|"
    r"(?:this|that|the) (?:figure|volume|indicator|amount|number)|"
    r"(?:the\s+)?(?:(?:current|annual|bilateral|mutual|two-way)\s+)*(?:trade|turnover|"
    r"volume of (?:mutual |bilateral )?trade|investments?|exports|imports|"
    r"number of (?:flights|tourists|joint projects))"
    r")|(?:be|being)\s+(?P<m2>doubl|tripl|quadrupl)ed)\b",
    re.IGNORECASE,
)
_MULTIPLES = {"doubl": 2, "tripl": 3, "quadrupl": 4}
_CONTINUED = re.compile(r"\s*,?\s*(?:worth|valued at|totall?ing|amounting to|to|of)\s*")
_CLAUSE = re.compile(r";\s+|,\s+(?:while|whereas)\s+|\.\s+")


def _number(text: str) -> float:
    text = text.lower()
    if text in _WORDS:
        return float(_WORDS[text])
    if re.fullmatch(r"\d+,\d{1,2}", text):
        return float(text.replace(",", "."))
    return float(text.replace(",", ""))


def _currency(text: str) -> str:
    low = text.lower()
    return next((code for code, pattern in _CURRENCY if re.search(pattern, low)), "USD")


def _qualifier(before: str) -> str:
    if _APPROX.search(before):
        return "approximately"
    if _AT_LEAST.search(before):
        return "at_least"
    if _AT_MOST.search(before):
        return "at_most"
    return "exact"


def _period(sentence: str, published) -> tuple[int | None, int | None, bool]:
    since = _SINCE.search(sentence)
    if since:
        return int(since.group("y")), None, True
    rng = _RANGE.search(sentence)
    if rng:
        return int(rng.group("a")), int(rng.group("b")), False
    year = _YEAR.search(sentence)
    if year:
        y = int(year.group("y") or year.group("y2"))
        return y, y, False
    if published is not None:
        if re.search(r"\blast year\b", sentence, re.I):
            return published.year - 1, published.year - 1, False
        if re.search(r"\bthis year\b|\bso far\b", sentence, re.I):
            return published.year, published.year, False
    return None, None, False


def _indicator(window: str, partner_names: list[str]) -> tuple[str | None, int]:
    """The indicator a window speaks of and where its keyword starts (or -1)."""
    best, pos = None, -1
    for name, pattern in _INDICATORS:
        for match in re.finditer(pattern, window, re.IGNORECASE):
            if match.start() > pos:
                best, pos = name, match.start()
    if best is None:
        return None, -1
    return best, pos


def _direction(indicator: str, window: str, keyword: int, ctx_names: dict) -> str:
    """Investment and trade flows from Kazakhstan's point of view."""
    before = window[:keyword]
    after = window[keyword:]
    partner_before = bool(ctx_names["partner"]) and any(
        before.rfind(n) > max(before.rfind("Kazakh"), -1) for n in ctx_names["partner"]
    )
    kz_before = before.rfind("Kazakh") >= 0 and not partner_before
    from_partner = re.search(r"\bfrom\s+(?:the\s+)?(?!Kazakh)[A-Z]", after[:60])
    into_partner = re.search(r"\b(?:in|into|to)\s+(?:the\s+)?(?!Kazakh)[A-Z]", after[:60])
    if indicator == "investment":
        if from_partner or partner_before:
            return "investment_inflow"
        if kz_before or into_partner:
            return "investment_outflow"
        return "investment_inflow"
    if indicator == "exports":
        return "imports" if (partner_before or from_partner) else "exports"
    if indicator == "imports":
        return "exports" if partner_before and not from_partner else "imports"
    return indicator


def find_metrics(ctx: ArticleContext) -> list[MetricRecord]:
    """Trade, investment and count figures about Kazakhstan and a partner, with phrases."""
    records: list[MetricRecord] = []
    main = ctx.lead_partners()
    for sent in ctx.sentences:
        text = sent.text
        if not _HAS_NUMBER.search(text):
            continue
        hits = []
        last_money_end = -10
        for m in _MONEY.finditer(text):
            if re.match(r"\s*(?:%|percent)", text[m.end() :]):
                continue
            if re.fullmatch(
                r"\s*\(\s*(?:about|approximately|around|some|nearly|or|~)?\s*",
                text[last_money_end : m.start()],
            ):
                # "1.5 trillion tenge (about $3 billion)": the conversion repeats the figure.
                continue
            last_money_end = m.end()
            hits.append(("money", m))
        for m in _PERCENT.finditer(text):
            hits.append(("percent", m))
        for m in _COUNT.finditer(text):
            hits.append(("count", m))
        taken = [(m.start(), m.end()) for _, m in hits]
        for m in _BARE.finditer(text):
            # "grew by 40% to 650,000": a bare number counts only after a count indicator.
            if not any(a <= m.start() < b or m.start() <= a < m.end() for a, b in taken):
                hits.append(("bare", m))
        if not hits:
            continue
        hits.sort(key=lambda h: h[1].start())
        kz_named = any(x.code == HUB for x in ctx.mentions_in(sent.start, sent.end))
        sentence_period = _period(text, ctx.published)
        previous_end, previous_indicator, previous_partner = 0, None, None
        previous_kind = "actual"
        for kind, m in hits:
            period = sentence_period
            clause_start = previous_end
            for cut in _CLAUSE.finditer(text, previous_end, m.start()):
                clause_start = cut.end()
            window = text[clause_start : m.start()]
            # The partner is named before the figure, or right after it ("$2 billion with China");
            # countries further on belong to another statement ("... with the Netherlands and
            # the US the largest investors").
            after = _AFTER_PARTNER.match(text, m.end())
            reach = after.end() + 40 if after else m.end()
            partner_codes = ctx.engaged(
                sent.start + clause_start, sent.start + reach, capitals=False
            )
            names = [
                x.text
                for x in ctx.mentions_in(sent.start + clause_start, sent.start + m.start())
                if x.code != HUB and x.kind != "org"
            ]
            if kind == "bare":
                indicator, keyword = _indicator(window, names)
                counted = {"tourists", "flights", "joint_projects", "companies"}
                if indicator not in counted and not (
                    indicator is None and previous_indicator in counted and len(window) < 40
                ):
                    continue
                indicator = indicator or previous_indicator
                if indicator == "companies":
                    indicator = "other"
            elif kind == "count":
                what = m.group("what").lower()
                indicator = (
                    "joint_projects"
                    if "project" in what or "venture" in what
                    else "flights"
                    if "flight" in what
                    else "tourists"
                    if "tourist" in what
                    else "other"
                )
                keyword = m.start() - clause_start
            else:
                indicator, keyword = _indicator(window, names)
                worth = _WORTH.search(window)
                deals = worth and _DEALS.search(window[: worth.start()])
                if worth and (indicator is None or (deals and keyword < worth.start())):
                    # "45 joint projects worth $500 million", "deals worth $17 billion".
                    indicator, keyword = "other", worth.start()
                if (
                    indicator is None
                    and not previous_indicator
                    and records
                    and _THE_FIGURE.search(window)
                ):
                    # "hope that the figure will exceed $500 million": the indicator just reported.
                    indicator, keyword = records[-1].indicator, 0
                named_after = _NAMED_AFTER.match(text, m.end()) if kind == "money" else None
                if indicator is None and named_after:
                    what = named_after.group("what").lower()
                    indicator, keyword = (
                        "trade_turnover"
                        if what in {"trade", "turnover"}
                        else _direction(
                            "investment" if what.startswith("invest") else what,
                            window,
                            len(window),
                            {"partner": names},
                        ),
                        max(0, len(window) - 60),
                    )
                if indicator is None and previous_indicator and _TARGET.search(window):
                    # "reached $1.1 bln in 2024, and the governments have set a target of $2 bln".
                    indicator, keyword = previous_indicator, 0
                if indicator is None:
                    if previous_indicator and (
                        re.search(r"\b(?:this|the) (?:figure|volume|indicator)\b|\bit\b", window)
                        or len(window) < 40
                    ):
                        indicator, keyword = previous_indicator, 0
                    else:
                        previous_end = m.end()
                        continue
                elif indicator in {"trade_turnover", "exports", "imports", "investment"}:
                    indicator = _direction(indicator, window, keyword, {"partner": names})
                if indicator == "companies" or (kind == "money" and indicator == "joint_projects"):
                    # Money "of joint projects" and counts of companies are indicator other.
                    indicator = "other"
            if kind == "percent" and not (
                _GROWTH.search(text[clause_start : m.start()]) or previous_indicator
            ):
                previous_end = m.end()
                continue
            entities = {
                x.code
                for x in ctx.mentions_in(sent.start + clause_start, sent.start + reach)
                if x.code != HUB and x.kind != "capital" and x.start not in ctx.passing
            }
            foreign_pair = (
                len(entities) > 1
                and re.search(r"\bbetween\b", window)
                and not any(
                    x.code == HUB
                    for x in ctx.mentions_in(sent.start + clause_start, sent.start + reach)
                )
            )
            if (not kz_named and len(entities) > 1) or foreign_pair or _REGION.search(window):
                # "Russia's trade with China", "trade between China and the EU": not ours.
                previous_end = m.end()
                continue
            if kind == "count" and m.group("what").lower() == "projects" and not partner_codes:
                # "35 new projects" are joint only when the sentence ties them to the partner.
                previous_end = m.end()
                continue
            if not partner_codes and entities:
                # The figure is about an organization ("trade with the EU"), not a country.
                previous_end = m.end()
                continue
            if not partner_codes and kind == "percent" and previous_partner:
                # "$100 million, an increase of 15%": the rate of the figure just read.
                partner_codes = [previous_partner]
            continued = previous_partner is not None and bool(_CONTINUED.fullmatch(window))
            if not partner_codes and continued:
                # "exports to Kyrgyzstan rose by 12.5% to $720 million", "12 joint projects
                # worth $1.5 billion": the figure just read goes on.
                partner_codes = [previous_partner]
            if not partner_codes and _TOTAL.search(window):
                previous_end = m.end()
                continue
            if not partner_codes:
                if main and (
                    _BILATERAL.search(text)
                    or indicator
                    in {
                        "trade_turnover",
                        "investment_inflow",
                        "investment_outflow",
                        "joint_projects",
                        "other",
                        "flights",
                        "tourists",
                        "exports",
                        "imports",
                    }
                ):
                    partner_codes = [main[0]]
                else:
                    previous_end = m.end()
                    continue
            if kind == "money":
                number = m.group("n1") or m.group("n2")
                scale = (m.group("s1") or m.group("s2") or "").lower()
                value = _number(number) * _SCALES.get(scale, 1)
                unit = _currency(m.group("pre") or m.group("post"))
            elif kind == "percent":
                value, unit = _number(m.group("n")), "percent"
            else:
                number = m.group("n").split()[0]
                value = _number(number) * (_SCALES.get((m.group("s") or "").lower(), 1))
                unit = "count"
            if not 0 <= value < MAX_VALUE:
                # A garbled or hostile figure ("$999…9 billion") is no claim anyone made,
                # and the database could not hold it: skip it, keep the rest of the article.
                previous_end = m.end()
                continue
            before = text[clause_start : m.start()]
            target = bool(_TARGET.search(before)) or (
                continued and previous_kind == "target" and kind == "money"
            )
            start_phrase = clause_start + max(keyword, 0)
            phrase = text[start_phrase : m.end()].strip(" ,")
            local = _period(text[clause_start : m.end() + 30], ctx.published)
            if local[0] is not None:
                period = local
            p_start, p_end, p_open = period if not target else (None, None, False)
            if target:
                by = re.search(r"\bby\s+(?P<y>20\d\d)\b", text[m.end() : m.end() + 30])
                if by:
                    p_start = p_end = int(by.group("y"))
            duplicate = any(
                r.partner == partner_codes[0]
                and r.indicator == indicator
                and r.unit == unit
                and abs(r.value - value) <= 1e-9 * max(1.0, value)
                and r.kind == ("target" if target else "actual")
                for r in records
            )
            for code in partner_codes[:1] if not duplicate else []:
                records.append(
                    MetricRecord(
                        partner=code,
                        indicator=indicator,
                        value=value,
                        unit=unit,
                        period_start=p_start,
                        period_end=p_end,
                        period_open=p_open,
                        kind="target" if target else "actual",
                        qualifier=_qualifier(before),
                        evidence=Span(text, sent.start, sent.end),
                        phrase=phrase,
                    )
                )
            previous_end, previous_indicator = m.end(), indicator
            previous_partner = partner_codes[0]
            previous_kind = "target" if target else "actual"
    _multiples(ctx, records)
    return records


def _multiples(ctx: ArticleContext, records: list[MetricRecord]) -> None:
    """Add the targets that double or triple a figure stated in the same or previous sentence."""
    previous_start = None
    for sent in ctx.sentences:
        start = previous_start if previous_start is not None else sent.start
        previous_start = sent.start
        for m in _MULTIPLE.finditer(sent.text):
            cue = None
            for found in _TARGET.finditer(sent.text, max(0, m.start() - 80), m.end()):
                cue = found
            if cue is None:
                continue
            obj = (m.group("obj") or "").lower()
            wanted = (
                {"trade_turnover"}
                if "trade" in obj or "turnover" in obj
                else {"investment_inflow", "investment_outflow"}
                if "invest" in obj
                else {"exports"}
                if "export" in obj
                else {"imports"}
                if "import" in obj
                else {"flights"}
                if "flight" in obj
                else {"tourists"}
                if "tourist" in obj
                else {"joint_projects"}
                if "project" in obj
                else None
            )
            base = next(
                (
                    r
                    for r in reversed(records)
                    if r.kind == "actual"
                    and r.unit != "percent"
                    and start <= r.evidence.start <= sent.start
                    and (wanted is None or r.indicator in wanted)
                    and (
                        r.evidence.start < sent.start or r.evidence.text.find(r.phrase) < m.start()
                    )
                ),
                None,
            )
            if base is None:
                continue
            value = base.value * _MULTIPLES[(m.group("m") or m.group("m2")).lower()]
            by = re.search(r"^\W*(?:[\w-]+\s+){0,4}?by\s+(?P<y>20\d\d)\b", sent.text[m.end() :])
            year = int(by.group("y")) if by else None
            if any(
                r.partner == base.partner
                and r.indicator == base.indicator
                and r.kind == "target"
                and abs(r.value - value) <= 1e-9 * max(1.0, value)
                for r in records
            ):
                continue
            records.append(
                MetricRecord(
                    partner=base.partner,
                    indicator=base.indicator,
                    value=value,
                    unit=base.unit,
                    period_start=year,
                    period_end=year,
                    period_open=False,
                    kind="target",
                    qualifier="exact",
                    evidence=Span(sent.text, sent.start, sent.end),
                    phrase=sent.text[cue.start() : m.end()],
                )
            )
