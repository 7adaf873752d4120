"""Building the evidence spans that hand-made records carry."""

from ingest.records import Span


def span_in(body: str, sentence: str) -> Span:
    """``sentence`` as a Span at its first place in ``body``."""
    start = body.index(sentence)
    return Span(sentence, start, start + len(sentence))
