from caravan.related.text import (
    cosine,
    subject_profile,
    subjects,
    vector,
    weighted_terms,
)


def test_stems_english_and_russian_words_by_script():
    counts = weighted_terms(
        headline="",
        standfirst="",
        body="Dams and the dam. Плотины и плотину строят.",
    )
    assert counts["dam"] == 2
    assert counts["плотин"] == 2
    assert "and" not in counts and "и" not in counts


def test_headline_and_names_weigh_more_than_body_words():
    counts = weighted_terms(
        headline="Water", standfirst="", body="Talks on the Amu Darya. Water again."
    )
    assert counts["water"] == 2 + 1
    assert counts["amu_darya"] > counts["talk"]
    # A pair of names never spans two sentences.
    assert not any(t.startswith("darya_") for t in counts)


def test_distinctive_terms_weigh_more_than_common_ones():
    vec = vector(
        {"rogun": 1, "govern": 1}, df={"rogun": 2, "govern": 90}, documents=100
    )
    assert vec["rogun"] > vec["govern"]
    assert abs(sum(w * w for w in vec.values()) - 1) < 1e-3
    assert cosine(vec, vec) > 0.99


def test_countries_cities_and_regions_weigh_less_than_topic_words():
    counts = weighted_terms(
        headline="", standfirst="", body="Farmers near Almaty in Kazakhstan grow wheat."
    )
    assert counts["almati"] < counts["wheat"]
    assert counts["kazakhstan"] < counts["wheat"]
    # A site (a dam, a mine) is what a story is about: it weighs as a name.
    sites = weighted_terms(headline="", standfirst="", body="Work on the Rogun dam.")
    assert sites["rogun"] > sites["dam"]


def test_a_russian_place_is_known_in_every_case():
    # Snowball cuts "Узбекистан" and "Узбекистане" to different stems.
    counts = weighted_terms(
        headline="",
        standfirst="",
        body="Хлопок в Узбекистане. Хлопок из Узбекистана. Узбекистан и хлопок.",
    )
    places = [t for t in counts if t.startswith("узбекиста")]
    assert len(places) >= 2
    assert all(counts[t] < counts["хлопок"] for t in places)


def test_subject_phrases_are_found_in_both_scripts_and_every_case():
    english = subject_profile(
        headline="Reservoir low",
        standfirst="",
        body="Irrigation canals run dry as the drought goes on.",
    )
    assert max(english, key=english.get) == "water"
    russian = subject_profile(
        headline="",
        standfirst="",
        body="В водохранилище мало воды. Засуха оставила каналы без воды.",
    )
    assert max(russian, key=russian.get) == "water"
    # A case Snowball stems apart from the one the thesaurus lists.
    assert subject_profile(headline="", standfirst="", body="О плотине") == {
        "water": 1.0
    }


def test_the_longest_phrase_wins_and_profiles_are_unit_length():
    # "power plant" is energy; "plant" alone names no subject.
    assert subjects(["power", "plant"]) == {"energy": 1}
    assert subjects(["plant"]) == {}
    profile = subject_profile(
        headline="Gas pipeline", standfirst="", body="Tourists and a hotel."
    )
    assert set(profile) == {"energy", "tourism"}
    assert profile["energy"] > profile["tourism"]  # the headline counts more
    assert abs(sum(w * w for w in profile.values()) - 1) < 1e-3
    assert subject_profile(headline="Nothing here", standfirst="", body="") == {}
