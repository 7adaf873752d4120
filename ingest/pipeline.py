"""The extraction pipeline: document files in, DocumentRecords out. Pure: no database access.

The ``ingest`` command stores what ``extract_document`` returns through relations' services;
the ``extract`` command prints it.
"""

import os
from collections.abc import Generator, Iterable, Iterator
from pathlib import Path

from .agreements import find_agreements
from .context import analyze
from .countries import HUB
from .loaders import DEFAULT_MAX_BYTES, META_SUFFIX, BadDocument, LoadedItem, load
from .meetings import find_meetings
from .metrics import find_metrics
from .records import ArticleRecord, DocumentRecord
from .splitting import RawArticle, split_articles
from .topics import find_topics

EXTRACTOR_VERSION = "rules-1.0"
# The longest press releases run to some 30,000 characters; an "article" a hundred times
# that is a dump or an attack, and extraction time grows with its sentences.
MAX_ARTICLE_CHARS = 500_000


def _max_bytes() -> int:
    from django.conf import settings

    if settings.configured:
        return int(getattr(settings, "INGEST_MAX_BYTES", DEFAULT_MAX_BYTES))
    return DEFAULT_MAX_BYTES


# Steps of a stepwise extraction (see extract_document_steps): it pauses between its stages.
Steps = Generator[None, None, object]


def extract_article(
    title: str,
    text: str,
    *,
    published: str | None = None,
    publisher: str = "",
    url: str = "",
    position: int = 0,
) -> ArticleRecord:
    """Every meeting, agreement, metric and person one article reports."""
    return finish(
        _article_steps(
            title, text, published=published, publisher=publisher, url=url, position=position
        )
    )


def finish(steps: Steps):
    """Run a stepwise extraction to its end; its result."""
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value


def _article_steps(
    title: str, text: str, *, published: str | None, publisher: str, url: str, position: int
) -> Steps:
    ctx = analyze(title, text, published)
    yield
    meetings = find_meetings(ctx)
    yield
    agreements = find_agreements(ctx, meetings)
    metrics = find_metrics(ctx)
    for meeting in meetings:
        spans = [meeting.evidence, *meeting.extra_evidence]
        meeting.topics = find_topics(" ".join(s.text for s in spans))
        meeting.organizations = sorted(
            {m.code for s in spans for m in ctx.mentions_in(s.start, s.end) if m.kind == "org"}
        )
    for agreement in agreements:
        span = agreement.evidence
        agreement.organizations = sorted(
            {m.code for m in ctx.mentions_in(span.start, span.end) if m.kind == "org"}
        )
    partners: list[str] = []
    for code in (
        [c for m in meetings for c in m.partners]
        + [c for a in agreements for c in a.partners]
        + [m.partner for m in metrics]
        + [p.country for p in ctx.people if p.side == "partner" and p.level != "other"]
    ):
        if code and code != HUB and code not in partners:
            partners.append(code)
    return ArticleRecord(
        title=title,
        text=text,
        position=position,
        published=ctx.published.isoformat() if ctx.published else None,
        publisher=publisher,
        url=url,
        partners=partners,
        people=ctx.people,
        meetings=meetings,
        agreements=agreements,
        metrics=metrics,
    )


def _raw_items(item: LoadedItem) -> list[RawArticle]:
    if item.title:
        body = item.text
        text = body if body.startswith(item.title) else f"{item.title}\n{body}"
        return [RawArticle(title=item.title, text=text, published=item.published)]
    return split_articles(item.text, item.published)


def extract_document(
    path: str | Path, *, meta: dict | None = None, max_bytes: int | None = None
) -> DocumentRecord:
    """Load one file, split it into articles and extract each; raises BadDocument."""
    return finish(extract_document_steps(path, meta=meta, max_bytes=max_bytes))


def extract_document_steps(
    path: str | Path, *, meta: dict | None = None, max_bytes: int | None = None
) -> Steps:
    """extract_document, pausing (a bare ``yield``) between its costlier stages so that a
    caller can fit them into time it would spend waiting (the ingest, for PostgreSQL);
    returns the DocumentRecord, raises as extract_document does."""
    loaded = load(path, max_bytes=max_bytes or _max_bytes())
    meta = {**loaded.meta, **(meta or {})}
    if loaded.items:
        raw = [article for item in loaded.items for article in _raw_items(item)]
    else:
        raw = split_articles(loaded.text, meta.get("published"))
    document = DocumentRecord(
        name=loaded.name, sha256=loaded.sha256, size=loaded.size, content_type=loaded.content_type
    )
    for position, article in enumerate(raw):
        if len(article.text) > MAX_ARTICLE_CHARS:
            raise BadDocument(
                f"article {position + 1} is too long ({len(article.text):,} characters, "
                f"limit {MAX_ARTICLE_CHARS:,})"
            )
        published = article.published or meta.get("published")
        if position:
            yield
        record = yield from _article_steps(
            article.title,
            article.text,
            published=published,
            publisher=meta.get("publisher", ""),
            url=meta.get("url", "") if len(raw) == 1 else "",
            position=position,
        )
        document.articles.append(record)
    if not document.articles:
        raise BadDocument("no article text found")
    return document


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Document files under the given paths (folders recursively), sidecars skipped."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.endswith(META_SUFFIX) or name.startswith("."):
                        continue
                    yield Path(root) / name
        else:
            yield path


def extract_paths(
    paths: Iterable[str | Path],
) -> Iterator[tuple[Path, DocumentRecord | BadDocument]]:
    """Each document file with its record, or the BadDocument error that stopped it."""
    max_bytes = _max_bytes()
    for path in iter_files(paths):
        try:
            yield path, extract_document(path, max_bytes=max_bytes)
        except BadDocument as error:
            yield path, error
