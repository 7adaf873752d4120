"""Failure classes seen on unseen press reports, each on real-style sentences."""

from ingest.pipeline import extract_article


def extract(text, published="2025-03-10", title="Kazakhstan and partners"):
    return extract_article(title, f"{title}\n{text}", published=published)


# 1. A country inside the name of a route or project is not a partner.


def test_trans_afghan_railway_does_not_make_afghanistan_a_partner():
    article = extract(
        "President Kassym-Jomart Tokayev held talks with Prime Minister of Pakistan Shehbaz "
        "Sharif in Islamabad on March 9. The leaders discussed the construction of the "
        "Trans-Afghan railway. The sides signed an intergovernmental agreement on the "
        "Trans-Afghan railway project."
    )
    assert article.partners == ["PAK"]
    assert [m.partners for m in article.meetings] == [["PAK"]]
    assert [a.partners for a in article.agreements] == [["PAK"]]


def test_countries_joined_in_a_railway_name_are_not_parties():
    article = extract(
        "Minister of Foreign Affairs Murat Nurtleu met with Minister of Foreign Affairs of "
        "Turkmenistan Rashid Meredov in Astana. The parties signed a plan of joint actions for "
        "the development of the Kazakhstan-Turkmenistan-Iran railway."
    )
    assert article.partners == ["TKM"]
    assert [a.partners for a in article.agreements] == [["TKM"]]


def test_a_country_named_as_a_party_stays_a_partner_beside_a_route_name():
    article = extract(
        "Kazakh Foreign Minister Murat Nurtleu held talks with Chinese Foreign Minister Wang Yi "
        "in Beijing. Trade with China along the China-Europe route reached $44 billion."
    )
    assert article.partners == ["CHN"]
    assert [(m.partner, m.value) for m in article.metrics] == [("CHN", 44e9)]


# 2. US dollars are a currency, never the United States.


def test_us_dollars_in_any_spelling_do_not_make_the_usa_a_partner():
    article = extract(
        "Prime Minister Olzhas Bektenov received Minister for Trade and Industry of Singapore "
        "Gan Kim Yong. Singaporean companies have invested 2.1 billion US dollars in Kazakhstan, "
        "loans of US$ 300 million were agreed and deals in U.S. dollars and US-dollar bonds "
        "worth US $1 billion were signed."
    )
    assert "USA" not in article.partners
    assert {m.partner for m in article.metrics} == {"SGP"}


# 3. Third countries named in a discussion get no records.


def test_third_countries_in_a_discussion_are_not_meetings():
    article = extract(
        "Tokayev held talks with President of Mongolia Ukhnaagiin Khurelsukh in Ulaanbaatar on "
        "March 6. The sides discussed transport corridors with Russia and China and the "
        "situation in Afghanistan."
    )
    assert article.partners == ["MNG"]
    assert [m.partners for m in article.meetings] == [["MNG"]]


# 4. Planned events in several phrasings.


def test_next_round_of_a_named_dialogue_is_planned():
    article = extract(
        "Minister of Foreign Affairs of Kazakhstan Murat Nurtleu and UK Foreign Secretary David "
        "Lammy co-chaired the Kazakhstan – United Kingdom Strategic Dialogue in London on March 7."
        "\nThe next round of the Strategic Dialogue will be held in Astana in 2026."
    )
    assert [(m.status, m.date.value) for m in article.meetings] == [
        ("held", "2025-03-07"),
        ("planned", "2026"),
    ]


def test_reported_speech_would_pay_a_visit_is_planned_this_year():
    article = extract(
        "Deputy Prime Minister Serik Zhumangarin met with Deputy Chairman of the Cabinet of "
        "Ministers of Turkmenistan Batyr Amanov in Ashgabat on March 7. Serik Zhumangarin said "
        "President of Turkmenistan Serdar Berdimuhamedov would pay a visit to Kazakhstan later "
        "this year."
    )
    planned = [m for m in article.meetings if m.status == "planned"]
    assert [(m.partners, m.format, m.date.value) for m in planned] == [(["TKM"], "visit", "2025")]


def test_agreed_next_commission_meeting_and_accepted_invitation_are_planned():
    article = extract(
        "President Kassym-Jomart Tokayev had a telephone conversation with President of "
        "Mongolia Ukhnaagiin Khurelsukh. The Presidents agreed to hold the next meeting of the "
        "intergovernmental commission in Ulaanbaatar in the autumn. Tokayev invited Ukhnaagiin "
        "Khurelsukh to visit Kazakhstan next year; the invitation was accepted."
    )
    statuses = [(m.status, m.format, m.date.value) for m in article.meetings]
    assert statuses[0] == ("held", "call", "2025-03-10")
    assert ("planned", "visit", "2026") in statuses
    assert sum(s == "planned" for s, _, _ in statuses) == 2


def test_confirmed_participation_in_a_summit_is_planned():
    article = extract(
        "Tokayev had a phone call with President of Uzbekistan Shavkat Mirziyoyev. Tokayev "
        "confirmed his participation in the Consultative Meeting of Central Asian heads of state "
        "in Tashkent in the second half of the year."
    )
    assert [(m.status, m.date.value) for m in article.meetings][1:] == [("planned", "2025")]


def test_a_visit_lasting_until_a_day_is_its_end_not_a_planned_visit():
    article = extract(
        "President Kassym-Jomart Tokayev arrived in Islamabad on March 3 for an official visit "
        "to Pakistan. The visit will last until March 5.\nOn March 4, Kassym-Jomart Tokayev and "
        "Prime Minister Shehbaz Sharif held talks. Following the talks, the leaders signed a "
        "Joint Declaration on Strategic Partnership."
    )
    assert [(m.status, m.date.value, m.date.end) for m in article.meetings] == [
        ("held", "2025-03-03", "2025-03-05")
    ]
    assert [a.date.value for a in article.agreements] == ["2025-03-04"]


# 5. Figures with other verbs, currencies and growth phrasings.


def test_figures_with_other_verbs_and_currencies():
    article = extract(
        "Kazakh Foreign Minister Murat Nurtleu met with Foreign Minister of Latvia Baiba Braze. "
        "Bilateral trade remains modest at about $300 million. Latvian investment stood at "
        "€150 million. Trade with Latvia was worth KZT 500 billion in 2024, an increase of 15%."
    )
    got = [(m.indicator, m.value, m.unit) for m in article.metrics]
    assert got == [
        ("trade_turnover", 300e6, "USD"),
        ("investment_inflow", 150e6, "EUR"),
        ("trade_turnover", 500e9, "KZT"),
        ("trade_turnover", 15.0, "percent"),
    ]


def test_fold_growth_is_no_percent_and_targets_are_targets():
    article = extract(
        "Prime Minister Olzhas Bektenov held talks with Prime Minister of Armenia Nikol "
        "Pashinyan. Trade grew 1.5-fold and reached $600 million, and the leaders called for it "
        "to be raised to $1 billion. Officials hope that the figure will exceed $2 billion by "
        "2030."
    )
    got = [(m.value, m.unit, m.kind) for m in article.metrics]
    assert got == [(600e6, "USD", "actual"), (1e9, "USD", "target"), (2e9, "USD", "target")]


def test_a_growth_rate_keeps_the_partner_of_its_figure():
    article = extract(
        "Trade with Latvia totaled €150 million in 2024, up 15 percent. Investment from China "
        "amounted to $2 billion."
    )
    assert [(m.partner, m.unit) for m in article.metrics] == [
        ("LVA", "EUR"),
        ("LVA", "percent"),
        ("CHN", "USD"),
    ]


# 6. Document names: plurals, lists in names, the day of the signing.


def test_package_of_documents_yields_each_named_document():
    article = extract(
        "On March 4, Tokayev and President of Egypt Abdel Fattah el-Sisi held talks in Cairo. "
        "Following the talks, the leaders signed a package of documents including agreements on "
        "visa exemption and on air services, a roadmap for trade, economic and investment "
        "cooperation for 2025-2027, and the Treaty on Strategic Partnership, Friendship and "
        "Cooperation."
    )
    assert [(a.title, a.date.value) for a in article.agreements] == [
        ("agreement on visa exemption", "2025-03-04"),
        ("agreement on air services", "2025-03-04"),
        ("roadmap for trade, economic and investment cooperation for 2025-2027", "2025-03-04"),
        ("Treaty on Strategic Partnership, Friendship and Cooperation", "2025-03-04"),
    ]


def test_memoranda_and_named_accords():
    article = extract(
        "Foreign Minister Murat Nurtleu met with US Special Envoy Steve Witkoff in Washington. "
        "Kazakhstan joined the Abraham Accords. The sides signed memoranda on education and on "
        "water management."
    )
    assert [a.title for a in article.agreements] == [
        "Abraham Accords",
        "memorandum on education",
        "memorandum on water management",
    ]


def test_a_document_takes_the_date_of_its_own_clause():
    article = extract(
        "The 12th meeting of the Kazakhstan – Georgia Intergovernmental Commission took place in "
        "Tbilisi on March 4 under the co-chairmanship of Minister of Trade of Kazakhstan Arman "
        "Shakkaliyev. The commission adopted a roadmap for the development of transit, and the "
        "sides agreed to hold the next meeting of the commission in Astana in 2026."
    )
    assert [(a.title, a.date.value) for a in article.agreements] == [
        ("roadmap for the development of transit", "2025-03-04")
    ]


def test_a_document_list_is_split_before_a_plural_document_noun():
    article = extract(
        "Prime Minister Olzhas Bektenov and Prime Minister of Azerbaijan Ali Asadov held talks in "
        "Baku on March 4. Following the meeting, the sides signed a protocol of the 21st meeting "
        "of the Intergovernmental Commission and agreements on cooperation in the field of "
        "digital technologies and on mutual recognition of educational documents."
    )
    assert [a.title for a in article.agreements] == [
        "protocol of the 21st meeting of the Intergovernmental Commission",
        "agreement on cooperation in the field of digital technologies",
        "agreement on mutual recognition of educational documents",
    ]


def test_signing_right_after_a_dated_meeting_takes_its_day_not_the_visits():
    article = extract(
        "Foreign Minister of Kuwait Abdullah Al-Yahya paid an official visit to Kazakhstan on "
        "March 3-5.\nOn March 4, Abdullah Al-Yahya held talks with Foreign Minister Murat "
        "Nurtleu. The ministers signed a memorandum of understanding on political consultations."
    )
    assert [a.date.value for a in article.agreements] == ["2025-03-04"]


def test_talks_on_the_sidelines_of_a_forum_take_the_forums_day():
    article = extract(
        "Minister of National Economy Serik Zhumangarin took part in the Kazakhstan – Republic of "
        "Korea Business Forum in Seoul on March 6.\nOn the sidelines of the forum, Serik "
        "Zhumangarin met with Minister of Trade of Korea Kim Jung-kwan."
    )
    assert [(m.format, m.date.value) for m in article.meetings] == [
        ("forum", "2025-03-06"),
        ("talks", "2025-03-06"),
    ]


def test_industrial_projects_are_counted():
    article = extract(
        "First Deputy Prime Minister Roman Sklyar met with Vice Chairman of the National "
        "Development and Reform Commission of China Zhao Chenxin. The parties reviewed the joint "
        "list of 52 industrial projects worth $14.3 billion."
    )
    assert [(m.indicator, m.value) for m in article.metrics] == [
        ("joint_projects", 52),
        ("other", 14.3e9),
    ]


def test_reported_would_be_held_is_planned_in_the_coming_months():
    article = extract(
        "Minister of Foreign Affairs of Kazakhstan Murat Nurtleu held talks with Minister for "
        "Foreign Affairs of Japan Takeshi Iwaya in Tokyo on March 7. Takeshi Iwaya confirmed that "
        "the Central Asia plus Japan summit would be held in Tokyo in December."
    )
    assert [(m.status, m.date.value) for m in article.meetings] == [
        ("held", "2025-03-07"),
        ("planned", "2025-12"),
    ]


def test_a_mazhilis_delegation_is_the_kazakh_side_of_a_visit():
    article = extract(
        "A delegation of the Mazhilis led by Deputy Chairman Albert Rau paid a working visit to "
        "Pakistan on March 7-9.\nOn March 8, the delegation met with Speaker of the National "
        "Assembly of Pakistan Ayaz Sadiq."
    )
    assert [(m.partners, m.date.value, m.date.end) for m in article.meetings] == [
        (["PAK"], "2025-03-07", "2025-03-09")
    ]


def test_a_memorandum_in_the_field_of_is_a_document_and_for_signing_ends_a_title():
    article = extract(
        "President Kassym-Jomart Tokayev and President of Türkiye Recep Tayyip Erdogan held talks "
        "via videoconference. The leaders discussed preparations for the 6th meeting of the "
        "High-Level Strategic Cooperation Council, to be held in Ankara in the first half of the "
        "year. The sides agreed to prepare an Agreement on Comprehensive Strategic Partnership "
        "for signing during the meeting of the Council, and to sign a memorandum of "
        "understanding in the field of agriculture."
    )
    assert [(a.title, a.status) for a in article.agreements] == [
        ("Agreement on Comprehensive Strategic Partnership", "planned"),
        ("memorandum of understanding in the field of agriculture", "planned"),
    ]
    assert [(m.status, m.date.value) for m in article.meetings] == [
        ("held", "2025-03-10"),
        ("planned", "2025"),
    ]


def test_bring_it_to_in_a_quote_is_a_target_of_the_figure_before():
    article = extract(
        "President Kassym-Jomart Tokayev received Minister of Investment of the UAE Mohamed "
        'Hassan Alsuwaidi. "Last year, mutual trade amounted to almost 1 billion dollars. Our '
        'goal is to bring it to 5 billion dollars," the President said. Emirati companies are '
        "implementing 35 projects in Kazakhstan."
    )
    got = [(m.indicator, m.value, m.kind) for m in article.metrics]
    assert got == [
        ("trade_turnover", 1e9, "actual"),
        ("trade_turnover", 5e9, "target"),
        ("joint_projects", 35, "actual"),
    ]


def test_talks_scheduled_after_an_arrival_are_a_planned_event():
    article = extract(
        "Prime Minister of Georgia Irakli Kobakhidze arrived in Astana on an official visit. He "
        "was met by Prime Minister of Kazakhstan Olzhas Bektenov. The talks of the heads of "
        "government are scheduled for Tuesday."
    )
    assert [(m.partners, m.status) for m in article.meetings] == [
        (["GEO"], "held"),
        (["GEO"], "planned"),
    ]


def test_trade_between_two_other_countries_is_not_ours():
    article = extract(
        "Kazakh Foreign Minister held talks with the Foreign Minister of Oman. Trade between Oman "
        "and the UAE reached $20 billion, while Oman's trade with Kazakhstan amounted to $15 "
        "million."
    )
    assert [(m.partner, m.value) for m in article.metrics] == [("OMN", 15e6)]


def test_a_partner_briefing_on_its_own_trip_is_no_meeting_and_agreed_to_meet_is_planned():
    article = extract(
        "Kassym-Jomart Tokayev had a phone conversation with President of Azerbaijan Ilham Aliyev. "
        "The President of Azerbaijan informed about his recent visit to China and talks with Xi "
        "Jinping. The leaders agreed to meet at the CIS summit in Dushanbe in October."
    )
    assert "CHN" not in article.partners
    assert [(m.status, m.date.value) for m in article.meetings] == [
        ("held", "2025-03-10"),
        ("planned", "2025-10"),
    ]


def test_a_three_day_visit_holds_its_talks_and_signings_after_the_negotiations():
    article = extract(
        "President of Serbia Aleksandar Vucic arrived in Astana on March 3 for a three-day state "
        "visit.\nThe official welcoming ceremony took place at the Akorda on March 4, followed by "
        "talks between Kassym-Jomart Tokayev and Aleksandar Vucic. Following the negotiations, "
        "the Heads of State signed a Declaration on Strategic Partnership. Ministers also "
        "exchanged an agreement on defence cooperation."
    )
    assert [(m.date.value, m.date.end) for m in article.meetings] == [("2025-03-03", "2025-03-05")]
    assert [(a.status, a.date.value) for a in article.agreements] == [
        ("signed", "2025-03-04"),
        ("signed", "2025-03-04"),
    ]


def test_a_partners_trade_with_the_whole_region_is_not_ours():
    article = extract(
        "President Kassym-Jomart Tokayev held talks with Federal Chancellor Friedrich Merz in "
        "Berlin. Germany's trade with the region exceeded 14 billion euros, and German companies "
        "concluded contracts worth about 3 billion euros with Kazakh partners."
    )
    assert [(m.indicator, m.value) for m in article.metrics] == [("other", 3e9)]


def test_plan_to_sign_is_a_verb_and_documents_take_the_planned_visit():
    article = extract(
        "President of Iran Masoud Pezeshkian will pay an official visit to Kazakhstan on June "
        "9-10. The parties plan to sign about 15 documents, including a comprehensive "
        "cooperation programme and agreements on transit and on veterinary safety."
    )
    assert [(a.title, a.status, a.date.value) for a in article.agreements] == [
        ("comprehensive cooperation programme", "planned", "2025-06-09"),
        ("agreement on transit", "planned", "2025-06-09"),
        ("agreement on veterinary safety", "planned", "2025-06-09"),
    ]


def test_had_signed_stays_signed_and_we_expect_a_visit_is_planned():
    article = extract(
        '"This year we expect the visit of the Foreign Secretary to Astana," British Ambassador '
        "Kathy Leach said, adding that the UK and Kazakhstan had signed a memorandum on critical "
        "minerals last year."
    )
    assert [m.status for m in article.meetings] == ["planned"]
    assert [(a.status, a.date.value) for a in article.agreements] == [("signed", "2024")]


def test_a_meeting_via_video_link_is_a_call_and_a_schedule_lists_plans():
    article = extract(
        "Minister of Foreign Affairs of Kazakhstan Murat Nurtleu and Minister of Foreign Affairs "
        "of the Kyrgyz Republic Zheenbek Kulubaev held a meeting via video link. The ministers "
        "discussed the schedule of bilateral events for 2025, including the meeting of the "
        "Supreme Interstate Council chaired by the two Presidents in Astana in June.",
        title="Kazakh and Kyrgyz foreign ministers hold online meeting",
    )
    assert [(m.format, m.status, m.date.value) for m in article.meetings] == [
        ("call", "held", "2025-03-10"),
        ("talks", "planned", "2025-06"),
    ]


def test_a_visit_after_a_document_name_is_still_a_visit():
    article = extract(
        "Deputy Foreign Minister Arman Issetov held consultations with Indonesian Deputy Foreign "
        "Minister Anis Matta in Jakarta. The parties also agreed to sign an agreement on "
        "visa-free travel during the upcoming visit of the President of Indonesia Prabowo "
        "Subianto to Astana."
    )
    assert [(m.format, m.status) for m in article.meetings] == [
        ("consultations", "held"),
        ("visit", "planned"),
    ]


def test_an_accepted_invitation_and_a_dated_council_meeting_abroad_are_two_plans():
    article = extract(
        "President Kassym-Jomart Tokayev held a telephone conversation with Crown Prince of Saudi "
        "Arabia Mohammed bin Salman Al Saud. The Crown Prince accepted an invitation to visit "
        "Kazakhstan. The sides also agreed to hold the Kazakhstan-Saudi Arabia Coordination "
        "Council meeting in Riyadh in December."
    )
    assert [(m.status, m.date.value) for m in article.meetings] == [
        ("held", "2025-03-10"),
        ("planned", None),
        ("planned", "2025-12"),
    ]


def test_a_signing_is_not_dated_by_the_next_predicate_of_its_sentence():
    article = extract(
        "Minister of Foreign Affairs Murat Nurtleu held talks with Minister of Foreign Affairs of "
        "Lithuania Kestutis Budrys on March 4. Trade amounted to 460 million dollars.\nThe "
        "ministers signed a Plan of Consultations for 2025-2026 and agreed that the next meeting "
        "of the intergovernmental commission would be held in Astana in the autumn."
    )
    assert [a.date.value for a in article.agreements] == ["2025-03-04"]
