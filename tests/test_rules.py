"""The question rules: accuracy on labelled questions, the evaluator's
contract, and the `workbook rules classify` command."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.rules_accuracy import LABELS, labelled, measure
from workbook import RulesError
from workbook.cli import cli
from workbook.rules import classify_question, load_rules
from workbook.rules._engine import RULES_PATH


@pytest.mark.parametrize(
    ("corpus", "floor", "agreement"),
    [
        # The development set was used to write the rules; the held-out set was
        # written separately and only looked at once the rules existed.
        pytest.param("labelled_questions.tsv", 0.95, 0.95, id="development-set"),
        pytest.param("heldout_questions.tsv", 0.65, 0.9, id="held-out-set"),
        # Questions as people say them (greetings, names, fillers, false starts,
        # tags): the rules were tuned on the first, never on the second.
        pytest.param("spoken_questions.tsv", 0.95, 0.95, id="spoken-development-set"),
        pytest.param("spoken_heldout_questions.tsv", 0.65, 0.85, id="spoken-held-out-set"),
    ],
)
def test_accuracy_per_label(corpus: str, floor: float, agreement: float) -> None:
    """Is every label recognised well, not just the commonest, and open told from closed?"""
    rows = labelled(corpus)
    assert len(rows) >= 60
    assert {label for label, _ in rows} == set(LABELS)
    report = measure(rows)
    weak = {label: round(score, 2) for label, score in report.accuracy().items() if score < floor}
    assert not weak, f"labels below {floor:.0%}: {weak}"
    assert report.agreement() >= agreement


def test_spoken_development_set_is_big_enough() -> None:
    assert len(labelled("spoken_questions.tsv")) >= 150


def test_beats_the_first_word_rule_on_open_versus_closed() -> None:
    """A naive rule (wh-word first means open) is the baseline to beat."""
    rows = [(label, q) for label, q in labelled("heldout_questions.tsv") if label in ("open", "closed")]
    wh = ("what", "how", "who", "where", "when", "which", "tell", "describe")

    def naive(question: str) -> str:
        return "open" if question.lower().lstrip(" ,.").startswith(wh) else "closed"

    def ours(question: str) -> str:
        verdict = classify_question(question)
        return "open" if verdict and verdict.verdict == "open" else "closed"

    naive_right = sum(naive(q) == label for label, q in rows)
    our_right = sum(ours(q) == label for label, q in rows)
    assert our_right > naive_right


@pytest.mark.parametrize(
    ("text", "verdict", "rule"),
    [
        pytest.param("Have you spoken to HR?", "leading", "leading_hidden_advice", id="hidden-advice"),
        pytest.param("Who else could help with this?", "open", "open_question_word", id="open"),
        pytest.param("Why did you do that?", "why", "why_question", id="why"),
        pytest.param("What led you to that choice?", "open", "open_question_word", id="why-alternative"),
        pytest.param("Were you angry?", "closed", "closed_auxiliary_opening", id="closed"),
        pytest.param(
            "What's the deadline, who's involved and what have you tried?",
            "stacked",
            "stacked_joined_questions",
            id="stacked",
        ),
        pytest.param("Okay, um, so where would you like to start?", "open", "open_question_word", id="spoken-lead-in"),
        pytest.param("You mentioned the budget. What is behind that?", "open", "open_question_word", id="preamble"),
        pytest.param(
            "When you say stuck, what does stuck look like?", "open", "open_question_word", id="scene-setting"
        ),
        pytest.param("How many people are in the team?", "closed", "closed_single_fact", id="single-fact"),
        pytest.param("Could you walk me through it?", "open", "open_polite_request", id="polite-request"),
        pytest.param("It's the manager's fault, isn't it?", "leading", "leading_question_tag", id="tag"),
        # Clean Language, as book/questioning/clean-language.md teaches it.
        pytest.param("And is there anything else about stuck?", "open", "open_clean_question", id="clean-else"),
        pytest.param("What kind of stuck is that?", "open", "open_clean_question", id="clean-kind"),
        pytest.param("And what happens just before you freeze?", "open", "open_clean_question", id="clean-before"),
        pytest.param("And where is that?", "open", "open_clean_question", id="clean-where"),
        pytest.param("And that's firefighting like what?", "open", "open_clean_question", id="clean-like-what"),
        pytest.param(
            "Is there anything else you want to add before we move on?",
            "closed",
            "closed_auxiliary_opening",
            id="anything-else-to-add-is-closed",
        ),
        # A bare topic is the questioner's steer; the presenter's topic asked about is open.
        pytest.param("What about the budget?", "leading", "leading_topic_steer", id="topic-steer"),
        pytest.param("What about the budget worries you?", "open", "open_question_word", id="topic-asked-about"),
        # Real speech: greetings, names, lead-ins, false starts, repeats, fillers, tags.
        pytest.param("Hi Sam, how have things been?", "open", "open_question_word", id="greeting-and-name"),
        pytest.param(
            "Let me ask you this, Priya, what would help?", "open", "open_question_word", id="lead-in-and-name"
        ),
        pytest.param(
            "Just picking up on the word fair, what does fair mean to you here?",
            "open",
            "open_question_word",
            id="picking-up-a-word",
        ),
        pytest.param("Wh-what did she say?", "open", "open_question_word", id="false-start"),
        pytest.param("And-and how did they take it?", "open", "open_question_word", id="repeated-word"),
        pytest.param("What did you, um, what did you say?", "open", "open_question_word", id="self-repair"),
        pytest.param("Is that, like, the first time?", "closed", "closed_auxiliary_opening", id="filler"),
        pytest.param("What happens next, then?", "open", "open_clean_question", id="then-after-a-wh-question"),
        pytest.param("So you're going to push back, then?", "leading", "leading_soft_tag", id="then-after-a-claim"),
        pytest.param("How are you feeling about it now, Sam?", "open", "open_question_word", id="name-at-the-end"),
        pytest.param("Could you just talk us through it?", "open", "open_polite_request", id="just-as-softener"),
        pytest.param("Could you just ask him to leave?", "leading", "leading_suggestion", id="just-as-advice"),
        pytest.param(
            "What do you think about bringing in a consultant?",
            "leading",
            "leading_suggestion",
            id="open-in-form-but-a-suggestion",
        ),
    ],
)
def test_verdicts(text: str, verdict: str, rule: str) -> None:
    result = classify_question(text)
    assert result is not None
    assert (result.verdict, result.rule) == (verdict, rule)


def test_message_names_the_opening_word() -> None:
    result = classify_question("Did the pilot go well?")
    assert result is not None
    assert result.message.startswith('Opening with "Did" makes this a yes/no question.')
    assert result.score == 0.25


def test_long_open_question_loses_some_credit() -> None:
    text = (
        "What would you most like the set to understand about how the budget cut last spring changed"
        " the way your team plans, talks, argues and rests?"
    )
    result = classify_question(text)
    assert result is not None
    assert result.verdict == "open"
    assert result.score == 0.75
    assert "fewer than 15 words" in result.message


def test_blank_text_has_no_verdict() -> None:
    assert classify_question("  \n ") is None


def test_bad_pattern_names_file_and_rule(tmp_path: Path) -> None:
    source = RULES_PATH.read_text(encoding="utf-8")
    broken = tmp_path / "rules.yaml"
    broken.write_text(source.replace(r"pattern: '\bsurely\b'", "pattern: '(surely'"), encoding="utf-8")
    with pytest.raises(RulesError, match=r"rules\.yaml:\d+: rules\[\d+\]\.pattern: rule 'leading_surely': bad pattern"):
        load_rules(broken)


def test_cli_classify_prints_tab_separated_verdicts() -> None:
    """Can an author try the rules on their own questions?"""
    result = CliRunner().invoke(cli, ["rules", "classify"], input="Did you call her?\n\nWhat happened next?\n")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "Did you call her?\tclosed\t0.25\tclosed_auxiliary_opening",
        "What happened next?\topen\t1.00\topen_question_word",
    ]


def test_cli_classify_explain_adds_the_message() -> None:
    result = CliRunner().invoke(cli, ["rules", "classify", "--explain"], input="Why did you wait?\n")
    fields = result.output.rstrip("\n").split("\t")
    assert fields[:4] == ["Why did you wait?", "why", "0.50", "why_question"]
    assert fields[4].startswith('"Why" asks the presenter to justify themselves')


def test_cli_banks_check_counts() -> None:
    result = CliRunner().invoke(cli, ["banks", "check"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert any(re.match(r"questioning \(v\d+\): ", line) for line in lines[:-1])  # banks are listed by file name
    assert re.fullmatch(rf"items=\d+ banks={len(lines) - 1} outcomes=\d+", lines[-1])
