"""Meetings: held or planned, their format, partners, people, dates, and one per encounter."""

from ingest.pipeline import extract_article


def meetings(text, title="Title", published=None):
    article = extract_article(title, f"{title}\n{text}", published=published)
    return [(m.partners, m.status, m.format, m.date.value, m.date.end) for m in article.meetings]


def test_talks_with_an_ambassador_are_held_on_the_publication_date():
    text = (
        "Minister of Foreign Affairs of the Republic of Kazakhstan Yermek Kosherbayev held a "
        "meeting with Ambassador of Georgia Levan Diasamidze.\nDuring the meeting, the parties "
        "discussed the bilateral agenda."
    )
    assert meetings(text, published="2026-01-31") == [
        (["GEO"], "held", "talks", "2026-01-31", None)
    ]


def test_announced_state_visit_is_planned_with_its_date_range_and_the_talks_inside_it():
    title = "Tokayev to depart for state visit to Pakistan"
    text = (
        "President Kassym-Jomart Tokayev will pay a state visit to Pakistan from February 3 to 4, "
        "2026.\nAs part of the visit, the Head of State is set to hold talks with Pakistani Prime "
        "Minister Shehbaz Sharif.\nThe Kazakh leader is expected to join the Kazakhstan-Pakistan "
        "business forum as well."
    )
    found = extract_article(title, f"{title}\n{text}", published="2026-02-02").meetings
    assert len(found) == 1
    meeting = found[0]
    assert (meeting.partners, meeting.status, meeting.date.value, meeting.date.end) == (
        ["PAK"],
        "planned",
        "2026-02-03",
        "2026-02-04",
    )
    assert [p.name for p in meeting.kz_people] == ["Kassym-Jomart Tokayev"]
    assert [p.name for p in meeting.partner_people] == ["Shehbaz Sharif"]


def test_telephone_conversation_is_a_call():
    text = (
        "President Kassym-Jomart Tokayev had a telephone conversation with President of "
        "Azerbaijan Ilham Aliyev on Tuesday."
    )
    assert meetings(text, published="2025-01-15") == [(["AZE"], "held", "call", "2025-01-14", None)]


def test_received_during_an_official_visit_is_one_meeting():
    text = (
        "As part of an official visit to Ankara, the Minister of Foreign Affairs of the Republic "
        "of Kazakhstan, Yermek Kosherbayev, was received by the President of the Republic of "
        "Türkiye, Recep Tayyip Erdoğan.\nDuring the meeting, President Erdoğan expressed "
        "satisfaction.\nThe parties hope the visit of the Minister to Ankara gives new impetus."
    )
    assert meetings(text, published="2026-02-02") == [
        (["TUR"], "held", "talks", "2026-02-02", None)
    ]


def test_past_meeting_and_upcoming_summit_in_one_article_are_two_meetings():
    text = (
        "In a recent meeting held in Ankara, Kazakh Foreign Minister Mukhtar Tleuberdi met with "
        "his Turkish counterpart, Mevlüt Çavuşoğlu, for discussions on the upcoming meeting of "
        "presidents.\nThe presidential summit, scheduled to take place later this year, will see "
        "President Nursultan Nazarbayev of Kazakhstan meeting Turkish President Recep Tayyip "
        "Erdoğan."
    )
    found = meetings(text)
    assert sorted((p, s) for p, s, *_ in found) == [(["TUR"], "held"), (["TUR"], "planned")]


def test_summit_partners_are_the_states_named_as_taking_part():
    text = (
        "President Kassym-Jomart Tokayev will attend the Informal Summit of the Organization of "
        "Turkic States (OTS) on May 20 in Budapest.\nThe event will bring together the "
        "presidents of the OTS member states – Azerbaijan, Kazakhstan, the Kyrgyz Republic, "
        "Türkiye, and Uzbekistan."
    )
    ((partners, status, fmt, date, _),) = meetings(text)
    assert (sorted(partners), status, fmt, date) == (
        ["AZE", "HUN", "KGZ", "TUR", "UZB"],
        "planned",
        "summit",
        None,
    )


def test_commission_meeting_with_its_own_past_date_is_a_separate_meeting():
    text = (
        "H.E. Yermek Kosherbayev and H.E. Hakan Fidan, Minister of Foreign Affairs of the "
        "Republic of Türkiye presided over the 8th meeting of the Joint Strategic Planning Group "
        "on 2 February 2026 in Ankara.\nThe Foreign Ministers of Kazakhstan and Türkiye noted the "
        "Action Plan of the 13th Meeting of the Joint Economic Commission, held on 25 April 2024 "
        "in Ankara."
    )
    assert [(p, d) for p, _, _, d, _ in meetings(text, published="2026-02-02")] == [
        (["TUR"], "2026-02-02"),
        (["TUR"], "2024-04-25"),
    ]


def test_sideline_talks_with_two_leaders_are_two_bilateral_meetings():
    text = (
        "On Wednesday, on the eve of the summit, the Head of State held bilateral talks with "
        "Prime Minister of Pakistan Shehbaz Sharif and President of Türkiye Recep Tayyip Erdoğan."
    )
    assert sorted(meetings(text, published="2024-07-04")) == [
        (["PAK"], "held", "talks", "2024-07-03", None),
        (["TUR"], "held", "talks", "2024-07-03", None),
    ]


def test_proposals_and_generic_plurals_are_not_meetings():
    text = (
        "Ambassador of Kazakhstan to Ethiopia Zhalgas Adilbayev held a meeting with Ethiopian "
        "officials.\nThe diplomat proposed that the leadership consider visiting Kazakhstan.\n"
        "The Sides expressed their satisfaction with the frequency of high-level visits.\n"
        "In closing, the parties agreed to continue working meetings."
    )
    assert meetings(text, published="2026-01-30") == [
        (["ETH"], "held", "talks", "2026-01-30", None)
    ]


def test_countries_named_in_passing_are_not_partners():
    text = (
        "Foreign Ministers Kosherbayev and Fidan met in Ankara and elaborated on developments, "
        "including in Afghanistan, Gaza, Ukraine and Syria."
    )
    assert [p for p, *_ in meetings(text)] == [["TUR"]]


def test_opinion_without_an_event_has_no_meetings():
    text = (
        "Kazakhstan is scrambling to keep its diplomatic options open amid rising tension. Only in "
        "recent years has Russia begun to pay attention to soft power, while China and the United "
        "States have developed their own presence in the region."
    )
    assert meetings(text) == []


def test_a_summit_and_a_visit_discussed_in_one_sentence_are_two_plans():
    text = (
        "President Kassym-Jomart Tokayev and President of Russia Vladimir Putin held a phone "
        "conversation.\nThe leaders also discussed the agenda of the upcoming CIS summit in "
        "Dushanbe and the preparations for the Russian President's visit to Kazakhstan."
    )
    assert sorted((p, s, f) for p, s, f, *_ in meetings(text)) == [
        (["RUS"], "held", "call"),
        (["RUS"], "planned", "visit"),
        (["TJK"], "planned", "summit"),
    ]


def test_tourists_visiting_is_not_a_meeting():
    text = "The number of Chinese tourists who visited Kazakhstan in 2024 grew by 40% to 650,000."
    assert meetings(text, title="Kazakhstan and China tourism") == []


def test_summits_held_in_two_host_countries_are_two_meetings():
    text = (
        "The ministers discussed the organization of the upcoming Summits of the Heads of State "
        "of the OTS to be held in Kazakhstan (Turkistan) and Türkiye in 2026."
    )
    found = extract_article("Title", f"Title\n{text}", published="2026-02-02").meetings
    assert [(m.partners, m.status, m.date.value, m.location) for m in found] == [
        (["TUR"], "planned", "2026", "Turkistan"),
        (["TUR"], "planned", "2026", "Türkiye"),
    ]


def test_a_tour_of_several_countries_is_one_visit_each():
    text = "In 2024, President Tokayev paid official visits to France, Germany and Italy."
    assert sorted((p, s, f, d) for p, s, f, d, _ in meetings(text, title="Visits")) == [
        (["DEU"], "held", "visit", "2024"),
        (["FRA"], "held", "visit", "2024"),
        (["ITA"], "held", "visit", "2024"),
    ]


def test_an_earlier_meeting_recalled_during_a_call_is_its_own_meeting():
    text = (
        "President Kassym-Jomart Tokayev had a telephone conversation with President of "
        "Azerbaijan Ilham Aliyev.\nThe leaders discussed the implementation of the agreements "
        "reached during their meeting in Baku in November 2024."
    )
    assert sorted((p, f, d) for p, _, f, d, _ in meetings(text)) == [
        (["AZE"], "call", None),
        (["AZE"], "talks", "2024-11"),
    ]


def test_meetings_between_other_states_that_kazakhstan_welcomes_are_not_its_own():
    title = "Kazakhstan welcomes Armenia-Azerbaijan summit"
    text = (
        "Kazakhstan welcomes the meeting between the leaders of Armenia and Azerbaijan held in "
        "Washington.\nThe Kazakh side welcomed the upcoming visit of the President of Estonia."
    )
    assert [(p, s) for p, s, *_ in meetings(text, title=title)] == [(["EST"], "planned")]


def test_received_means_an_audience_only_with_a_person_or_delegation():
    assert meetings("Kazakhstan received a shipment of vaccines from China.") == []
    assert [p for p, *_ in meetings("The President received a delegation from Japan.")] == [["JPN"]]


def test_taking_part_in_a_named_council_abroad_is_a_meeting_in_the_host_country():
    text = (
        "First Deputy Minister of Foreign Affairs of Kazakhstan Akan Rakhmetullin took part in "
        "the 31st OSCE Ministerial Council held in Valletta, Malta.\nIn his speech, the Kazakh "
        "diplomat spoke about the situation in Afghanistan and Ukraine."
    )
    assert meetings(text, published="2025-03-16") == [
        (["MLT"], "held", "other", "2025-03-16", None)
    ]


def test_an_infinitive_after_expect_is_a_plan_and_two_events_in_one_sentence_split():
    text = (
        "In May, President Kassym-Jomart Tokayev attended the Victory Day parade in Moscow, and "
        "in June he hosted the second China–Central Asia summit in Astana.\nAnalysts expect "
        "Tokayev to visit the United States later this year."
    )
    assert sorted((p, s, f) for p, s, f, *_ in meetings(text)) == [
        (["CHN"], "held", "summit"),
        (["RUS"], "held", "other"),
        (["USA"], "planned", "visit"),
    ]


def test_taking_part_in_the_event_adds_its_participants():
    text = (
        "An event dedicated to the World Day of the Turkic Languages Family was held in the "
        "capital of Mexico.\nAmbassador of Kazakhstan to Mexico, Almurat Turganbekov, as well as "
        "Ambassadors of Türkiye and Azerbaijan, Murat Salim Esenli and Seymur Fataliyev, took "
        "part in the event."
    )
    (meeting,) = extract_article("T", f"T\n{text}", published="2026-01-30").meetings
    assert meeting.partners == ["MEX", "TUR", "AZE"]
    assert [p.name for p in meeting.kz_people] == ["Almurat Turganbekov"]


def test_two_plans_joined_in_one_clause_are_two_meetings_and_share_a_closing_date():
    text = (
        "ASTANA, 3 March 2025 – Deputy Foreign Minister Akan Rakhmetullin received Ambassador of "
        "Spain Luis Tejada Chacón.\nThe diplomats discussed the agenda of the next meeting of the "
        "Kazakh-Spanish business council and the official visit of Spain's Minister of Industry "
        "to Almaty in June.\nThey also prepared the visit of the Spanish Foreign Minister to "
        "Astana and the next round of political consultations, both expected later this year."
    )
    found = meetings(text, title="Kazakhstan and Spain", published="2025-03-03")
    assert found == [
        (["ESP"], "held", "talks", "2025-03-03", None),
        (["ESP"], "planned", "talks", None, None),
        (["ESP"], "planned", "visit", "2025-06", None),
        (["ESP"], "planned", "visit", "2025", None),
        (["ESP"], "planned", "consultations", "2025", None),
    ]


def test_an_invitation_to_visit_is_not_the_next_meeting_of_a_commission():
    text = (
        "The sides agreed to hold the next meeting of the Kazakh-Vietnamese intergovernmental "
        "commission in Hanoi in 2026.\nPresident Luong Cuong invited Kassym-Jomart Tokayev to pay "
        "an official visit to Vietnam at a convenient time."
    )
    found = meetings(text, title="Kazakhstan and Vietnam", published="2025-05-20")
    assert found == [
        (["VNM"], "planned", "talks", "2026", None),
        (["VNM"], "planned", "visit", None, None),
    ]


def test_copies_of_credentials_received_from_a_new_ambassador_are_a_meeting():
    title = "Kazakh Foreign Minister Receives Copies of Credentials of New Ambassador of Brazil"
    text = (
        "ASTANA, 12 June 2025 – Minister of Foreign Affairs Murat Nurtleu received copies of "
        "credentials from the newly appointed Ambassador of Brazil to Kazakhstan, Marcelo "
        "Baumbach, the press service of the MFA reports.\nDuring the meeting, the parties "
        "discussed trade and agriculture."
    )
    assert meetings(text, title=title) == [(["BRA"], "held", "talks", "2025-06-12", None)]


def test_a_headline_naming_two_partners_sums_up_two_separate_meetings():
    title = "Deputy Foreign Minister Meets Ambassadors of Poland and the Czech Republic"
    text = (
        "ASTANA, 4 March 2025 – Deputy Minister of Foreign Affairs of Kazakhstan Roman Vassilenko "
        "met with Ambassador of Poland Jacek Kluczkowski.\nLater that day, Vassilenko received "
        "Ambassador of the Czech Republic Jan Kvěch to discuss air connectivity."
    )
    assert meetings(text, title=title) == [
        (["POL"], "held", "talks", "2025-03-04", None),
        (["CZE"], "held", "talks", "2025-03-04", None),
    ]


def test_presenting_credentials_is_a_meeting_and_a_figures_year_does_not_date_it():
    title = "Kazakhstan's Ambassador Presents Credentials to the King of Spain"
    text = (
        "MADRID, 21 May 2025 – Ambassador of Kazakhstan to Spain Dauren Karipov presented his "
        "credentials to King Felipe VI of Spain at the Royal Palace in Madrid.\nDuring the "
        "conversation, the ambassador noted that Spain is an important partner of Kazakhstan in "
        "Europe, with trade reaching $1.1 billion last year."
    )
    assert meetings(text, title=title) == [(["ESP"], "held", "talks", "2025-05-21", None)]


def test_a_c5_plus_1_event_is_with_the_united_states_even_when_no_country_is_named():
    text = (
        "Deputy Foreign Minister Roman Vassilenko attended the C5+1 ministerial meeting held in "
        "Astana in February 2024, where the sides discussed critical minerals."
    )
    found = meetings(text, title="Kazakhstan in regional formats", published="2024-05-02")
    assert [(m[0], m[1], m[3]) for m in found] == [(["USA"], "held", "2024-02")]


def test_officials_of_both_sides_signing_together_have_met():
    text = (
        "Minister of Trade and Integration of Kazakhstan Arman Shakkaliyev and Minister of "
        "Economy of Azerbaijan Mikayil Jabbarov signed a memorandum on the creation of a joint "
        "trade house in Baku on March 5.\nHungary became the first EU country to sign a "
        "strategic partnership agreement with Astana."
    )
    found = meetings(
        text, title="Kazakhstan and Azerbaijan to open trade house", published="2025-03-06"
    )
    assert found == [(["AZE"], "held", "talks", "2025-03-05", None)]


def test_the_three_countries_are_those_named_together_before():
    text = (
        "The transport ministers of Kazakhstan, Georgia and Azerbaijan signed a roadmap on the "
        "Middle Corridor in Tbilisi on June 3.\nThe ministers agreed to hold the next trilateral "
        "meeting of the three countries in Aktau in the autumn."
    )
    found = meetings(text, title="Middle Corridor roadmap signed", published="2025-06-04")
    assert (["GEO", "AZE"], "planned", "talks", "2025", None) in found


def test_the_meeting_after_a_signing_by_both_sides_is_that_signing():
    text = (
        "The agriculture ministers of Kazakhstan and Mongolia signed a veterinary protocol in "
        "Ulaanbaatar on September 9.\nKazakhstan was represented at the meeting by Minister of "
        "Agriculture Aidarbek Saparov."
    )
    found = meetings(text, title="Veterinary protocol signed", published="2025-09-10")
    assert found == [(["MNG"], "held", "talks", "2025-09-09", None)]


def test_his_visit_to_another_city_is_another_visit_than_the_one_recalled_before():
    text = (
        "ASTANA, 14 April 2025 – President Kassym-Jomart Tokayev held a telephone conversation "
        "with President of Azerbaijan Ilham Aliyev.\nThe Head of State recalled his state visit "
        "to Baku last year.\nIlham Aliyev thanked Tokayev for the hospitality during his visit "
        "to Astana in November."
    )
    found = meetings(text, title="Tokayev and Aliyev hold phone talks")
    assert [(m[1], m[2], m[3]) for m in found] == [
        ("held", "call", "2025-04-14"),
        ("held", "state_visit", "2024"),
        ("held", "visit", "2024-11"),
    ]


def test_a_summit_and_a_trilateral_meeting_in_one_phrase_are_two_plans():
    text = (
        "ASTANA, 3 February 2025 – Minister of Foreign Affairs Murat Nurtleu met with Ambassador "
        "of Korea Kim Do-hyung.\nThe sides discussed preparations for the Korea – Central Asia "
        "summit and a trilateral meeting of the foreign ministers of Kazakhstan, Korea and "
        "Mongolia."
    )
    found = meetings(text, title="Kazakh FM meets Korean Ambassador")
    assert [(m[0], m[1], m[2]) for m in found] == [
        (["KOR"], "held", "talks"),
        (["KOR"], "planned", "summit"),
        (["KOR", "MNG"], "planned", "talks"),
    ]


def test_the_host_city_of_a_forum_is_no_party_to_talks_held_there():
    text = (
        "DOHA, 20 May 2025 – President Kassym-Jomart Tokayev met with Prime Minister of Pakistan "
        "Shehbaz Sharif on the sidelines of the Doha Forum.\nThe Head of State also held talks "
        "with the Emir of Qatar Sheikh Tamim bin Hamad Al Thani in Doha."
    )
    found = meetings(text, title="Tokayev holds meetings in Doha")
    assert [m[0] for m in found] == [["PAK"], ["QAT"]]


def test_talks_recalled_with_their_own_place_and_month_are_not_todays_meeting():
    text = (
        "ASTANA, 5 March 2025 – Deputy Foreign Minister Roman Vassilenko met with Ambassador of "
        "Canada Kathy Bunka.\nThe diplomats recalled the talks held in Ottawa in May and "
        "discussed critical minerals."
    )
    found = meetings(text, title="Kazakhstan and Canada")
    assert [(m[0], m[1], m[3]) for m in found] == [
        (["CAN"], "held", "2025-03-05"),
        (["CAN"], "held", "2024-05"),
    ]


def test_a_c5_plus_1_headline_adds_no_meeting_beside_the_summit_the_body_reports():
    title = "Tokayev attends C5+1 summit"
    text = (
        "ASTANA, 1 October 2023 – President Kassym-Jomart Tokayev took part in the C5+1 summit "
        "in Dushanbe on 30 September 2023.\nThe event brought together the leaders of Tajikistan, "
        "the United States, Kyrgyzstan, Turkmenistan and Uzbekistan."
    )
    found = meetings(text, title=title)
    assert len(found) == 1 and found[0][3] == "2023-09-30"


def test_agreeing_to_organize_a_forum_is_a_plan():
    text = (
        "ASTANA, 9 October 2025 – Deputy Prime Minister Serik Zhumangarin met with Minister of "
        "Economy of Türkiye Ömer Bolat.\nThe sides agreed to organize a Kazakh-Turkish business "
        "forum in Istanbul."
    )
    found = meetings(text, title="Kazakhstan and Türkiye")
    assert [(m[1], m[2]) for m in found] == [("held", "talks"), ("planned", "forum")]


def test_arrival_for_a_state_visit_and_talks_the_next_day_are_one_visit():
    text = (
        "BEIJING. KAZINFORM – President Kassym-Jomart Tokayev and President of China Xi Jinping "
        "held talks at the Great Hall of the People on Thursday.\nTokayev arrived in Beijing on "
        "Wednesday for a state visit."
    )
    found = meetings(text, title="Tokayev, Xi hold talks in Beijing", published="2025-09-04")
    assert found == [(["CHN"], "held", "state_visit", "2025-09-03", "2025-09-04")]


def test_an_ambassadors_host_country_is_no_party_to_his_meeting_with_an_organization():
    text = (
        "VIENNA, 4 June 2025 – Ambassador of Kazakhstan to Austria Kairat Sarzhanov met with "
        "Secretary General of the OSCE Feridun Sinirlioğlu.\nAmbassador of Kazakhstan to Italy "
        "Yerbolat Sembayev, who is also accredited to Malta, met with Minister of Enterprises "
        "Adolfo Urso in Rome."
    )
    found = meetings(text, title="Kazakh diplomats in Europe")
    assert [m[0] for m in found] == [["ITA"]]


def test_earlier_in_the_day_another_counterpart_is_another_meeting_of_that_day():
    text = (
        "ASTANA, 29 October 2025 – Deputy Prime Minister Serik Zhumangarin held talks with "
        "Minister of Economy of Poland Andrzej Domański in Warsaw on October 28.\nThe sides "
        "discussed the upcoming session of the intergovernmental commission in Astana in March."
        "\nEarlier in the "
        "day, Zhumangarin took part in the Future Poland Forum, where he met with Minister of "
        "Infrastructure of Poland Dariusz Klimczak."
    )
    found = meetings(text, title="Deputy Prime Minister Holds Talks in Warsaw")
    # The forum and the talks held at it are two encounters of that day.
    assert [(m[1], m[2], m[3]) for m in found] == [
        ("held", "talks", "2025-10-28"),
        ("planned", "talks", "2026-03"),
        ("held", "forum", "2025-10-28"),
        ("held", "talks", "2025-10-28"),
    ]


def test_a_headline_on_a_summit_the_body_reports_adds_no_talks():
    title = "Tokayev Takes Part in Meeting of Turkic Leaders in Baku"
    text = (
        "BAKU, 6 July 2025 – President Kassym-Jomart Tokayev took part in the summit of the "
        "Organization of Turkic States in Baku, hosted by President of Azerbaijan Ilham Aliyev.\n"
        "The summit was attended by the leaders of Kyrgyzstan, Türkiye and Uzbekistan."
    )
    found = meetings(text, title=title)
    assert len(found) == 1 and found[0][2] == "summit"


def test_to_take_part_in_a_forum_during_a_planned_visit_is_planned():
    text = (
        "ASTANA, 2 March 2025 – Prime Minister of Armenia Nikol Pashinyan will pay an official "
        "visit to Kazakhstan on March 5-6.\nHe is expected to hold talks with President "
        "Kassym-Jomart Tokayev and to take part in the Kazakhstan-Armenia business forum."
    )
    found = meetings(text, title="Armenian Prime Minister to visit Astana")
    assert {m[1] for m in found} == {"planned"}


def test_who_conveys_greetings_recalls_a_visit_or_briefs_the_press_is_no_participant():
    title = "Kazakhstan and Azerbaijan discuss Middle Corridor"
    text = (
        "Minister of Foreign Affairs of Kazakhstan Murat Nurtleu received Deputy Foreign Minister "
        "of Azerbaijan Elnur Mammadov on Monday.\n"
        "Mammadov conveyed greetings from President of Azerbaijan Ilham Aliyev and recalled the "
        "state visit of President Kassym-Jomart Tokayev to Baku in March 2024.\n"
        "Foreign Ministry spokesperson Aibek Smadiyarov said that Prime Minister of Azerbaijan "
        "Ali Asadov will visit Astana in June."
    )
    found = extract_article(title, f"{title}\n{text}", published="2025-02-10").meetings
    people = {m.date.value: sorted(p.name for p in m.kz_people + m.partner_people) for m in found}
    assert people["2024-03"] == ["Kassym-Jomart Tokayev"]
    assert people["2025-06"] == ["Ali Asadov"]


def test_a_partner_delegations_other_stop_abroad_is_no_partner_of_its_visit():
    text = (
        "A Korean business delegation will visit Almaty and Bishkek in May to explore "
        "investment projects, the Ministry of Foreign Affairs of Kazakhstan reports."
    )
    assert meetings(text, published="2025-04-10") == [
        (["KOR"], "planned", "visit", "2025-05", None)
    ]


def test_an_event_told_in_a_where_or_when_clause_is_a_second_event_of_that_date():
    text = (
        "Minister of Energy of Kazakhstan Almassadam Satkaliyev took part in the Abu Dhabi "
        "International Petroleum Exhibition and Conference on November 3, where he met with "
        "Minister of Energy of the UAE Suhail Al Mazrouei.\n"
        "The Minister recalled the state visit of President of Kyrgyzstan Sadyr Japarov to "
        "Astana in May 2024, when the Kazakh-Kyrgyz business forum was also held."
    )
    article = extract_article("Title", f"Title\n{text}", published="2025-11-04")
    talks = next(m for m in article.meetings if m.format == "talks")
    assert [p.name for p in talks.kz_people] == ["Almassadam Satkaliyev"]
    found = sorted(meetings(text, published="2025-11-04"))
    assert found == [
        (["ARE"], "held", "other", "2025-11-03", None),
        (["ARE"], "held", "talks", "2025-11-03", None),
        (["KGZ"], "held", "forum", "2024-05", None),
        (["KGZ"], "held", "state_visit", "2024-05", None),
    ]


def test_a_new_dated_clause_after_and_is_another_visit_and_a_first_to_visit_is_no_plan():
    text = (
        "President Kassym-Jomart Tokayev paid a state visit to Seoul in 2019, and in June 2024 "
        "President of Korea Yoon Suk Yeol made a state visit to Astana.\n"
        "When Foreign Minister Cho Tae-yul arrived in Almaty in March 2025, he became the first "
        "Korean minister to visit the city in a decade.\n"
        "During that trip, he met with Foreign Minister Murat Nurtleu."
    )
    assert sorted(meetings(text, published="2025-05-20")) == [
        (["KOR"], "held", "state_visit", "2019", None),
        (["KOR"], "held", "state_visit", "2024-06", None),
        # The trip and the talks during it are one encounter.
        (["KOR"], "held", "talks", "2025-03", None),
    ]


def test_received_by_one_official_and_met_with_another_are_two_more_meetings():
    text = (
        "Minister of Foreign Affairs of Kazakhstan Murat Nurtleu held talks with Minister of "
        "Foreign and European Affairs of Slovakia Juraj Blanár in Bratislava on Monday.\n"
        "During the visit, the Kazakh Minister was also received by Prime Minister Robert Fico "
        "and met with Speaker of the National Council Richard Raši."
    )
    found = extract_article("Title", f"Title\n{text}", published="2025-06-11").meetings
    assert [(m.partners, m.status) for m in found] == [(["SVK"], "held")] * 3


def test_a_held_meeting_on_a_day_without_a_year_months_ahead_of_the_report_was_last_year():
    text = (
        "President Kassym-Jomart Tokayev met with Prime Minister of Pakistan Shehbaz Sharif on "
        "the sidelines of the SCO summit in Tianjin on September 1."
    )
    found = meetings(text, published="2026-01-30")
    assert (["PAK"], "held", "talks", "2025-09-01", None) in found


def test_talks_on_the_sidelines_of_a_summit_abroad_are_with_the_articles_partner():
    title = "Prime Minister of Mongolia to visit Kazakhstan"
    text = (
        "Prime Minister of Mongolia Gombojav Zandanshatar will pay an official visit to "
        "Kazakhstan next month.\nThe heads of government last met on the sidelines of the "
        "SCO summit in Tianjin in September 2025."
    )
    found = meetings(text, title=title, published="2026-01-15")
    assert (["MNG"], "held", "talks", "2025-09", None) in found
    assert not any(m[0] == ["CHN"] and m[2] == "talks" for m in found)


def test_the_possibility_of_holding_a_forum_is_a_plan_beside_the_talks():
    text = (
        "Minister of Trade and Integration of Kazakhstan Arman Shakkaliyev met with Minister of "
        "Economy of Chile Nicolás Grau in Santiago on Monday to discuss the possibility of "
        "holding a Kazakhstan-Chile business forum in 2026."
    )
    found = meetings(text, published="2025-03-12")
    assert (["CHL"], "held", "talks", "2025-03-10", None) in found
    assert (["CHL"], "planned", "forum", "2026", None) in found


def test_leaders_who_meet_regularly_report_no_single_meeting():
    text = (
        "Over the past decade, the presidents of Kazakhstan and Azerbaijan have met regularly "
        "and held talks on numerous occasions.\nTrade between the countries grew steadily."
    )
    assert meetings(text, published="2025-07-15") == []


def test_the_invitation_to_visit_a_capital_is_a_plan_with_its_country():
    text = (
        "President Kassym-Jomart Tokayev held talks with President of Indonesia Prabowo "
        "Subianto in Astana on Monday.\nThe Head of State recalled his visit to Singapore in "
        "2023 and accepted the invitation to visit Jakarta."
    )
    found = meetings(text, published="2025-05-06")
    assert (["IDN"], "planned", "visit", None, None) in found


def test_a_plan_takes_no_date_from_a_figure_of_last_year():
    text = (
        "Chairman of the Senate of Kazakhstan Maulen Ashimbayev met with Ambassador of Portugal "
        "Paulo Vizeu Pinheiro.\nThe sides discussed the upcoming visit of the Head of State to "
        "Portugal and noted that trade exceeded 300 million dollars last year."
    )
    found = meetings(text, published="2025-06-10")
    assert (["PRT"], "planned", "visit", None, None) in found


def test_the_heads_of_the_delegations_named_after_the_event_take_part_in_it():
    text = (
        "Consultations between the foreign ministries of Kazakhstan and Latvia were held in Riga "
        "on May 12.\nThe Kazakh delegation was headed by Deputy Minister of Foreign Affairs "
        "Alibek Bakayev, and the Latvian delegation by State Secretary Andris Pelšs."
    )
    found = extract_article("Title", f"Title\n{text}", published="2025-05-13").meetings
    assert len(found) == 1
    assert [p.name for p in found[0].kz_people] == ["Alibek Bakayev"]
    assert [p.name for p in found[0].partner_people] == ["Andris Pelšs"]


def test_a_planned_summit_named_by_its_format_alone_is_with_the_formats_members():
    title = "Tokayev holds phone talks with the President of Tajikistan"
    text = (
        "President Kassym-Jomart Tokayev held a telephone conversation with President of "
        "Tajikistan Emomali Rahmon.\nThe leaders agreed to hold the next meeting of the "
        "intergovernmental commission in Dushanbe in April and exchanged views on the upcoming "
        "Consultative Meeting of the Heads of State of Central Asia."
    )
    found = meetings(text, title=title, published="2026-03-10")
    assert (["UZB", "KGZ", "TJK", "TKM"], "planned", "summit", None, None) in found
    assert len(found) == 3


def test_a_regular_summit_held_without_a_named_country_is_left_alone():
    text = (
        "Minister of Foreign Affairs Murat Nurtleu received the Ambassador of Tajikistan.\nThe "
        "Minister recalled that the sides had discussed these issues at the SCO summit."
    )
    found = meetings(text, published="2026-03-10")
    assert all(m[0] == ["TJK"] for m in found)


def test_meetings_with_an_institutions_unnamed_representatives_are_encounters_of_their_own():
    title = "Kazakh Deputy Foreign Minister visits Brazil"
    text = (
        "Deputy Minister of Foreign Affairs of Kazakhstan Alibek Bakayev paid a working visit to "
        "Brazil on March 3-4, where he held talks with Deputy Foreign Minister of Brazil Maria "
        "Laura da Rocha.\nIn addition, the Kazakh diplomat visited the Federal Senate of Brazil, "
        "where he met with the head of the Brazil-Kazakhstan parliamentary friendship group.\n"
        "The delegation also toured the Port of Santos and met with representatives of the "
        "Brazilian Chamber of Commerce."
    )
    found = meetings(text, title=title, published="2026-03-05")
    assert [m[0] for m in found] == [["BRA"], ["BRA"], ["BRA"]]


def test_the_next_meeting_of_a_commission_named_as_a_deadline_is_a_planned_meeting():
    text = (
        "Minister of Trade and Integration of Kazakhstan Arman Shakkaliyev met with the "
        "Ambassador of Turkmenistan in Astana.\nThe sides agreed to finalize a roadmap on "
        "textile cooperation to be signed at the next meeting of the intergovernmental commission."
    )
    found = meetings(text, published="2026-03-10")
    assert (["TKM"], "planned", "talks", None, None) in found
