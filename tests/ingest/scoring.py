"""Score extracted documents against expected ones, with the matching rules of SCHEMA.md.

A small in-repo twin of ../shared/eval/score.py so that tests can assert on F1 and say
which records were missed or invented, without shelling out to the evaluation script.
"""

import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher

KINDS = ("meetings", "agreements", "metrics")
STOP_WORDS = {"the", "of", "and", "a", "an", "on", "in", "for", "between", "to", "with", "by", "at"}


def fold(text: str | None) -> str:
    """Accent-, case- and apostrophe-insensitive form of a text, for comparing."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.lower().replace("’", "'")


def content_words(text: str | None) -> set[str]:
    """The words of a title that carry meaning (no stop words, no punctuation)."""
    cleaned = "".join(ch if ch.isalnum() else " " for ch in fold(text))
    return {word for word in cleaned.split() if word not in STOP_WORDS}


def date_agrees(gold: str | None, pred: str | None) -> bool:
    """A null gold date is not scored; otherwise the prediction must start with it."""
    if not gold:
        return True
    return bool(pred) and str(pred).startswith(str(gold))


def titles_agree(gold: str | None, pred: str | None) -> bool:
    """Titles agree when they share at least 60% of the shorter one's content words."""
    g, p = content_words(gold), content_words(pred)
    if not g or not p:
        return False
    return len(g & p) / min(len(g), len(p)) >= 0.6


def values_agree(gold: dict, pred: dict) -> bool:
    """Amounts within 2%, percentages within 0.05 points."""
    try:
        g, p = float(gold["value"]), float(pred["value"])
    except (KeyError, TypeError, ValueError):
        return False
    if gold.get("unit") == "percent":
        return abs(g - p) <= 0.05
    if g == 0:
        return p == 0
    return abs(g - p) / abs(g) <= 0.02


def compatible(kind: str, gold: dict, pred: dict) -> bool:
    """Whether a predicted record may count as the gold one."""
    if kind == "metrics":
        return (
            gold.get("partner") == pred.get("partner")
            and gold.get("unit") == pred.get("unit")
            and values_agree(gold, pred)
        )
    partners_overlap = bool(set(gold.get("partners") or []) & set(pred.get("partners") or []))
    if not partners_overlap or not date_agrees(gold.get("date"), pred.get("date")):
        return False
    return kind == "meetings" or titles_agree(gold.get("title"), pred.get("title"))


def _affinity(gold: dict, pred: dict) -> float:
    # Among compatible pairs, prefer the one agreeing on more details, so that two
    # meetings on the same day pair up the way a reader would pair them.
    score = sum(gold.get(key) == pred.get(key) for key in ("status", "kind", "indicator"))
    return (
        score
        + SequenceMatcher(None, fold(gold.get("evidence")), fold(pred.get("evidence"))).ratio()
    )


def match_records(kind: str, golds: list[dict], preds: list[dict]) -> list[tuple[int, int]]:
    """Greedy one-to-one pairing of gold and predicted records (indices)."""
    candidates = sorted(
        (
            (_affinity(g, p), i, j)
            for i, g in enumerate(golds)
            for j, p in enumerate(preds)
            if compatible(kind, g, p)
        ),
        reverse=True,
    )
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for _, i, j in candidates:
        if i not in used_gold and j not in used_pred:
            used_gold.add(i)
            used_pred.add(j)
            pairs.append((i, j))
    return pairs


def align_articles(golds: list[dict], preds: list[dict]) -> list[tuple[dict, dict]]:
    """Pair the articles of one file by title; unpaired ones face an empty article."""
    if len(golds) == 1 and len(preds) == 1:
        return [(golds[0], preds[0])]
    candidates = sorted(
        (
            (SequenceMatcher(None, fold(g.get("title")), fold(p.get("title"))).ratio(), i, j)
            for i, g in enumerate(golds)
            for j, p in enumerate(preds)
        ),
        reverse=True,
    )
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for ratio, i, j in candidates:
        if ratio >= 0.5 and i not in used_gold and j not in used_pred:
            used_gold.add(i)
            used_pred.add(j)
            pairs.append((golds[i], preds[j]))
    pairs += [(g, {}) for i, g in enumerate(golds) if i not in used_gold]
    pairs += [({}, p) for j, p in enumerate(preds) if j not in used_pred]
    return pairs


@dataclass
class Tally:
    """True positives, false positives and false negatives of one category."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, matched: int, n_gold: int, n_pred: int) -> None:
        self.tp += matched
        self.fn += n_gold - matched
        self.fp += n_pred - matched

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    """Scores of a set of documents, with every missed and every invented record."""

    tallies: dict[str, Tally] = field(default_factory=lambda: {k: Tally() for k in KINDS})
    partners: Tally = field(default_factory=Tally)
    missed: list[str] = field(default_factory=list)
    invented: list[str] = field(default_factory=list)

    @property
    def overall(self) -> Tally:
        """Micro-average over meetings, agreements and metrics."""
        total = Tally()
        for tally in self.tallies.values():
            total.tp += tally.tp
            total.fp += tally.fp
            total.fn += tally.fn
        return total

    def summary(self) -> str:
        """One line per category, then the overall line, as score.py prints them."""
        lines = [
            f"{name:<11} P {t.precision:.2f} R {t.recall:.2f} F1 {t.f1:.2f} "
            f"(tp {t.tp}, fp {t.fp}, fn {t.fn})"
            for name, t in [("partners", self.partners), *self.tallies.items()]
        ]
        o = self.overall
        lines.append(f"overall F1 {o.f1:.3f} (P {o.precision:.3f} R {o.recall:.3f})")
        return "\n".join(lines)


def _describe(kind: str, record: dict) -> str:
    if kind == "metrics":
        head = f"{record.get('partner')} {record.get('value')} {record.get('unit')}"
    else:
        head = f"{record.get('partners')} {record.get('date')} {record.get('title', '')}".rstrip()
    return f"{kind}: {head} | {str(record.get('evidence', ''))[:90]}"


def score(gold_docs: list[dict], pred_docs: list[dict]) -> Report:
    """Score predicted documents (schema dicts) against gold ones, paired by ``doc`` name."""
    report = Report()
    by_name = {doc.get("doc"): doc for doc in pred_docs}
    for gold in gold_docs:
        pred = by_name.get(gold["doc"], {"articles": []})
        for g_art, p_art in align_articles(gold["articles"], pred.get("articles", [])):
            g_partners, p_partners = set(g_art.get("partners", [])), set(p_art.get("partners", []))
            report.partners.add(len(g_partners & p_partners), len(g_partners), len(p_partners))
            for kind in KINDS:
                golds, preds = g_art.get(kind, []), p_art.get(kind, [])
                pairs = match_records(kind, golds, preds)
                report.tallies[kind].add(len(pairs), len(golds), len(preds))
                hit_gold = {i for i, _ in pairs}
                hit_pred = {j for _, j in pairs}
                report.missed += [
                    f"{gold['doc']} {_describe(kind, r)}"
                    for i, r in enumerate(golds)
                    if i not in hit_gold
                ]
                report.invented += [
                    f"{gold['doc']} {_describe(kind, r)}"
                    for j, r in enumerate(preds)
                    if j not in hit_pred
                ]
    return report
