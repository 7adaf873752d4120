"""Reading documents from disk: plain text, HTML (via trafilatura) and JSON Lines.

Anything we cannot read as a news text raises BadDocument with a reason a person can act on.
"""

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
META_SUFFIX = ".meta.json"


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


class BadDocument(Exception):
    """A file that cannot be read as a news document; ``reason`` says why."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class LoadedItem:
    """One article as a loader sees it before splitting: its text and what the source says."""

    text: str
    title: str = ""
    published: str | None = None
    publisher: str = ""
    url: str = ""


@dataclass
class LoadedDocument:
    """A file's identity and the text (or items) it holds."""

    name: str
    sha256: str
    size: int
    content_type: str  # text | html | jsonl
    text: str = ""
    items: list[LoadedItem] = field(default_factory=list)  # html/jsonl: already one per article
    meta: dict = field(default_factory=dict)


def read_meta(path: Path) -> dict:
    """The sidecar NAME.meta.json (published/publisher/url) next to a document, if any."""
    sidecar = path.with_name(path.name + META_SUFFIX)
    if not sidecar.exists():
        sidecar = path.with_suffix(META_SUFFIX)
    if not sidecar.exists():
        return {}
    try:
        data = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BadDocument(f"unreadable sidecar {sidecar.name}: {exc}") from exc
    if not isinstance(data, dict):
        raise BadDocument(f"sidecar {sidecar.name} is not a JSON object")
    return {k: data[k] for k in ("published", "publisher", "url", "title") if data.get(k)}


def decode(data: bytes) -> str:
    """Bytes as UTF-8 text, or BadDocument for empty, binary or non-UTF-8 content."""
    if not data.strip():
        raise BadDocument("empty file")
    if b"\x00" in data:
        raise BadDocument("binary content (NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadDocument(f"not valid UTF-8 (byte {exc.start})") from exc
    controls = len(_CONTROL.findall(text))
    if controls > max(8, len(text) // 100):
        raise BadDocument("binary content (control characters)")
    if not text.strip():
        raise BadDocument("no readable text (only white space or control characters)")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _looks_like_html(name: str, text: str) -> bool:
    if name.lower().endswith((".html", ".htm", ".xhtml")):
        return True
    head = text.lstrip()[:200].lower()
    return head.startswith(("<!doctype html", "<html"))


def _html_item(text: str) -> LoadedItem:
    import trafilatura

    result = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False)
    if result is None:
        raise BadDocument("HTML page without readable main text")
    data = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    body = (data.get("text") or "").strip()
    if not body:
        raise BadDocument("HTML page without readable main text")
    return LoadedItem(
        text=body,
        title=(data.get("title") or "").strip(),
        published=data.get("date") or None,
        publisher=data.get("sitename") or "",
        url=data.get("url") or "",
    )


def _jsonl_items(text: str) -> list[LoadedItem]:
    items = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except ValueError as exc:
            raise BadDocument(f"line {number} is not JSON: {exc.msg}") from exc
        if not isinstance(data, dict):
            raise BadDocument(f"line {number} is not a JSON object")
        body = data.get("text") or data.get("body") or data.get("content") or ""
        if not isinstance(body, str) or not body.strip():
            raise BadDocument(f"line {number} has no text")
        items.append(
            LoadedItem(
                text=body.strip(),
                title=str(data.get("title") or "").strip(),
                published=data.get("published") or data.get("date") or None,
                publisher=str(data.get("publisher") or data.get("source") or ""),
                url=str(data.get("url") or ""),
            )
        )
    if not items:
        raise BadDocument("no JSON lines")
    return items


def load_bytes(name: str, data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> LoadedDocument:
    """A document from its name and bytes (no disk access)."""
    if len(data) > max_bytes:
        raise BadDocument(f"too large ({len(data)} bytes, limit {max_bytes})")
    text = decode(data)
    doc = LoadedDocument(
        name=name, sha256=hashlib.sha256(data).hexdigest(), size=len(data), content_type="text"
    )
    if name.lower().endswith((".jsonl", ".ndjson")):
        doc.content_type = "jsonl"
        doc.items = _jsonl_items(text)
    elif _looks_like_html(name, text):
        doc.content_type = "html"
        doc.items = [_html_item(text)]
    else:
        doc.text = text
    return doc


def load(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> LoadedDocument:
    """Read one document file and its sidecar metadata."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise BadDocument(f"too large ({size} bytes, limit {max_bytes})")
        data = path.read_bytes()
    except OSError as exc:
        raise BadDocument(f"cannot read: {exc.strerror or exc}") from exc
    doc = load_bytes(path.name, data, max_bytes=max_bytes)
    doc.meta = read_meta(path)
    return doc
