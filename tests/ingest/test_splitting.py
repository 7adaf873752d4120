"""Documents split into articles with titles and publication dates."""

from pathlib import Path

from ingest.splitting import split_articles, title_from_paragraph

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def test_feed_dump_splits_into_its_nine_items_with_titles_and_dates():
    text = (SEEDS / "004_e0bd10a587fb94d0.txt").read_text(encoding="utf-8")
    articles = split_articles(text)
    assert len(articles) == 9
    assert articles[0].title == "Tokayev to depart for state visit to Pakistan"
    assert articles[5].title == "Kazakh Foreign Minister Met with the Ambassador of Georgia"
    assert [a.published for a in articles] == ["2026-02-02"] * 5 + ["2026-01-31"] + [
        "2026-01-30"
    ] * 3
    assert articles[0].text.startswith("Tokayev to depart")
    assert "02.02.2026" not in articles[1].text


def test_several_items_without_stamps_stay_one_article():
    text = (SEEDS / "002_d258561e8dba7f68.txt").read_text(encoding="utf-8")
    assert len(split_articles(text)) == 1


def test_title_line_without_a_period_is_the_title():
    text = "Kazakh FM discusses the preparations for the meeting of presidents in Ankara\n\nBody."
    assert split_articles(text)[0].title == (
        "Kazakh FM discusses the preparations for the meeting of presidents in Ankara"
    )


def test_paragraph_opening_gives_its_first_clause_as_title():
    assert title_from_paragraph(
        "The Ambassador of the Republic of Kazakhstan to Hungary, Abzal Saparbekuly, took part in "
        "a roundtable discussion with experts of the Danube Institute - one of Hungary’s leading "
        "think thanks. The meeting focused on relations."
    ) == (
        "The Ambassador of the Republic of Kazakhstan to Hungary, Abzal Saparbekuly, took part in "
        "a roundtable discussion with experts of the Danube Institute"
    )
    assert (
        title_from_paragraph(
            "ASTANA – President Kassym-Jomart Tokayev will attend the Informal Summit on May 20 in "
            "Budapest, where OTS leaders are expected to discuss trade, reported Kazinform."
        )
        == "ASTANA – President Kassym-Jomart Tokayev will attend the Informal Summit on May 20 "
        "in Budapest"
    )


def test_introductory_phrase_is_the_title_of_a_paragraph_opening():
    assert (
        title_from_paragraph(
            "Ahead of the visit to Astana by Hungarian Prime Minister Viktor Orbán in early April, "
            "Nurbakh Rustemov, Kazakhstan’s Ambassador in Budapest, shared his views."
        )
        == "Ahead of the visit to Astana by Hungarian Prime Minister Viktor Orbán in early April"
    )


def test_single_page_with_a_date_line_under_its_title():
    for text in (
        "Tokayev meets Putin\n14.03.2025, 14:32\nASTANA. KAZINFORM – Text.",
        "Tokayev meets Putin\n14 March 2025, 14:32\nASTANA. KAZINFORM – Text.",
        "Tokayev meets Putin\n14:32, 14 March 2025\nASTANA. KAZINFORM – Text.",
        "Tokayev meets Putin\nMarch 14, 2025 at 2:32 PM\nText.",
        "Tokayev meets Putin\nPublished: 14 March 2025\nText.",
        "Tokayev meets Putin\n14.03.2025\nText.",
    ):
        (article,) = split_articles(text)
        assert (article.title, article.published) == ("Tokayev meets Putin", "2025-03-14")


def test_newspaper_byline_under_the_title_dates_the_article():
    text = (
        "Kazakhstan and Korea expand cooperation in batteries\n"
        "By Aibarshyn Akhmetkali in Business on 4 September 2024\n\n"
        "ASTANA – Korean companies plan to build a cathode plant in Pavlodar."
    )
    (article,) = split_articles(text)
    assert article.published == "2024-09-04"
    (undated,) = split_articles("Title line\nBy the end of 2025, trade is to reach $1 billion.")
    assert undated.published is None


def test_an_abbreviated_month_before_its_day_does_not_end_a_sentence():
    from ingest.nlp import split_sentences

    text = "The commission met in Baku on Nov. 20. The next meeting is due in Sept. It went well."
    assert [s.text for s in split_sentences(text)] == [
        "The commission met in Baku on Nov. 20.",
        "The next meeting is due in Sept.",
        "It went well.",
    ]


def test_a_date_line_after_the_lead_or_after_a_place_name_dates_the_article():
    wire = (
        "Kazakhstan and Vietnam agree to expand rice and wheat trade\n"
        "HANOI. KAZINFORM – Vice Minister of Agriculture Yermek Kenzhekhanuly met with "
        "Deputy Minister of Agriculture of Vietnam Phung Duc Tien in Hanoi on Monday.\n"
        "\n"
        "8 April 2025, 16:05\n"
        "\n"
        "The sides discussed grain supplies."
    )
    assert split_articles(wire)[0].published == "2025-04-08"
    placed = (
        "President receives Governor of the Bank of England\n"
        "Astana, 3 March 2025\n"
        "\n"
        "The Head of State received the delegation."
    )
    assert split_articles(placed)[0].published == "2025-03-03"
    # A sentence that merely contains a date is no date line.
    prose = (
        "Trade with Vietnam grows\n"
        "The sides met on 8 April 2025, 16:05 local time, in Hanoi and discussed grain."
    )
    assert split_articles(prose)[0].published is None
