"""Realistic synthetic news articles about Kazakhstan's foreign relations, for benchmarks.

A pure, seeded generator: the same seed always gives the same articles. Each article is
written the way the Kazakh MFA, Akorda and Kazinform write (datelines, roles before names,
dates and figures in the notations the press uses) and carries the records a perfect
extractor would return, in the shape of ../shared/eval/SCHEMA.md, so that a benchmark can
report how much was extracted as well as how fast.
"""

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass, field

from relations import reference

MONTHS = "January February March April May June July August September October November December"
MONTH_NAMES = MONTHS.split()

# Kazakh officials with the dates they took office, so an article never has a minister
# speaking before his appointment: (full name, role as the press writes it, first day).
KZ_OFFICIALS = [
    ("Alikhan Smailov", "Prime Minister of Kazakhstan", "2022-01-11", "2024-02-05"),
    ("Olzhas Bektenov", "Prime Minister of Kazakhstan", "2024-02-06", None),
    ("Mukhtar Tileuberdi", "Minister of Foreign Affairs of Kazakhstan", "2019-05-01", "2023-08-31"),
    ("Murat Nurtleu", "Minister of Foreign Affairs of Kazakhstan", "2023-09-01", "2025-09-09"),
    (
        "Yermek Kosherbayev",
        "Minister of Foreign Affairs of the Republic of Kazakhstan",
        "2025-09-10",
        None,
    ),
    ("Alibek Bakayev", "Deputy Minister of Foreign Affairs of Kazakhstan", "2023-01-01", None),
    ("Roman Vassilenko", "Deputy Minister of Foreign Affairs of Kazakhstan", "2019-01-01", None),
    ("Arman Issetov", "Deputy Minister of Foreign Affairs of Kazakhstan", "2023-01-01", None),
]
KZ_FIRST = [
    "Nurlan",
    "Yerlan",
    "Askar",
    "Daniyar",
    "Aidar",
    "Bolat",
    "Serik",
    "Marat",
    "Azamat",
    "Timur",
    "Kairat",
    "Galym",
]
KZ_LAST = [
    "Seitkali",
    "Abenov",
    "Zhaksybekov",
    "Tulegenov",
    "Sarsenbayev",
    "Akhmetov",
    "Kassymov",
    "Ibrayev",
]

# Name pools, so that an Ambassador of Japan is not called Hans Weber.
_POOLS = {
    "chinese": ("Wei Ming Jun Hong Lei Qiang", "Zhang Wang Li Liu Chen Zhao"),
    "japanese": ("Hiroshi Takeshi Kenji Haruto Yoko Akira", "Tanaka Suzuki Yamamoto Sato Ito"),
    "korean": ("Min-jun Ji-hoon Seo-yeon Dong-hyun Sung-ho", "Kim Park Lee Choi Jung"),
    "turkic": (
        "Bakhtiyor Rustam Sherzod Elnur Mehmet Jeyhun Azamat",
        "Saidov Karimov Mammadov Yilmaz Demir Aliyev Usmonov Orazov",
    ),
    "slavic": (
        "Sergei Mikhail Andrzej Pavel Tomas Viktor Alexei",
        "Ivanov Petrov Kowalski Novak Sokolov Dvorak Horvath",
    ),
    "arabic": (
        "Khalid Ahmed Omar Yusuf Faisal Saeed",
        "Al Mansouri Al Thani Al Saud Haddad Al Nuaimi Al Sabah",
    ),
    "south_asian": ("Rajesh Imran Arjun Sanjay Bilal Anil", "Sharma Khan Gupta Verma Qureshi Rao"),
    "western": (
        "Thomas Marco Pierre Johan Carlos David Lukas Andrea",
        "Weber Rossi Dubois Larsen Garcia Smith Moreau Bianchi",
    ),
}
POOL_OF = {
    "CHN": "chinese",
    "TWN": "chinese",
    "SGP": "chinese",
    "JPN": "japanese",
    "KOR": "korean",
    "UZB": "turkic",
    "KGZ": "turkic",
    "TJK": "turkic",
    "TKM": "turkic",
    "AZE": "turkic",
    "TUR": "turkic",
    "MNG": "turkic",
    "PAK": "south_asian",
    "IND": "south_asian",
    "BGD": "south_asian",
    "IRN": "south_asian",
    "AFG": "south_asian",
}
POOL_OF_REGION = {
    "Eastern Europe": "slavic",
    "Western Asia": "arabic",
    "Northern Africa": "arabic",
    "Southern Asia": "south_asian",
}

# Most articles concern the partners Kazakhstan deals with most; the rest spread worldwide.
FREQUENT = [
    "RUS",
    "CHN",
    "UZB",
    "USA",
    "DEU",
    "TUR",
    "KGZ",
    "AZE",
    "JPN",
    "KOR",
    "ARE",
    "IND",
    "FRA",
    "ITA",
    "GBR",
    "HUN",
    "QAT",
    "SAU",
    "PAK",
    "TJK",
    "TKM",
    "MNG",
    "POL",
    "ESP",
]
SUMMITS = [
    ("the Summit of the Shanghai Cooperation Organisation (SCO)", "CHN RUS KGZ TJK UZB IND PAK"),
    ("the Summit of the Organization of Turkic States (OTS)", "AZE KGZ TUR UZB HUN"),
    ("the C5+1 summit", "USA KGZ TJK TKM UZB"),
    ("the Central Asia – European Union summit", "KGZ TJK TKM UZB"),
    ("the CICA Summit", "AZE QAT KGZ RUS TJK TUR UZB"),
    ("the meeting of the CIS Council of Heads of State", "RUS BLR ARM KGZ TJK UZB"),
]
DOCUMENTS = [
    "Memorandum of Understanding on cooperation in the field of {topic}",
    "Agreement on cooperation in the field of {topic}",
    "Roadmap for the development of cooperation in {topic} for {y}-{y2}",
    "Programme of cooperation in {topic} for {y}-{y2}",
    "Joint Statement on strengthening strategic partnership",
    "Plan of Consultations between the Ministries of Foreign Affairs for {y}-{y2}",
]
TOPICS = [
    "energy",
    "transport and logistics",
    "agriculture",
    "digitalization",
    "critical minerals",
    "education and science",
    "healthcare",
    "tourism",
    "culture",
    "water resources",
    "investment protection",
    "customs",
    "green hydrogen",
    "civil aviation",
]
SOURCES = [
    "Akorda reports",
    "the Ministry of Foreign Affairs of the Republic of Kazakhstan reports",
    "Kazinform reports",
    "the Kazakh Foreign Ministry said",
]
# Context paragraphs that report nothing, as most real articles carry between the facts.
BACKGROUND = [
    "The Head of State emphasized that the development of mutually beneficial cooperation with "
    "reliable partners remains a priority of Kazakhstan's foreign policy, and noted the importance "
    "of implementing the agreements reached at the highest level in a timely manner.",
    "Special attention was paid to the diversification of transport routes, including the "
    "Trans-Caspian International Transport Route, as well as to the expansion of cooperation in "
    "processing industries, agriculture and the digital economy.",
    "The parties noted the similarity of their positions on key issues of the international agenda "
    "and expressed their readiness to continue close coordination within multilateral "
    "organizations, including the United Nations.",
    "The interlocutors also discussed cultural and humanitarian ties, academic exchanges and the "
    "opening of new direct flights, which would contribute to the growth of tourist flows.",
    "It was noted that the business communities of the two countries show growing interest in "
    "joint projects, and the parties agreed to hold a business forum and to intensify the work "
    "of the intergovernmental commission.",
]
SUMMIT_BACKGROUND = [
    "In his speech, the Head of State called for joint efforts to strengthen regional security, "
    "develop transport and logistics corridors and ensure food and energy security.",
    "The leaders discussed the state and prospects of multilateral cooperation in trade, "
    "investment, transit, digitalization and the green economy.",
    "Tokayev emphasized that the organization has become an important platform for trust-based "
    "dialogue and proposed a number of initiatives to expand practical cooperation.",
    "Particular attention was paid to the reform of the organization's institutions and to the "
    "coordination of positions on key issues of the international agenda.",
]
CLOSINGS = [
    "The sides agreed to maintain regular contacts at all levels.",
    "The parties also exchanged views on regional and international issues.",
    "At the end of the meeting, the sides expressed their readiness to deepen cooperation.",
]


@dataclass
class SyntheticArticle:
    """One generated article: its text and the records a perfect extractor would find."""

    title: str
    body: str
    published: dt.date | None
    expected: dict = field(default_factory=dict)

    @property
    def text(self) -> str:
        """Title line, then body paragraphs separated by blank lines."""
        return f"{self.title}\n{self.body}\n"


def _long(day: dt.date) -> str:
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def _money(rng: random.Random, amount: int) -> str:
    """An amount in one of the notations the press uses."""
    if amount >= 10**9:
        n = f"{amount / 1e9:g}"
        return rng.choice(
            [f"${n} billion", f"${n}bn", f"USD {n} billion", f"{n} billion US dollars"]
        )
    n = f"{amount / 1e6:g}"
    return rng.choice([f"${n} million", f"USD {n} million", f"{n} million US dollars"])


def _cap(text: str) -> str:
    return text[0].upper() + text[1:]


def _country_name(code: str) -> str:
    """The name as it reads inside a sentence ("the Philippines", "the United States")."""
    name = next((r.name for r in reference.countries() if r.code == code), code)
    plural = name.endswith(("s", "Islands")) and code not in {"BLR", "CYP", "LAO"}
    if plural or name.startswith(("United", "Central African", "Dominican", "Republic")):
        return f"the {name}"
    return name


def _partner_pool() -> list[str]:
    # Sovereign states the press writes adjectives for; leaves out dependent territories.
    return sorted(code for code in reference.DEMONYMS if code != reference.HUB_CODE)


class _Writer:
    """Builds one article, keeping the expected records in step with the sentences."""

    def __init__(self, rng: random.Random, partner: str, published: dt.date | None):
        self.rng = rng
        self.partner = partner
        self.name = _country_name(partner)
        self.published = published
        self.dateline = "ASTANA"
        self.paragraphs: list[str] = []
        self.meetings: list[dict] = []
        self.agreements: list[dict] = []
        self.metrics: list[dict] = []

    def person(self, code: str) -> str:
        """A plausible name for an official of the country ``code``."""
        pool = POOL_OF.get(code) or POOL_OF_REGION.get(reference.REGIONS.get(code, ""), "western")
        first, last = _POOLS[pool]
        return f"{self.rng.choice(first.split())} {self.rng.choice(last.split(' '))}"

    def kz_official(self, day: str | None) -> tuple[str, str]:
        """A Kazakh official below the President in office on ``day`` (name, role)."""
        day = day if day and len(day) == 10 else "2025-01-01"
        serving = [(n, r) for n, r, a, b in KZ_OFFICIALS if a <= day and (b is None or day <= b)]
        return self.rng.choice(serving)

    def event_date(self, *, future: bool) -> tuple[str, str | None, str | None]:
        """A phrase for an event's date, and its value and end as the schema has them."""
        rng, pub = self.rng, self.published
        if pub is None:
            start = dt.date(rng.randint(2019, 2025), rng.randint(1, 12), rng.randint(1, 26))
            return f"on {_long(start)}", start.isoformat(), None
        shift = rng.randint(1, 40) if future else -rng.randint(0, 6)
        start = pub + dt.timedelta(days=shift)
        style = rng.randrange(6)
        if style == 1 and start.year == pub.year:
            return f"on {MONTH_NAMES[start.month - 1]} {start.day}", start.isoformat(), None
        if style == 2 and 0 < abs(shift) < 6:
            return f"on {start:%A}", start.isoformat(), None
        end = start + dt.timedelta(days=rng.randint(1, 2))
        if style == 3 and start.year == pub.year and end.month == start.month:
            phrase = f"from {MONTH_NAMES[start.month - 1]} {start.day} to {end.day}, {start.year}"
            return phrase, start.isoformat(), end.isoformat()
        if style == 4 and future and start.year == pub.year and start.month != pub.month:
            return f"in early {MONTH_NAMES[start.month - 1]}", f"{start:%Y-%m}", None
        if style == 5 and future and pub.month < 10:
            return "later this year", str(pub.year), None
        return f"on {_long(start)}", start.isoformat(), None

    def meeting(self, partners, date, end, status, fmt, kz, pp, location, evidence) -> None:
        self.meetings.append({
            "partners": partners, "date": date, "date_end": end, "status": status,
            "format": fmt, "kz_people": kz, "partner_people": pp, "location": location,
            "evidence": evidence,
        })  # fmt: skip

    def agreement(self, partners, title, date, status, evidence) -> None:
        self.agreements.append({
            "partners": partners, "title": title, "date": date, "status": status,
            "evidence": evidence,
        })  # fmt: skip

    def metric(self, indicator, value, unit, period, kind, evidence) -> None:
        self.metrics.append({
            "partner": self.partner, "indicator": indicator, "value": value, "unit": unit,
            "period": period, "kind": kind, "evidence": evidence,
        })  # fmt: skip


def _talks(w: _Writer) -> str:
    rng = w.rng
    phrase, date, _ = w.event_date(future=False)
    kz_name, kz_role = w.kz_official(date)
    if rng.random() < 0.25:
        kz_name = f"{rng.choice(KZ_FIRST)} {rng.choice(KZ_LAST)}"
        kz_role = f"Ambassador of Kazakhstan to {w.name}"
    pp = w.person(w.partner)
    role = rng.choice([
        f"Minister of Foreign Affairs of {w.name}", f"Ambassador of {w.name} to Kazakhstan",
        f"Deputy Prime Minister of {w.name}", f"Minister of Economy of {w.name}",
    ])  # fmt: skip
    call = rng.random() < 0.3
    verb = "held a telephone conversation with" if call else "held talks with"
    sentence = f"{kz_role} {kz_name} {verb} {role} {pp} {phrase}"
    w.paragraphs.append(f"{sentence}, {rng.choice(SOURCES)}.")
    fmt = "call" if call else "talks"
    w.meeting([w.partner], date, None, "held", fmt, [kz_name], [pp], None, sentence)
    topics = rng.sample(TOPICS, 3)
    w.paragraphs.append(
        f"The parties discussed cooperation in {topics[0]}, {topics[1]} and {topics[2]}, "
        "as well as the schedule of upcoming bilateral contacts."
    )
    return f"Kazakhstan and {w.name} discuss cooperation in {topics[0]}"


def _visit(w: _Writer) -> str:
    rng = w.rng
    pp = w.person(w.partner)
    leader = rng.choice(["President", "Prime Minister"])
    phrase, date, end = w.event_date(future=False)
    kind = rng.choice(["a state", "an official"])
    capital = reference.CAPITALS.get(w.partner)
    if capital and rng.random() < 0.5:
        sentence = (
            f"President Kassym-Jomart Tokayev, who is on {kind} visit to {w.name}, "
            f"held talks with {leader} {pp} in {capital} {phrase}"
        )
        location = w.dateline = capital
    else:
        sentence = (
            f"President Kassym-Jomart Tokayev held talks with {leader} of {w.name} {pp}, "
            f"who is paying {kind} visit to Kazakhstan {phrase}"
        )
        location = "Astana"
    w.paragraphs.append(f"{sentence}, Akorda reports.")
    w.meeting([w.partner], date, end, "held", "visit", ["Kassym-Jomart Tokayev"], [pp], location,
              sentence)  # fmt: skip
    year = int(date[:4])
    titles = [
        template.format(topic=rng.choice(TOPICS), y=year, y2=year + 2)
        for template in rng.sample(DOCUMENTS, rng.randint(1, 3))
    ]
    listing = ", ".join(f"the {t}" for t in titles[:-1])
    listing = f"{listing} and the {titles[-1]}" if listing else f"the {titles[-1]}"
    w.paragraphs.append(f"Following the talks, the parties signed {listing}.")
    for title in titles:
        # Over a multi-day visit the text does not say on which day the signing was.
        w.agreement([w.partner], title, None if end else date, "signed", f"the {title}")
    if w.published and rng.random() < 0.5:
        phrase2, date2, end2 = w.event_date(future=True)
        if location == "Astana":
            sentence2 = f"{leader} {pp} invited the Head of State to visit {w.name} {phrase2}"
            kz, where = ["Kassym-Jomart Tokayev"], None
        else:
            sentence2 = f"{leader} {pp} accepted an invitation to visit Kazakhstan {phrase2}"
            kz, where = [], None
        w.paragraphs.append(f"{sentence2}.")
        w.meeting([w.partner], date2, end2, "planned", "visit", kz, [pp], where, sentence2)
    documents = "a document" if len(titles) == 1 else f"{len(titles)} documents"
    return f"Tokayev and {pp} sign {documents}"


def _summit(w: _Writer) -> str:
    rng = w.rng
    name, codes = rng.choice(SUMMITS)
    members = codes.split()
    host = rng.choice(members)
    city = reference.CAPITALS.get(host)
    # The schema lists a summit's host first.
    members = [host] + [code for code in members if code != host]
    w.partner = host
    phrase, date, end = w.event_date(future=rng.random() < 0.4)
    planned = w.published is not None and date > w.published.isoformat()
    verb = "will take part in" if planned else "took part in"
    venue = f" in {city}" if city else ""
    sentence = f"President Kassym-Jomart Tokayev {verb} {name}{venue} {phrase}"
    names = [_country_name(code) for code in members]
    w.paragraphs.append(f"{sentence}, {rng.choice(SOURCES)}.")
    w.paragraphs.append(
        f"The event brings together the leaders of {', '.join(names[:-1])} and {names[-1]}."
    )
    status = "planned" if planned else "held"
    w.meeting(members, date, end, status, "summit", ["Kassym-Jomart Tokayev"], [], city, sentence)
    if rng.random() < 0.5:
        declaration = f"{rng.choice(['Astana', 'Joint', 'Final'])} Declaration of the summit"
        text = (
            f"The summit is expected to conclude with the adoption of the {declaration}"
            if planned
            else f"Following the meeting, the leaders adopted the {declaration}"
        )
        w.paragraphs.append(f"{text}.")
        w.agreement(members, declaration, date, "planned" if planned else "signed", text)
    return f"Tokayev {'to attend' if planned else 'attends'} {name.removeprefix('the ')}"


def _figures(w: _Writer) -> None:
    rng, pub = w.rng, w.published
    year = (pub.year - 1) if pub else rng.randint(2019, 2024)
    big = w.partner in FREQUENT
    trade = rng.randint(11, 450) * 10**8 if big else rng.randint(15, 990) * 10**6
    sentences = []
    if rng.random() < 0.5:
        growth = rng.choice([rng.randint(2, 60), rng.randint(11, 199) / 10])
        approx = rng.choice(["", "", "nearly ", "almost "])
        phrase = f"increased by {growth:g}% and reached {approx}{_money(rng, trade)}"
        sentences.append(f"In {year}, bilateral trade {phrase}")
        w.metric("trade_turnover", trade, "USD", str(year), "actual", phrase)
        w.metric(
            "trade_turnover", growth, "percent", str(year), "actual", f"increased by {growth:g}%"
        )
    else:
        phrase = (
            f"Trade turnover between the two countries amounted to {_money(rng, trade)} in {year}"
        )
        sentences.append(phrase)
        w.metric("trade_turnover", trade, "USD", str(year), "actual", phrase)
    if rng.random() < 0.5:
        invest = rng.randint(12, 300) * 10**8 if big else rng.randint(20, 900) * 10**6
        phrase = (
            f"Since 2005, investment from {w.name} in Kazakhstan has exceeded {_money(rng, invest)}"
        )
        sentences.append(phrase)
        w.metric("investment_inflow", invest, "USD", "2005-", "actual", phrase)
    if rng.random() < 0.4:
        count = rng.randint(5, 120)
        sentences.append(f"Currently, {count} joint projects are being implemented in industry")
        w.metric("joint_projects", count, "count", None, "actual", f"{count} joint projects")
    if rng.random() < 0.4:
        target, by = trade * rng.choice([2, 3, 5]), year + rng.choice([3, 5, 6])
        phrase = f"to bring trade to {_money(rng, target)} by {by}"
        sentences.append(f"The sides agreed {phrase}")
        w.metric("trade_turnover", target, "USD", str(by), "target", phrase)
    w.paragraphs.append(". ".join(sentences) + ".")


def generate_articles(n: int, seed: int = 0) -> Iterator[SyntheticArticle]:
    """``n`` synthetic articles, the same ones for the same seed."""
    rng = random.Random(seed)
    pool = _partner_pool()
    first_day = dt.date(2022, 1, 1)
    for _ in range(n):
        partner = rng.choice(FREQUENT) if rng.random() < 0.7 else rng.choice(pool)
        published = first_day + dt.timedelta(days=rng.randint(0, 1400))
        if rng.random() < 0.15:
            published = None  # reprints and web pages that carry no date
        w = _Writer(rng, partner, published)
        kind = rng.choices([_talks, _visit, _summit], weights=[5, 3, 2])[0]
        title = kind(w)
        # A summit report names no single partner that "bilateral trade" could refer to.
        if kind is not _summit:
            _figures(w)
        if kind is _summit:
            # The lead and the list of participants stay together, as the press writes them.
            w.paragraphs[2:2] = rng.sample(SUMMIT_BACKGROUND, 2)
        else:
            w.paragraphs[1:1] = rng.sample(BACKGROUND, 2)
        w.paragraphs.append(rng.choice(CLOSINGS))
        if published is not None:
            w.paragraphs[0] = f"{w.dateline.upper()}, {_long(published)} – {w.paragraphs[0]}"
        partners = [c for m in w.meetings for c in m["partners"]] + [
            m["partner"] for m in w.metrics
        ]
        expected = {
            "title": title,
            "published": published.isoformat() if published else None,
            "partners": list(dict.fromkeys(partners)),
            "meetings": w.meetings,
            "agreements": w.agreements,
            "metrics": w.metrics,
        }
        body = "\n\n".join(w.paragraphs)
        yield SyntheticArticle(title=title, body=body, published=published, expected=expected)


def feed_dump(articles: list[SyntheticArticle], seed: int = 0) -> str:
    """Dated articles as one news-feed dump: a header line, then stamped items, newest first."""
    if any(a.published is None for a in articles):
        raise ValueError("a feed item needs a publication date for its stamp line")
    rng = random.Random(seed)
    articles = sorted(articles, key=lambda a: a.published, reverse=True)
    lines = [f" date {articles[0].published.isoformat()} {articles[-1].title}{articles[-1].title}"]
    for article in articles:
        stamp = f"{rng.randint(8, 21):02d}:{rng.randint(0, 59):02d} {rng.randint(1000, 99999)}"
        lines += [f"{article.published:%d.%m.%Y}, {stamp}", article.title]
        # A feed item's date is on its stamp line; its body has no dateline.
        lines += article.body.split(" – ", 1)[1].split("\n\n")
    return "\n".join(lines) + "\n"
