"""Play a practice set: each question is classified by the shared question
rules and answered as the scenario says; the debrief sums up the play.

It mirrors ``practice.js`` (beside this file) step for step;
``tests/test_practice_parity.py`` plays the same scripts through both. Change
the two together.

How a question is answered (its *move* is the rules' verdict, except that a
minimal prompt such as "…" is a ``silence`` and a statement with no question
in it is a ``summary``):

1. a stacked question gets the scenario's stacked lead-in and an answer to
   its last part only, as that part would be answered on its own;
2. the first insight not yet reached whose kinds include the move, whose
   ``after`` insight (if any) is reached, and one of whose topics the
   question names (a silence needs no topic) is reached: its reply is given;
3. a leading or "why" question gets the scenario's reply for that move
   (agreement that hides the real issue; a defensive answer);
4. an open question or a summary on a topic gets the topic's reply, a closed
   one on a topic the topic's short answer;
5. anything else gets the scenario's reply for the move.

Replies in a list are given in turn, so a question asked twice is not
answered word for word twice. A question asked word for word as one of the
scenario's suggestions is *suggested*: an insight it reaches counts half in
the score (``SUGGESTED_CREDIT``), so choosing every suggestion cannot earn
what the learner's own questions earn. Each exchange takes time: ``QUESTION_SECONDS``
plus the reply spoken at ``WORDS_PER_MINUTE``. Once the scenario's minutes are
used, or ``MAX_QUESTIONS`` asked, no more questions are answered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from workbook.rules._engine import QuestionRules, classify_question, default_rules, matching_text, normalise

__all__ = [
    "MAX_QUESTIONS",
    "MAX_QUESTION_TEXT",
    "MOVES",
    "Debrief",
    "PracticeSession",
    "Turn",
    "debrief",
    "debrief_lines",
    "play",
]

MOVES = ("open", "closed", "leading", "stacked", "why", "silence", "summary")
QUESTION_SECONDS = 20  # asking, and the pause before the answer
WORDS_PER_MINUTE = 130
MAX_QUESTIONS = 40
MAX_QUESTION_TEXT = 300
SUGGESTED_CREDIT = 0.5
# The rules' ids for a minimal prompt ("…", "And?") and for text that asks nothing.
_SILENCE_RULE = "minimal_prompt"
_SUMMARY_RULE = "closed_not_a_question"
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_JOINS = re.compile(r",|;|\band\b|\bor\b", re.IGNORECASE | re.ASCII)

# The one suggestion for next time: the first whose test applies (see _suggestion).
SUGGESTIONS = {
    "leading": "A good share of your airtime went on your own ideas. Next time, when a suggestion forms, turn it into a question about what the presenter sees: “What options have you considered?”",
    "why": "Your “why” questions met defensiveness. Next time, ask “What led you to…?” or “What mattered to you about…?” instead.",
    "stacked": "Several of your questions asked two things at once, and only the last part was answered. Next time, ask one question and let the next come from the answer.",
    "closed": "More of your questions were closed than open, so the answers stayed short. Next time, start with “What” or “How” and let the presenter choose what to say.",
    "silence": "Some of what the presenter knew stayed unsaid. Next time, leave a silence (type “…”) after an answer: people often add the thing that matters most.",
    "missed": "Some of what the presenter knew stayed unsaid. Next time, follow their words with a question such as: “{example}”",
    "all": "You reached everything the presenter had not said. Next time, see whether fewer, shorter questions get there as well.",
}


@dataclass(frozen=True)
class Turn:
    """One question and its reply."""

    question: str
    move: str  # one of MOVES
    rule: str  # the question rule that decided the verdict
    reply: str
    insight: str | None  # the insight this question reached, if any
    seconds: int
    own_idea: bool  # the time went on the learner's own ideas (a leading question)
    suggested: bool = False  # asked word for word as one of the scenario's suggestions


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(matching_text(text))


def names_phrase(tokens: list[str], phrase: str) -> bool:
    """Do ``tokens`` contain ``phrase``'s words in a row? A word ending in ``*`` matches any word it begins."""
    words = phrase.split()
    for start in range(len(tokens) - len(words) + 1):
        if all(
            tokens[start + i] == w or (w.endswith("*") and tokens[start + i].startswith(w[:-1]))
            for i, w in enumerate(words)
        ):
            return True
    return False


def _names_any(tokens: list[str], phrases: list[str]) -> bool:
    return any(names_phrase(tokens, p) for p in phrases)


def last_part(text: str) -> str:
    """The last of a stacked question's parts: after its last inner "?", or else its last ",", ";", "and" or "or"."""
    parts = [p for p in text.split("?") if p.strip()]
    if len(parts) >= 2:
        return parts[-1].strip() + "?"
    pieces = [p for p in _JOINS.split(text) if p.strip()]
    return pieces[-1].strip() if pieces else text


def spoken_words(text: str, rules: QuestionRules) -> tuple[str, ...]:
    """The words of a question as the rules hear it: greetings, fillers and false starts set aside."""
    return tuple(_TOKEN.findall(normalise(text, rules)))


def suggested_words(scenario: dict[str, Any], rules: QuestionRules) -> set[tuple[str, ...]]:
    """The suggestions' words; a prompt with no words ("…") is anyone's, so it is not among them."""
    return {words for words in (spoken_words(q, rules) for q in scenario["suggestions"]) if words}


def _speaking_seconds(reply: str) -> int:
    words = len(reply.split())
    return QUESTION_SECONDS + (words * 60 + WORDS_PER_MINUTE - 1) // WORDS_PER_MINUTE


@dataclass
class PracticeSession:
    """A practice set in play: ask questions one at a time."""

    scenario: dict[str, Any]
    rules: QuestionRules = field(default_factory=default_rules)
    turns: list[Turn] = field(default_factory=list)
    reached: list[str] = field(default_factory=list)
    prompted: list[str] = field(default_factory=list)  # insights reached by a suggested question
    elapsed: int = 0
    _said: dict[str, int] = field(default_factory=dict)
    _suggested: set[tuple[str, ...]] = field(default_factory=set)

    def __post_init__(self) -> None:
        self._suggested = suggested_words(self.scenario, self.rules)

    @property
    def budget(self) -> int:
        """The seconds the presenter has."""
        return int(self.scenario["minutes"]) * 60

    @property
    def over(self) -> bool:
        """No more questions: the time is used, or the most questions asked."""
        return self.elapsed >= self.budget or len(self.turns) >= MAX_QUESTIONS

    def ask(self, text: str) -> Turn | None:
        """The presenter's answer to ``text``; None when it is blank or the time is over."""
        text = text[:MAX_QUESTION_TEXT]
        verdict = classify_question(text, self.rules)
        if verdict is None or self.over:
            return None
        move = self._move(verdict.verdict, verdict.rule)
        if move == "stacked":
            part = last_part(text)
            part_verdict = classify_question(part, self.rules)
            part_move = self._move(part_verdict.verdict, part_verdict.rule) if part_verdict else "open"
            if part_move == "stacked":
                part_move = "open"
            lead_in = self._next("stacked", self.scenario["replies"]["stacked"])
            reply, insight = self._answer(part, part_move)
            reply = f"{lead_in} {reply}"
        else:
            reply, insight = self._answer(text, move)
        suggested = spoken_words(text, self.rules) in self._suggested
        if insight is not None and suggested:
            self.prompted.append(insight)
        turn = Turn(text, move, verdict.rule, reply, insight, _speaking_seconds(reply), move == "leading", suggested)
        self.turns.append(turn)
        self.elapsed += turn.seconds
        return turn

    def _move(self, verdict: str, rule: str) -> str:
        if rule == _SILENCE_RULE:
            return "silence"
        if rule == _SUMMARY_RULE:
            return "summary"
        return verdict

    def _next(self, key: str, replies: list[str]) -> str:
        """Replies in turn: the first time the first, then the next, round again."""
        count = self._said.get(key, 0)
        self._said[key] = count + 1
        return replies[count % len(replies)]

    def _answer(self, text: str, move: str) -> tuple[str, str | None]:
        tokens = _tokens(text)
        for insight in self.scenario["insights"]:
            if (
                insight["id"] not in self.reached
                and move in insight["kinds"]
                and (insight.get("after") is None or insight["after"] in self.reached)
                and (move == "silence" or _names_any(tokens, insight["topics"]))
            ):
                self.reached.append(insight["id"])
                return insight["reply"], insight["id"]
        replies = self.scenario["replies"]
        if move in ("open", "summary", "closed"):
            key = "short" if move == "closed" else "reply"
            for topic in self.scenario["topics"]:
                if _names_any(tokens, topic["words"]):
                    return self._next(f"{topic['id']}:{key}", topic[key]), None
        return self._next(move, replies[move]), None


def play(scenario: dict[str, Any], questions: list[str], rules: QuestionRules | None = None) -> PracticeSession:
    """Ask ``questions`` in order (blank ones, and any after the time is over, go unanswered)."""
    session = PracticeSession(scenario, rules or default_rules())
    for question in questions:
        session.ask(question)
    return session


@dataclass(frozen=True)
class Debrief:
    """What the debrief shows."""

    asked: int
    balance: dict[str, int]  # questions per move, in MOVES order
    reached: list[str]  # insight ids, in the scenario's order
    prompted: list[str]  # of those, the ones reached by a suggested question
    missed: list[str]
    own_ideas_percent: int  # of the time used, the share spent on the learner's own ideas
    suggestion: str  # a key of SUGGESTIONS
    advice: str  # the suggestion's text
    score: float  # the share of insights reached, those reached by a suggested question counting half


def _percent(part: int, whole: int) -> int:
    """``part`` of ``whole`` as a whole percentage, halves rounded up (as JavaScript's Math.round)."""
    return (200 * part + whole) // (2 * whole) if whole else 0


def debrief(session: PracticeSession) -> Debrief:
    """Sum up a play: the balance of moves, insights reached and missed, airtime and one suggestion."""
    turns = session.turns
    balance = {m: sum(t.move == m for t in turns) for m in MOVES}
    insights = session.scenario["insights"]
    reached = [i["id"] for i in insights if i["id"] in session.reached]
    prompted = [i for i in reached if i in session.prompted]
    missed = [i for i in insights if i["id"] not in session.reached]
    used = sum(t.seconds for t in turns)
    own = _percent(sum(t.seconds for t in turns if t.own_idea), used)
    key = _suggestion(balance, own, bool(missed))
    advice = SUGGESTIONS[key].replace("{example}", missed[0]["example"] if missed else "")
    credit = len(reached) - len(prompted) + SUGGESTED_CREDIT * len(prompted)
    return Debrief(
        len(turns), balance, reached, prompted, [i["id"] for i in missed], own, key, advice, credit / len(insights)
    )


def _suggestion(balance: dict[str, int], own_percent: int, missed: bool) -> str:
    if own_percent >= 25:
        return "leading"
    if balance["why"] >= 2:
        return "why"
    if balance["stacked"] >= 2:
        return "stacked"
    if balance["closed"] > balance["open"]:
        return "closed"
    if missed and balance["silence"] == 0:
        return "silence"
    return "missed" if missed else "all"


# How the debrief marks an insight reached by a suggested question (as the page does).
PROMPTED_NOTE = " (reached with a suggested question: counts half)"

# How the debrief names each move (as the page does).
MOVE_LABELS = {
    "open": "Open questions",
    "closed": "Closed questions",
    "leading": "Leading questions",
    "stacked": "Stacked questions",
    "why": "“Why” questions",
    "silence": "Silences",
    "summary": "Summaries",
}


def debrief_lines(scenario: dict[str, Any], summary: Debrief) -> list[str]:
    """The debrief as lines of plain text, for the feedback page."""
    name = scenario["presenter"]["name"]
    insights = {i["id"]: i for i in scenario["insights"]}
    balance = ", ".join(f"{MOVE_LABELS[m]}: {n}" for m, n in summary.balance.items() if n)
    lines = [f"You asked {summary.asked} question{'s' if summary.asked != 1 else ''}. {balance}."]
    lines += [
        f"Reached: {insights[i]['summary']}{PROMPTED_NOTE if i in summary.prompted else ''}" for i in summary.reached
    ]
    lines += [
        f"Missed: {insights[i]['summary']} A question that could have reached it: “{insights[i]['example']}”"
        for i in summary.missed
    ]
    lines.append(
        f"Airtime: {100 - summary.own_ideas_percent}% on {name}'s problem, "
        f"{summary.own_ideas_percent}% on your own ideas (leading questions)."
    )
    lines.append(f"One suggestion: {summary.advice}")
    return lines
