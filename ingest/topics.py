"""Topics of cooperation named in a text, as the slugs of relations.services.TOPICS."""

import re

_KEYWORDS = {
    "trade": r"trade|export\w*|import\w*|commerc\w*|turnover|market access|supplier",
    "investment": r"invest\w*|capital|financial cooperation|AIFC|fund",
    "energy": r"energy|oil|gas|uranium|electricity|power plant|renewable|hydrogen|nuclear|"
    r"critical minerals|rare earth|mining",
    "transport": r"transport\w*|logistics|transit|corridor|railway|connectivity|flights?|"
    r"port|Middle Corridor|Trans-Caspian",
    "agriculture": r"agricultur\w*|agro\w*|wheat|grain|fertili[sz]ers?|food|livestock|farm\w*",
    "culture": r"cultur\w*|humanitarian|heritage|language\w*|film|art|people-to-people|diaspora\w*",
    "education": r"educat\w*|universit\w*|school\w*|student\w*|scien\w*|research\w*|academ\w*",
    "security": r"security|defen[cs]e|terroris\w*|military|crime|extremism|border",
    "health": r"health\w*|medic\w*|pharma\w*|hospital\w*",
    "digital": r"digital\w*|IT|artificial intelligence|AI|cyber\w*|technolog\w*|innovation\w*|space",
    "environment": r"environment\w*|climate|green economy|green energy|ecolog\w*|water|emission\w*",
    "tourism": r"touris\w*|visa-free|travel\w*",
}
_CASE_SENSITIVE = {"IT", "AI", "AIFC"}
_PATTERNS = {
    slug: re.compile(
        "|".join(
            rf"\b{w}\b" if w in _CASE_SENSITIVE else rf"(?i:\b{w}\b)" for w in pattern.split("|")
        )
    )
    for slug, pattern in _KEYWORDS.items()
}


def find_topics(text: str) -> list[str]:
    """Topic slugs whose keywords occur in a text, in taxonomy order."""
    return [slug for slug, pattern in _PATTERNS.items() if pattern.search(text)]
