"""Plain data that the extraction steps return and the store step writes.

Every record carries its Evidence: the sentence and its character span in the article
text. ``to_schema()`` gives the shape of ../shared/eval/SCHEMA.md.
"""

from dataclasses import asdict, dataclass, field

# The units and indicators the extraction schema (SCHEMA.md) names; the dashboard keeps finer
# indicators (flights, tourists) that the schema counts as "other".
SCHEMA_UNITS = frozenset({"USD", "percent", "count"})
SCHEMA_INDICATORS = frozenset(
    {"trade_turnover", "exports", "imports", "investment_inflow", "investment_outflow",
     "joint_projects", "other"}
)  # fmt: skip


@dataclass(frozen=True)
class Span:
    """A sentence of an article and where it sits in the article's text."""

    text: str
    start: int
    end: int


@dataclass
class PersonMention:
    """A person named in an article, with their side and role as the text gives them."""

    name: str
    side: str  # "kz" | "partner" | "other"
    country: str | None = None  # ISO alpha-3
    role: str = ""  # "Minister of Foreign Affairs", "Ambassador of Kazakhstan to Armenia"
    level: str = "other"  # relations.models.Level value


@dataclass
class DateValue:
    """A date with its precision: ``value`` is "YYYY-MM-DD", "YYYY-MM" or "YYYY"."""

    value: str | None = None
    end: str | None = None  # "YYYY-MM-DD" for multi-day events
    precision: str = "unknown"  # day | month | year | unknown


@dataclass
class MeetingRecord:
    partners: list[str]
    date: DateValue
    status: str  # held | planned
    format: str  # relations.models.Meeting.Format value (state_visit maps to visit in schema)
    evidence: Span
    kz_people: list[PersonMention] = field(default_factory=list)
    partner_people: list[PersonMention] = field(default_factory=list)
    location: str | None = None
    organizations: list[str] = field(default_factory=list)  # abbreviations: OTS, SCO...
    topics: list[str] = field(default_factory=list)  # topic slugs
    title: str = ""
    confidence: float = 0.8
    extra_evidence: list[Span] = field(default_factory=list)


@dataclass
class AgreementRecord:
    partners: list[str]
    title: str
    kind: str  # relations.models.Agreement.Kind value
    date: DateValue
    status: str  # signed | planned
    evidence: Span
    organizations: list[str] = field(default_factory=list)
    confidence: float = 0.8


@dataclass
class MetricRecord:
    partner: str
    indicator: str  # relations.models.Metric.Indicator value
    value: float
    unit: str  # ISO 4217 code, "percent" or "count"
    period_start: int | None
    period_end: int | None
    period_open: bool
    kind: str  # actual | target
    qualifier: str  # exact | approximately | at_least | at_most
    evidence: Span  # the sentence
    phrase: str = ""  # the exact phrase inside the sentence ("exceeded $370 million")
    confidence: float = 0.8

    @property
    def period(self) -> str | None:
        if self.period_start is None:
            return None
        if self.period_open:
            return f"{self.period_start}-"
        if self.period_end and self.period_end != self.period_start:
            return f"{self.period_start}-{self.period_end}"
        return str(self.period_start)


@dataclass
class ArticleRecord:
    """One article as split from a document, with everything extracted from it."""

    title: str
    text: str
    position: int = 0
    published: str | None = None  # "YYYY-MM-DD"
    publisher: str = ""
    url: str = ""
    language: str = "en"
    partners: list[str] = field(default_factory=list)
    people: list[PersonMention] = field(default_factory=list)
    meetings: list[MeetingRecord] = field(default_factory=list)
    agreements: list[AgreementRecord] = field(default_factory=list)
    metrics: list[MetricRecord] = field(default_factory=list)

    def to_schema(self) -> dict:
        """This article in the shape of the evaluation schema."""

        def names(people: list[PersonMention]) -> list[str]:
            return [p.name for p in people]

        return {
            "title": self.title,
            "published": self.published,
            "partners": list(self.partners),
            "meetings": [
                {
                    "partners": list(m.partners),
                    "date": m.date.value,
                    "date_end": m.date.end,
                    "status": m.status,
                    "format": "visit" if m.format == "state_visit" else m.format,
                    "kz_people": names(m.kz_people),
                    "partner_people": names(m.partner_people),
                    "location": m.location,
                    "evidence": m.evidence.text,
                }
                for m in self.meetings
            ],
            "agreements": [
                {
                    "partners": list(a.partners),
                    "title": a.title,
                    "date": a.date.value,
                    "status": a.status,
                    "evidence": a.evidence.text,
                }
                for a in self.agreements
            ],
            "metrics": [
                {
                    "partner": m.partner,
                    "indicator": m.indicator if m.indicator in SCHEMA_INDICATORS else "other",
                    "value": m.value,
                    "unit": m.unit,
                    "period": m.period,
                    "kind": m.kind,
                    "evidence": m.phrase or m.evidence.text,
                }
                for m in self.metrics
                # The schema has no unit for other currencies (euros, tenge...): the dashboard
                # keeps those figures, the evaluation output cannot state them.
                if m.unit in SCHEMA_UNITS
            ],
        }


@dataclass
class DocumentRecord:
    """One input file: its bytes' hash and the articles split from it."""

    name: str
    sha256: str
    size: int
    content_type: str  # text | html | jsonl
    articles: list[ArticleRecord] = field(default_factory=list)

    def to_schema(self) -> dict:
        return {"doc": self.name, "articles": [a.to_schema() for a in self.articles]}


def as_dict(record) -> dict:
    """Any record above as nested plain dicts (for debugging and JSON output)."""
    return asdict(record)
