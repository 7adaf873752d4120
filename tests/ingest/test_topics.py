"""Topic slugs from cooperation keywords."""

from ingest.topics import find_topics
from relations.services import TOPICS


def test_keywords_map_to_the_dashboard_topics():
    text = (
        "The parties discussed trade and investments, energy security, the Trans-Caspian "
        "International Transport Route, agriculture, culture and education, health, AI, the "
        "environment and tourism."
    )
    assert find_topics(text) == [slug for slug, _ in TOPICS]


def test_abbreviations_keep_their_case():
    assert find_topics("it is said that ai is the future") == []
    assert find_topics("cooperation in IT and AI") == ["digital"]
