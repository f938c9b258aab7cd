"""Behaviour of Matcher.match and Matcher.similar_schemes on small in-test records."""

import datetime as dt

import pytest

from grantmatch.matcher import Matcher, MatcherConfig, QueryTooLong

TODAY = dt.date(2026, 11, 30)


def scheme(id, programme, name, summary="", description="", **extra):
    record = {
        "id": id, "programme": programme, "status": "active", "name": {"nb": name, "en": name},
        "summary": {"nb": summary, "en": summary}, "description": {"nb": description, "en": description},
        "applicants": ["school"], "keywords": {}, "themes": [], "version": 3, "updated_at": "2026-11-01",
        "deadlines": [{"label": {"nb": "Frist", "en": "Deadline"}, "date": "2027-02-01"}],
    }
    record.update(extra)
    return record


SCHEMES = [
    scheme("school-exchange", "erasmus-plus", "Skoleutveksling i Europa",
           "Elever og lærere reiser til partnerskoler i Europa.",
           "Klasseutveksling og hospitering for skoler.",
           keywords={"nb": ["elevutveksling", "skolepartnerskap"], "en": ["pupil exchange"]}),
    scheme("nordic-schools", "nordplus", "Nordisk skolesamarbeid",
           "Skoler i Norden og Baltikum samarbeider.", "Klasseutveksling mellom nordiske skoler.",
           applicants=["school", "kindergarten"]),
    scheme("culture-fund", "nordic-culture-fund", "Kulturfond for kunst",
           "Kunst og kultur i Norden.", "Festivaler, musikk, teater og klima i kunsten.",
           applicants=["culture-institution", "ngo"], deadlines=[{"label": {"nb": "x"}, "rolling": True}]),
    scheme("border", "interreg-sverige-norge", "Grenseregionalt samarbeid",
           "Kommuner på begge sider av grensen.", "Samarbeid med svenske kommuner om næring og helse.",
           applicants=["municipality"], keywords={"en": ["border cooperation", "Swedish municipalities"]}, deadlines=[{"label": {"nb": "x"}, "recurring": {"month": 3, "day": 15}}]),
    scheme("old-programme", "erasmus-plus", "Comenius skolepartnerskap", "Gammelt program for skoler.",
           "Skolepartnerskap.", status="retired", successor="school-exchange"),
    scheme("paused", "nordplus", "Nordplus klima", "Klimaprosjekter i skolen.", "Klima.", status="closed"),
]
PROJECTS = [{"id": "nordic-reading", "name": "Les sammen", "programme": "nordplus", "scheme": "nordic-schools",
             "description": "Nordisk prosjekt om lesing og barnelitteratur mellom barnehager."}]
GLOSSARY = [{"nb": ["elevutveksling"], "sv": ["elevutbyte"], "en": ["pupil exchange"]}]


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(SCHEMES, PROJECTS, GLOSSARY, today=TODAY)


def ids(outcome):
    return [r.scheme_id for r in outcome]


def test_ranks_the_obvious_scheme_first_and_reports_language(matcher):
    outcome = matcher.match("Vi vil ha elevutveksling med en skole i Italia")
    assert outcome.lang == "nb"
    assert ids(outcome)[0] == "school-exchange"
    scores = [r.score for r in outcome]
    assert scores == sorted(scores, reverse=True) and all(0 <= s <= 1 for s in scores)


def test_glossary_lets_a_swedish_query_find_the_norwegian_keyword(matcher):
    outcome = matcher.match("elevutbyte")
    assert ids(outcome)[0] == "school-exchange"
    assert outcome.lang in ("sv", "nb")
    without = Matcher(SCHEMES, today=TODAY, config=MatcherConfig(query_glossary_weight=0.0))
    assert outcome[0].score > without.match("elevutbyte")[0].score


def test_compound_query_matches_its_parts_through_char_ngrams(matcher):
    # "kunstfestival" is in no scheme; char n-grams meet "kunst" and "festivaler"
    assert ids(matcher.match("kunstfestivalen"))[0] == "culture-fund"


def test_term_in_name_outranks_same_term_in_description():
    records = [scheme("a-desc", "x", "Generelt fond", "Penger.", "Vi støtter robotikk."),
               scheme("b-name", "x", "Robotikk", "Penger.", "Vi støtter teknologi.")]
    assert ids(Matcher(records, today=TODAY).match("robotikk"))[0] == "b-name"


def test_filters(matcher):
    assert set(ids(matcher.match("skole", applicant="kindergarten"))) == {"nordic-schools"}
    assert {r.programme for r in matcher.match("skole", programme="nordplus")} == {"nordplus"}
    default = ids(matcher.match("skolepartnerskap klima"))
    assert "old-programme" not in default and "paused" not in default
    everything = matcher.match("skolepartnerskap klima", include_closed=True)
    retired = next(r for r in everything if r.scheme_id == "old-programme")
    assert retired.successor == "school-exchange"
    assert any("school-exchange" in w for w in retired.why)
    assert "paused" in ids(everything)


def test_explanations_show_the_users_words_applicants_deadline_and_precedent(matcher):
    result = matcher.match("Elevutveksling for skolen", applicant="school")[0]
    assert result.why[0] == "Passer med ordene dine: Elevutveksling, skolen"
    assert "Kan søkes av: skoler" in result.why
    assert "Frist: 1. februar 2027" in result.why and result.next_deadline == "2027-02-01"
    assert len(result.why) <= 4
    nordic = matcher.match("lesing og barnelitteratur i nordiske barnehager")
    top = nordic[0]
    assert top.scheme_id == "nordic-schools" and top.similar_projects == ("nordic-reading",)
    assert "Tidligere prosjekt hos oss: «Les sammen» (samme ordning)" in top.why


def test_explanations_never_show_stems_field_names_or_expansions(matcher):
    swedish = matcher.match("elevutbyte")[0]
    assert swedish.scheme_id == "school-exchange"
    assert swedish.why[0].endswith(": elevutbyte")  # the user's word, not the glossary's "elevutveksling"
    compound = matcher.match("kunstfestivalen")[0]
    assert compound.why[0] == "Passer med ordene dine: kunstfestivalen"
    for r in matcher.match("klasseutveksling med skoler i Spania og Italia"):
        text = " | ".join(r.why)
        assert "skol»" not in text and " i navn" not in text and "nøkkelord" not in text
    places = matcher.match("klasseutveksling med skoler i Spania og Italia")[0]
    assert places.scheme_id == "school-exchange" and places.why[0].endswith("Spania, Italia")


def test_explanations_follow_query_language_and_deadline_kinds(matcher):
    result = matcher.match("We want a border cooperation with Swedish municipalities", applicant="municipality")
    border = next(r for r in result if r.scheme_id == "border")
    assert result.lang == "en"
    assert "Deadline: 15 March 2027" in border.why
    assert "Who can apply: municipalities" in border.why
    assert border.why[0].startswith("Matches your words: ") and "municipalities" in border.why[0]
    swedish = matcher.match("Vi vill ha elevutbyte mellan skolor")
    assert swedish.lang == "sv" and any(w.startswith("Sista ansökningsdag: 1 februari 2027") for w in swedish[0].why)
    culture = matcher.match("kunst og festival")[0]
    assert culture.next_deadline is None and any("Løpende" in w for w in culture.why)
    assert "Kan søkes av: kulturinstitusjoner og frivillige organisasjoner" in culture.why


def test_places_lift_the_family_they_signal(matcher):
    no_geo = Matcher(SCHEMES, PROJECTS, GLOSSARY, today=TODAY, config=MatcherConfig(geo_weight=0.0))

    def gain(text, scheme_id):
        with_geo = {r.scheme_id: r.score for r in matcher.match(text)}
        without = {r.scheme_id: r.score for r in no_geo.match(text)}
        return with_geo[scheme_id] - without[scheme_id]

    nordic = "klasseutveksling med skoler i Sverige, Finland og Island"
    assert gain(nordic, "nordic-schools") > gain(nordic, "school-exchange") > 0
    southern = "klasseutveksling med skoler i Spania og Italia"
    assert gain(southern, "school-exchange") > 0 == gain(southern, "nordic-schools")
    assert matcher.match(southern).places == ("spania", "italia")


def test_weak_flag_follows_the_calibrated_threshold(matcher):
    strong = matcher.match("elevutveksling skolepartnerskap Europa skoleutveksling")[0]
    assert not strong.weak and strong.score >= 0.5
    faint = matcher.match("helse")
    assert all(r.weak == (r.score < 0.5) for r in faint)
    assert any(r.weak for r in faint)


@pytest.mark.parametrize("text", ["", "   \n\t", "og i på the and", "xqzvbn plörk"])
def test_empty_or_meaningless_queries_return_nothing_with_a_message(matcher, text):
    outcome = matcher.match(text)
    assert len(outcome) == 0 and outcome.message


def test_input_limits(matcher):
    with pytest.raises(QueryTooLong, match="10000"):
        matcher.match("skole " * 2001)
    assert issubclass(QueryTooLong, ValueError)
    with pytest.raises(TypeError):
        matcher.match(None)  # type: ignore[arg-type]


def test_ties_are_broken_by_id():
    twins = [scheme("b-twin", "x", "Robotikk"), scheme("a-twin", "x", "Robotikk"), scheme("c", "x", "Annet")]
    outcome = Matcher(twins, today=TODAY).match("robotikk")
    assert ids(outcome)[:2] == ["a-twin", "b-twin"] and outcome[0].score == outcome[1].score


def test_top_limits_results(matcher):
    assert len(matcher.match("skole", top=2)) == 2


def test_similar_schemes_excludes_itself(matcher):
    similar = matcher.similar_schemes("school-exchange", top=3)
    assert "school-exchange" not in [s for s, _ in similar] and len(similar) == 3
    assert similar[0][0] == "old-programme"  # both about school partnerships
    assert [c for _, c in similar] == sorted((c for _, c in similar), reverse=True)


def test_with_past_projects_keeps_index_and_swaps_precedents(matcher):
    bare = matcher.with_past_projects([])
    text = "lesing og barnelitteratur i nordiske barnehager"
    assert bare.match(text)[0].similar_projects == ()
    assert matcher.match(text)[0].score > bare.match(text)[0].score
