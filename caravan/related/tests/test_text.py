from caravan.related.text import cosine, vector, weighted_terms


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
