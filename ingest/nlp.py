"""One shared spaCy pipeline (tokenizer + sentencizer) and sentences with character offsets."""

import itertools
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .records import Span

# Abbreviations after which a period does not end a sentence ("H.E. Hakan Fidan").
_NO_BREAK_AFTER = {"h.e.", "mr.", "mrs.", "ms.", "dr.", "prof.", "st.", "gen.", "no.", "vs."}


@cache
def nlp() -> Language:
    """The blank English pipeline with a sentencizer, built once per process."""
    pipeline = spacy.blank("en")
    # "Kazakhstan- Türkiye": split a trailing hyphen so the country name stays a token.
    suffixes = [*pipeline.Defaults.suffixes, r"[-–—]"]
    pipeline.tokenizer.suffix_search = spacy.util.compile_suffix_regex(suffixes).search
    pipeline.add_pipe("sentencizer")
    return pipeline


def parse(text: str) -> Doc:
    """Tokenize and sentence-split a text."""
    return nlp()(text)


def sentences(doc: Doc) -> list[Span]:
    """Sentences as Spans into the doc's text; a line break always ends a sentence."""
    text = doc.text
    starts = [0]
    for i, token in enumerate(doc):
        if i == 0:
            continue
        prev = doc[i - 1]
        if "\n" in prev.text or "\n" in prev.whitespace_:
            starts.append(token.idx)
        elif token.is_sent_start and prev.text.lower() not in _NO_BREAK_AFTER:
            if not (len(prev.text) == 2 and prev.text[0].isupper() and prev.text[1] == "."):
                starts.append(token.idx)
    starts.append(len(text))
    result = []
    for a, b in itertools.pairwise(starts):
        chunk = text[a:b]
        stripped = chunk.strip()
        if not stripped:
            continue
        lead = len(chunk) - len(chunk.lstrip())
        start = a + lead
        result.append(Span(stripped, start, start + len(stripped)))
    return result
