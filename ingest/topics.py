"""Topics of cooperation named in a text, as the slugs of relations.services.TOPICS."""

import re

_KEYWORDS = {
    "trade": r"trade|export\w*|import\w*|commerc\w*|turnover|market access|supplier",
    "investment": r"invest\w*|capital|financial cooperation|fund",
    "energy": r"energy|oil|gas|uranium|electricity|power plant|renewable|hydrogen|nuclear|"
    r"critical minerals|rare earth|mining",
    "transport": r"transport\w*|logistics|transit|corridor|railway|connectivity|flights?|"
    r"port|Middle Corridor|Trans-Caspian",
    "agriculture": r"agricultur\w*|agro\w*|wheat|grain|fertili[sz]ers?|food|livestock|farm\w*",
    "culture": r"cultur\w*|humanitarian|heritage|language\w*|film|art|people-to-people|diaspora\w*",
    "education": r"educat\w*|universit\w*|school\w*|student\w*|scien\w*|research\w*|academ\w*",
    "security": r"security|defen[cs]e|terroris\w*|military|crime|extremism|border",
    "health": r"health\w*|medic\w*|pharma\w*|hospital\w*",
    "digital": r"digital\w*|artificial intelligence|cyber\w*|technolog\w*|innovation\w*|space",
    "environment": r"environment\w*|climate|green economy|green energy|ecolog\w*|water|emission\w*",
    "tourism": r"touris\w*|visa-free|travel\w*",
}
# Abbreviations that are ordinary words in lowercase ("it", "ai") must keep their case.
_CASE_SENSITIVE = {"digital": r"\b(?:IT|AI)\b", "investment": r"\bAIFC\b"}
# One pass over the text: every keyword is a branch named after its topic.
_ANY = re.compile(
    r"\b(?:" + "|".join(f"(?P<{slug}>{pattern})" for slug, pattern in _KEYWORDS.items()) + r")\b",
    re.IGNORECASE,
)
_EXACT = re.compile("|".join(f"(?P<{slug}>{p})" for slug, p in _CASE_SENSITIVE.items()))


def find_topics(text: str) -> list[str]:
    """Topic slugs whose keywords occur in a text, in taxonomy order."""
    found = {m.lastgroup for m in _ANY.finditer(text)}
    found |= {m.lastgroup for m in _EXACT.finditer(text)}
    return [slug for slug in _KEYWORDS if slug in found]
