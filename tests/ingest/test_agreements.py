"""Agreements: documents signed or to be signed, named as the text names them."""

from ingest.pipeline import extract_article


def agreements(text, title="Title", published=None):
    article = extract_article(title, f"{title}\n{text}", published=published)
    return [(a.partners, a.title, a.kind, a.status, a.date.value) for a in article.agreements]


def test_signed_plan_keeps_its_full_title_and_the_meeting_date():
    text = (
        "Minister of Foreign Affairs of Kazakhstan Yermek Kosherbayev took part in the 8th meeting "
        "of the Kazakhstan-Türkiye Joint Strategic Planning Group.\nAt the conclusion of the "
        "meeting, a Cooperation Plan between the Ministries of Foreign Affairs of Kazakhstan and "
        "Türkiye for 2026-2027 was signed."
    )
    assert agreements(text, published="2026-02-02") == [
        (
            ["TUR"],
            "Cooperation Plan between the Ministries of Foreign Affairs of Kazakhstan and Türkiye "
            "for 2026-2027",
            "plan",
            "signed",
            "2026-02-02",
        )
    ]


def test_declaration_expected_at_a_summit_is_planned_with_the_summit_partners():
    text = (
        "President Kassym-Jomart Tokayev will attend the summit in Budapest with the leaders of "
        "Azerbaijan and Uzbekistan.\nThe summit is expected to conclude with the adoption of the "
        "Budapest Declaration."
    )
    ((partners, title, kind, status, _),) = agreements(text)
    assert (title, kind, status) == ("Budapest Declaration", "declaration", "planned")
    assert {"AZE", "UZB"} <= set(partners)


def test_lowercase_documents_are_named_with_their_qualifiers():
    text = (
        "Hungary, a key partner of Kazakhstan in the European Union, became the first EU country "
        "to sign a strategic partnership agreement with Astana."
    )
    assert [(p, t, s) for p, t, _, s, _ in agreements(text)] == [
        (["HUN"], "strategic partnership agreement with Astana", "signed")
    ]


def test_several_documents_in_one_sentence_are_separate():
    text = (
        "In the presence of the two leaders, Kazakhstan and the United Arab Emirates exchanged an "
        "agreement with Masdar on the construction of a 1 GW wind power plant and an agreement on "
        "cooperation in the field of artificial intelligence."
    )
    titles = [t for _, t, *_ in agreements(text, published="2025-01-14")]
    assert titles == [
        "agreement with Masdar on the construction of a 1 GW wind power plant",
        "agreement on cooperation in the field of artificial intelligence",
    ]


def test_headline_document_is_folded_into_the_body_one():
    title = "Kazakhstan and Uzbekistan sign Treaty on Allied Relations"
    text = (
        "On Thursday, following the talks, the two leaders signed the Treaty on Allied Relations "
        "between the Republic of Kazakhstan and the Republic of Uzbekistan."
    )
    found = agreements(text, title=title, published="2022-12-22")
    assert len(found) == 1
    assert found[0][3:] == ("signed", "2022-12-22")


def test_vague_agreements_are_not_documents():
    text = (
        "Minister Kosherbayev informed him about the progress in implementing agreements reached "
        "at the highest level with Türkiye. We also anticipate agreements on trade, logistics "
        "and environmental protection with Hungary."
    )
    assert agreements(text) == []


def test_documents_listed_under_a_signing_sentence_are_each_signed():
    text = (
        "Following the talks between President Kassym-Jomart Tokayev and Prime Minister of "
        "Hungary Viktor Orbán, the following documents were signed:\n"
        "- Agreement between the Government of the Republic of Kazakhstan and the Government of "
        "Hungary on cooperation in the field of agriculture;\n"
        "- Roadmap for the development of trade and economic cooperation for 2026-2028."
    )
    found = agreements(text, published="2025-11-10")
    assert [(k, s) for _, _, k, s, _ in found] == [("agreement", "signed"), ("roadmap", "signed")]
    assert found[0][1].endswith("of Hungary on cooperation in the field of agriculture")


def test_two_named_statements_joined_by_and_stay_two():
    text = (
        "Following the summit in Astana with the leaders of Azerbaijan and Qatar, the leaders "
        "adopted the Astana Statement on the Transformation of CICA and the CICA Statement on "
        "Cooperation in the Field of Security."
    )
    titles = [t for _, t, *_ in agreements(text, title="Kazakhstan hosts CICA summit")]
    assert titles == [
        "Astana Statement on the Transformation of CICA",
        "CICA Statement on Cooperation in the Field of Security",
    ]


def test_documents_between_other_states_that_kazakhstan_welcomes_are_not_its_own():
    text = (
        "The Ministry of Foreign Affairs of Kazakhstan welcomes the signing of the Agreement on "
        "the Establishment of Peace and Interstate Relations between the Republic of Armenia and "
        "the Republic of Azerbaijan."
    )
    assert agreements(text, published="2025-08-09") == []


def test_a_document_among_the_agreements_reached_on_a_dated_visit_is_signed_then():
    text = (
        "ASTANA, 10 April 2025 – President Kassym-Jomart Tokayev had a telephone conversation "
        "with Prime Minister of Malaysia Anwar Ibrahim.\nThe leaders reviewed the agreements "
        "reached during the official visit of the Malaysian Prime Minister to Astana in May last "
        "year, including the memorandum of understanding on cooperation in halal industry.\nThey "
        "noted the agreements reached at the highest level, including on trade."
    )
    assert agreements(text, title="Tokayev and Anwar Ibrahim hold phone talks") == [
        (
            ["MYS"],
            "memorandum of understanding on cooperation in halal industry",
            "memorandum",
            "signed",
            "2024-05",
        )
    ]


def test_a_signing_after_a_planned_document_does_not_take_the_plans_date():
    text = (
        "ASTANA, 6 June 2025 – Prime Minister Olzhas Bektenov held talks with Prime Minister of "
        "Mongolia Gombojavyn Zandanshatar.\nThe sides agreed to prepare an Agreement on Free Trade "
        "for signing next year.\nThe ministers of agriculture then signed a Protocol on "
        "Phytosanitary Requirements for Wheat Exports."
    )
    found = agreements(text, title="Kazakh and Mongolian Prime Ministers meet")
    assert [(a[3], a[4]) for a in found] == [("planned", "2026"), ("signed", "2025-06-06")]


def test_the_two_leaders_are_the_kazakh_side_of_a_planned_document():
    title = "Tokayev and Mirziyoyev hold talks in Samarkand"
    text = (
        "SAMARKAND, 14 May 2025 – President Kassym-Jomart Tokayev and President of Uzbekistan "
        "Shavkat Mirziyoyev held talks on Wednesday.\nThe two leaders are expected to sign a "
        "treaty on the demarcation of the state border."
    )
    found = agreements(text, title=title)
    assert [(a[0], a[3]) for a in found] == [(["UZB"], "planned")]


def test_a_named_contract_is_a_document_and_contracts_in_bulk_are_not():
    text = (
        "Kazakhstan Temir Zholy and French company Alstom signed a contract for the supply of "
        "200 electric locomotives, the Ministry of Transport of Kazakhstan reports.\n"
        "French and Kazakh companies also signed contracts worth $500 million."
    )
    found = agreements(text, title="Kazakhstan and France", published="2025-04-02")
    assert [(a[0], a[1], a[3]) for a in found] == [
        (["FRA"], "contract for the supply of 200 electric locomotives", "signed")
    ]
