"""People with their titles, sides and levels, and later short mentions."""

from ingest.context import analyze


def people(text, title="Title"):
    ctx = analyze(title, f"{title}\n{text}", None)
    return {p.name: (p.side, p.country, p.level) for p in ctx.people}


def test_title_before_the_name_with_country_of_the_office():
    text = (
        "Minister of Foreign Affairs of the Republic of Kazakhstan Yermek Kosherbayev held a "
        "meeting with Ambassador of Georgia Levan Diasamidze."
    )
    assert people(text) == {
        "Yermek Kosherbayev": ("kz", "KAZ", "foreign_minister"),
        "Levan Diasamidze": ("partner", "GEO", "ambassador"),
    }


def test_ambassador_of_kazakhstan_to_a_country_speaks_for_kazakhstan():
    text = "Ambassador of Kazakhstan to Armenia Bolat Imanbayev met with Armenian experts."
    assert people(text)["Bolat Imanbayev"] == ("kz", "KAZ", "ambassador")


def test_appositive_after_a_comma_and_counterpart_take_the_demonym():
    text = (
        "Kazakh Foreign Minister Mukhtar Tleuberdi met with his Turkish counterpart, "
        "Mevlüt Çavuşoğlu, for discussions."
    )
    found = people(text)
    assert found["Mukhtar Tleuberdi"] == ("kz", "KAZ", "foreign_minister")
    assert found["Mevlüt Çavuşoğlu"][:2] == ("partner", "TUR")


def test_his_excellency_and_titles_after_the_name():
    text = (
        "H.E. Yermek Kosherbayev, Minister of Foreign Affairs of the Republic of Kazakhstan and "
        "H.E. Hakan Fidan, Minister of Foreign Affairs of the Republic of Türkiye presided over "
        "the meeting."
    )
    assert people(text) == {
        "Yermek Kosherbayev": ("kz", "KAZ", "foreign_minister"),
        "Hakan Fidan": ("partner", "TUR", "foreign_minister"),
    }


def test_heads_of_state_and_government_by_demonym():
    text = (
        "The Head of State is set to hold talks with Pakistani Prime Minister Shehbaz Sharif and "
        "President Asif Ali Zardari, while President Kassym-Jomart Tokayev leads the delegation."
    )
    found = people(text)
    assert found["Shehbaz Sharif"] == ("partner", "PAK", "head_of_government")
    assert found["Asif Ali Zardari"][2] == "head_of_state"
    assert found["Kassym-Jomart Tokayev"] == ("kz", "KAZ", "head_of_state")


def test_plural_title_gives_each_listed_name_its_country():
    text = (
        "Ambassador of Kazakhstan to Mexico, Almurat Turganbekov, as well as Ambassadors of "
        "Türkiye and Azerbaijan, Murat Salim Esenli and Seymur Fataliyev, took part in the event."
    )
    found = people(text)
    assert found["Murat Salim Esenli"][:2] == ("partner", "TUR")
    assert found["Seymur Fataliyev"][:2] == ("partner", "AZE")


def test_initials_and_short_mentions_resolve_to_the_full_name():
    text = (
        "Ambassador of Kazakhstan to Mexico, Almurat Turganbekov, spoke.\n"
        "In his speech, Ambassador of Kazakhstan A.Turganbekov emphasized the heritage.\n"
        "Minister Turganbekov noted the progress."
    )
    assert list(people(text)) == ["Almurat Turganbekov"]


def test_institutions_and_headline_words_are_not_people():
    text = (
        "The Yunus Emre Institute organized the event with the Danube Institute.\n"
        "Kazakh Foreign Minister Met with the Ambassador of Georgia"
    )
    assert people(text) == {}


def test_vice_president_of_a_company_is_not_a_head_of_state():
    text = (
        "Ambassador Zhalgas Adilbayev held a meeting with the Vice President and General Manager "
        "of the MIDROC Agro Cluster (Horizon Plantations Plc) Netsanet Gashaye."
    )
    assert people(text)["Netsanet Gashaye"][2] == "other"


def test_headline_verbs_and_ministry_names_are_not_part_of_a_name():
    text = (
        "Kazakh Deputy Foreign Minister Receives Copies of Credentials of Ambassador of Chile\n"
        "Kazakh and Chilean Foreign Ministers Hold Phone Talks\n"
        "The Deputy Minister also met Minister of Enterprises and Made in Italy Adolfo Urso."
    )
    assert people(text) == {"Adolfo Urso": ("partner", "ITA", "minister")}


def test_a_name_after_a_two_word_country_and_an_office_before_an_honorific():
    text = (
        "He met the Minister of Investment of Saudi Arabia Khalid Al-Falih and the Minister of "
        "Foreign Affairs of the Kingdom of Saudi Arabia Prince Faisal bin Farhan Al Saud."
    )
    found = people(text)
    assert found["Khalid Al-Falih"] == ("partner", "SAU", "minister")
    assert found["Faisal bin Farhan Al Saud"] == ("partner", "SAU", "foreign_minister")


def test_the_object_of_an_office_is_not_glued_to_the_name():
    text = (
        "Governor of Tatarstan Rustam Minnikhanov and Minister for the Indo-Pacific Anne-Marie "
        "Trevelyan of the United Kingdom met Deputy Minister of Foreign Affairs of Kazakhstan "
        "for Economic Diplomacy Alibek Kuantyrov."
    )
    found = people(text)
    assert "Rustam Minnikhanov" in found
    assert "Anne-Marie Trevelyan" in found
    assert found["Alibek Kuantyrov"][0] == "kz"
    assert not any(name.startswith(("Tatarstan", "Indo", "Diplomacy")) for name in found)


def test_a_party_named_in_an_office_is_no_person():
    text = (
        "President Kassym-Jomart Tokayev received General Secretary of the Central Committee of "
        "the Lao People's Revolutionary Party Thongloun Sisoulith."
    )
    found = people(text)
    assert "Thongloun Sisoulith" in found
    assert not any("Party" in name for name in found)


def test_an_official_named_without_a_country_speaks_for_the_articles_one_partner():
    title = "Kazakhstan and Vietnam agree to expand cooperation"
    text = (
        "Prime Minister of Kazakhstan Olzhas Bektenov held talks in Hanoi with General Secretary "
        "To Lam.\nThe parties discussed trade between Kazakhstan and Vietnam. Professor Nguyen "
        "Van Minh gave a lecture."
    )
    found = people(text, title=title)
    assert found["To Lam"] == ("partner", "VNM", "other")
    assert found["Olzhas Bektenov"][0] == "kz"
    assert found["Nguyen Van Minh"][0] == "other"


def test_a_capitalized_to_in_a_headline_is_no_given_name():
    found = people("Trade was discussed.", title="President Tokayev To Visit Singapore")
    assert "To Visit" not in " ".join(found)
