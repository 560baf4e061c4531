"""Practice sets: the scenario files and their schema, the engine that answers
the learner's questions, the debrief, and the grader's replay of a hand-in.

Every expected reply, insight and figure below was worked out by hand from
the scenario file and the rules in ``workbook/practice/_engine.py``: which
move the question rules give, which insight's kinds and topics it meets, and
the seconds of each exchange (20 for the question, then the reply's words at
130 a minute, rounded up)."""

from __future__ import annotations

import copy
import random
from pathlib import Path
from typing import Any

import pytest
import yaml

from workbook import BankError, ScenarioError
from workbook.banks import default_banks
from workbook.banks._load import load_bank
from workbook.exercise_types import exercise_type
from workbook.practice import SCENARIOS_DIR, default_scenarios, load_scenario, play, scenario
from workbook.practice._engine import debrief, debrief_lines, last_part, names_phrase

SHIPPED = default_scenarios()
FORMATS = {"set", "co-coaching", "co-mentoring", "leadership"}

# Spoken as people speak: greetings, fillers, false starts.
GOOD_PLAY = [
    "Hi Sam, so what's, what's been happening with the swaps?",
    "Mm. And, er, what happens when a shift isn't covered?",
    "…",
    "Have you thought about just telling them no?",
    "Why do you keep saying yes to the swaps?",
    "So, um, how are the rest of the team reacting to it all?",
    "Is that Dev, and what does your manager say about it?",
    "Okay. What would you like to happen?",
]
POOR_PLAY = [
    "Right, Sam, have you, have you thought about a, a swap policy?",
    "Surely you should just say no?",
    "Why don't you get your manager involved?",
    "Why do you cover the shifts?",
    "Do you cover them yourself?",
    "Is it the same people every week, or is it different people, and who's worst?",
]


def test_there_is_a_scenario_for_each_format() -> None:
    assert {s["format"] for s in SHIPPED.values()} == FORMATS
    assert len(SHIPPED) >= 4


def test_every_scenario_is_played_by_a_bank_item() -> None:
    played = {
        item["scenario"]["id"] for bank in default_banks().banks for item in bank.items if item["type"] == "practice"
    }
    assert played == set(SHIPPED)


def _chain(s: dict[str, Any], insight: dict[str, Any]) -> list[str]:
    """The example questions of the insights ``insight`` comes after, first first."""
    by_id = {i["id"]: i for i in s["insights"]}
    questions: list[str] = []
    while insight.get("after"):
        insight = by_id[insight["after"]]
        questions.insert(0, insight["example"])
    return questions


@pytest.mark.parametrize(
    ("scenario_id", "insight_id"),
    [(sid, i["id"]) for sid, s in SHIPPED.items() for i in s["insights"]],
)
def test_every_insight_is_reached_by_its_example_question(scenario_id: str, insight_id: str) -> None:
    """In a fresh play, the examples of the insights it comes after, then its own, reach it."""
    s = SHIPPED[scenario_id]
    insight = next(i for i in s["insights"] if i["id"] == insight_id)
    session = play(s, [*_chain(s, insight), insight["example"]])
    assert session.turns[-1].insight == insight_id
    assert session.turns[-1].reply == insight["reply"]


@pytest.mark.parametrize("scenario_id", list(SHIPPED))
def test_asking_every_example_in_order_reaches_everything(scenario_id: str) -> None:
    s = SHIPPED[scenario_id]
    summary = debrief(play(s, [i["example"] for i in s["insights"]]))
    assert (summary.missed, summary.score, summary.suggestion) == ([], 1.0, "all")


def test_a_good_play_reaches_every_insight() -> None:
    session = play(scenario("weekend_rota"), GOOD_PLAY)
    assert [(t.move, t.insight) for t in session.turns] == [
        ("open", "one_colleague"),  # "happening" is one of its topics
        ("open", "covering_herself"),  # "covered" matches cover*
        ("silence", "own_weekends"),  # a silence, once covering_herself is reached
        ("leading", None),
        ("why", None),
        ("open", "fairness"),  # "team", after one_colleague
        ("stacked", "software_promise"),  # only the last part, "what does your manager say", is answered
        ("open", "her_proposal"),  # "like to happen"
    ]
    assert session.turns[3].reply == "Yes, probably. I could try that."  # agreement that hides the real issue
    assert session.turns[4].reply.startswith("Because someone has to.")  # defensive
    assert session.turns[6].reply.startswith("Sorry, there was a lot in that. Taking the last bit. There's meant to be")
    assert session.turns[3].seconds == 20 + 3  # six words at 130 a minute: 2.8 seconds, rounded up
    summary = debrief(session)
    assert summary.balance == {"open": 4, "closed": 0, "leading": 1, "stacked": 1, "why": 1, "silence": 1, "summary": 0}
    assert (summary.asked, summary.score, summary.missed, summary.suggestion) == (8, 1.0, [], "all")
    assert summary.own_ideas_percent == 7  # 23 of 313 seconds (44 + 41 + 41 + 23 + 27 + 46 + 48 + 43)


def test_a_poor_play_reaches_nothing_and_says_so() -> None:
    session = play(scenario("weekend_rota"), POOR_PLAY)
    assert [t.move for t in session.turns] == ["leading", "leading", "leading", "why", "closed", "stacked"]
    assert [t.reply for t in session.turns[:3]] == [
        "Yes, probably. I could try that.",
        "That's fair, yes. I should be firmer with them.",
        "Maybe. I'll have a think about it.",
    ]
    assert session.turns[4].reply == "Mm, sort of."  # a closed question gets a short answer
    # the last part, "who's worst?", is closed: the second closed reply
    assert session.turns[5].reply == "Sorry, there was a lot in that. Taking the last bit. Not really, no."
    summary = debrief(session)
    assert summary.reached == []
    assert summary.balance == {"open": 0, "closed": 1, "leading": 3, "stacked": 1, "why": 1, "silence": 0, "summary": 0}
    # leading exchanges: 23 + 25 + 24 seconds of 148 in all
    assert summary.own_ideas_percent == 49
    assert summary.suggestion == "leading"
    lines = debrief_lines(scenario("weekend_rota"), summary)
    assert "Missed: Most of the swaps come from one colleague" in lines[1]
    assert lines[1].endswith("A question that could have reached it: “Who tends to ask for the swaps?”")
    assert lines[-2] == "Airtime: 51% on Sam's problem, 49% on your own ideas (leading questions)."


def test_the_suggestion_follows_the_play() -> None:
    s = scenario("weekend_rota")
    assert debrief(play(s, ["Why is that?", "Why do they swap?"])).suggestion == "why"
    assert debrief(play(s, ["Did it help?", "Is it hard?"])).suggestion == "closed"
    missed = debrief(play(s, ["Who tends to ask for the swaps?", "…"]))
    assert missed.suggestion == "missed"
    assert missed.advice.endswith("“What happens when a shift isn't covered?”")
    assert debrief(play(s, ["Who tends to ask for the swaps?"])).suggestion == "silence"


def test_a_repeated_question_gets_the_next_reply_and_a_summary_on_a_topic_its_reply() -> None:
    s = scenario("weekend_rota")
    turns = play(s, ["Tell me about the rota.", "Tell me about the rota.", "It sounds like Saturdays are busy."]).turns
    assert [t.reply for t in turns] == [*s["topics"][0]["reply"], s["topics"][1]["reply"][0]]
    assert turns[2].move == "summary"


def test_no_question_is_answered_once_the_time_is_used() -> None:
    s = scenario("weekend_rota")
    session = play(s, ["Do you?"] * 60)
    assert session.elapsed >= s["minutes"] * 60
    assert len(session.turns) == -(-s["minutes"] * 60 // 22)  # "Do you?" gets two- or three-word replies: 22 s each
    assert session.ask("What happened?") is None


def test_phrases_and_last_parts() -> None:
    assert names_phrase(["the", "rotas", "are"], "rota*")
    assert not names_phrase(["the", "rotas"], "rota")
    assert names_phrase(["what", "would", "you", "like", "to", "happen"], "like to happen")
    assert last_part("What happened? And who was there?") == "And who was there?"
    assert last_part("How was it, and what did she say?") == "what did she say?"


@pytest.mark.parametrize("scenario_id", list(SHIPPED))
def test_choosing_every_suggestion_earns_at_most_half_what_own_questions_earn(scenario_id: str) -> None:
    """The lazy learner: every suggested question, word for word, until the time runs out."""
    s = SHIPPED[scenario_id]
    summary = debrief(play(s, s["suggestions"] * 5))
    assert summary.prompted  # the good suggestions do reach things
    assert summary.score <= 0.6
    assert summary.score < debrief(play(s, [i["example"] for i in s["insights"]])).score


def test_a_suggestion_counts_half_only_when_asked_word_for_word() -> None:
    s = scenario("weekend_rota")
    chosen = play(s, ["Who asks for the swaps?"])
    assert (chosen.turns[0].suggested, chosen.prompted) == (True, ["one_colleague"])
    assert debrief(chosen).score == pytest.approx(0.5 / 6)
    # case, punctuation and a filler the rules set aside make no difference; an edit does
    assert play(s, ["um, WHO asks for the swaps"]).turns[0].suggested
    edited = play(s, ["Who asks for the swaps most?"])
    assert (edited.turns[0].suggested, edited.prompted, debrief(edited).score) == (False, [], pytest.approx(1 / 6))
    # "…" is anyone's silence: reaching an insight with it is never counted as suggested
    silence = play(s, ["What do you do when nobody covers a shift?", "…"])
    assert silence.prompted == ["covering_herself"]
    assert [t.insight for t in silence.turns][1] == "own_weekends"
    lines = debrief_lines(s, debrief(chosen))
    assert lines[1] == (
        "Reached: Most of the swaps come from one colleague, Dev, who cares for his mother at weekends."
        " (reached with a suggested question: counts half)"
    )


# ---- the grader ----------------------------------------------------------------


def test_the_grader_scores_the_share_of_insights_reached() -> None:
    _, item = default_banks().item("practice_set_weekend_rota")
    kind = exercise_type("practice")
    half = kind.score(item, {"questions": GOOD_PLAY[:3]})
    assert (half.fraction, half.correct, half.parts) == (0.5, False, [True, True, False, False, True, False])
    assert half.given == GOOD_PLAY[:3]
    assert any(n.startswith("Missed: Her manager promised rota software") for n in half.notes)
    assert kind.score(item, {"questions": []}).problem == "not answered"
    assert kind.score(item, {"questions": "What?"}).problem == "the answer could not be read"
    assert kind.score(item, {"questions": ["What?"] * 41}).problem == "the answer could not be read"
    assert kind.score(item, {"questions": GOOD_PLAY}).correct
    assert kind.wrong_answer(item, random.Random(1))["questions"]


# ---- the scenario files ---------------------------------------------------------

SOURCE = yaml.safe_load((SCENARIOS_DIR / "weekend_rota.yaml").read_text(encoding="utf-8"))


def write(folder: Path, data: Any, name: str = "weekend_rota") -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def test_a_valid_scenario_loads(tmp_path: Path) -> None:
    assert load_scenario(write(tmp_path, SOURCE)) == SOURCE


def _set(path: tuple[Any, ...], value: Any) -> Any:
    def change(data: dict[str, Any]) -> None:
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


def _drop(path: tuple[Any, ...]) -> Any:
    def change(data: dict[str, Any]) -> None:
        target = data
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return change


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_set(("schema_version",), 2), "scenario 'weekend_rota' schema_version: 1 was expected"),
        (_drop(("presenter", "name")), "scenario 'weekend_rota' presenter: 'name' is a required property"),
        (_set(("colour",), "blue"), "scenario 'weekend_rota' (top level): unknown key: 'colour'"),
        (_set(("format",), "workshop"), "format: 'workshop' is not one of ['set', 'co-coaching'"),
        (_set(("insights", 0, "kinds"), ["leading"]), "insights[0].kinds[0]: 'leading' is not one of ['open'"),
        (_set(("insights", 1, "topics", 0), "Cover*"), "insights[1].topics[0]: 'Cover*' does not match"),
        (_set(("insights", 1, "topics", 0), False), "insights[1].topics[0]: False is not of type 'string'"),
        (_set(("replies", "why", 0), " "), "replies.why[0]: must not be blank"),
        (_drop(("replies", "stacked")), "replies: 'stacked' is a required property"),
        (_set(("suggestions",), ["What?"]), "suggestions: has 1 entry; at least 4 needed"),
        (_set(("insights", 3, "after"), "nobody"), "insights[3].after: 'nobody' is not an insight listed before"),
        (_set(("insights", 0, "after"), "fairness"), "insights[0].after: 'fairness' is not an insight listed before"),
        (_set(("insights", 2, "id"), "one_colleague"), "insights[2].id: 'one_colleague' is used twice in insights"),
        (_set(("topics", 1, "id"), "rota_itself"), "topics[1].id: 'rota_itself' is used twice in topics"),
        (_set(("id",), "rota"), "id: 'rota' must be the file's name ('weekend_rota')"),
    ],
)
def test_scenario_errors_name_file_line_scenario_and_key(tmp_path: Path, change: Any, message: str) -> None:
    data = copy.deepcopy(SOURCE)
    change(data)
    path = write(tmp_path, data)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    text = str(caught.value)
    assert text.startswith(f"{path}:")
    assert message in text


def test_a_yaml_boolean_in_the_topics_is_named_at_its_line(tmp_path: Path) -> None:
    """`off` is read as false by YAML: the error points at the line to quote."""
    text = (SCENARIOS_DIR / "weekend_rota.yaml").read_text(encoding="utf-8").replace("[cover*,", "[off,")
    path = tmp_path / "weekend_rota.yaml"
    path.write_text(text, encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "[off," in row)
    with pytest.raises(ScenarioError, match=rf":{line}: scenario 'weekend_rota' insights\[1\]\.topics\[0\]: False"):
        load_scenario(path)


def test_a_bank_item_naming_no_scenario_is_an_error(tmp_path: Path) -> None:
    bank = {
        "schema_version": 1,
        "bank": "sample",
        "version": 1,
        "title": "Sample",
        "items": [{"id": "p1", "type": "practice", "scenario": "nowhere", "prompt": "Ask.", "explanation": "Why."}],
    }
    path = tmp_path / "sample.yaml"
    path.write_text(yaml.safe_dump(bank), encoding="utf-8")
    with pytest.raises(BankError, match=r"item 'p1' items\[0\]\.scenario: no scenario 'nowhere' \(known: back_on_site"):
        load_bank(path)
    bank["items"][0]["scenario"] = "weekend_rota"
    path.write_text(yaml.safe_dump(bank), encoding="utf-8")
    assert load_bank(path).items[0]["scenario"] == SHIPPED["weekend_rota"]


def test_an_unknown_scenario_is_a_clear_error() -> None:
    with pytest.raises(ScenarioError, match=r"no scenario 'nowhere' in .* \(known: back_on_site, month_end"):
        scenario("nowhere")
