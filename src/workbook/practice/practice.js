// Play a practice set in the browser. Mirrors src/workbook/practice/_engine.py
// step for step (its docstring says how a question is answered);
// tests/test_practice_parity.py plays the same scripts through both. Change
// the two together.

import { classifyQuestion, matchingText, normaliseQuestion } from "../rules/question_rules.js";

export const MOVES = ["open", "closed", "leading", "stacked", "why", "silence", "summary"];
const QUESTION_SECONDS = 20;
const WORDS_PER_MINUTE = 130;
export const MAX_QUESTIONS = 40;
export const MAX_QUESTION_TEXT = 300;
// An insight reached by a question asked word for word as a suggestion counts half.
export const SUGGESTED_CREDIT = 0.5;
const SILENCE_RULE = "minimal_prompt";
const SUMMARY_RULE = "closed_not_a_question";

const SUGGESTIONS = {
  leading:
    "A good share of your airtime went on your own ideas. Next time, when a suggestion forms, turn it into a question about what the presenter sees: “What options have you considered?”",
  why: "Your “why” questions met defensiveness. Next time, ask “What led you to…?” or “What mattered to you about…?” instead.",
  stacked:
    "Several of your questions asked two things at once, and only the last part was answered. Next time, ask one question and let the next come from the answer.",
  closed:
    "More of your questions were closed than open, so the answers stayed short. Next time, start with “What” or “How” and let the presenter choose what to say.",
  silence:
    "Some of what the presenter knew stayed unsaid. Next time, leave a silence (type “…”) after an answer: people often add the thing that matters most.",
  missed:
    "Some of what the presenter knew stayed unsaid. Next time, follow their words with a question such as: “{example}”",
  all: "You reached everything the presenter had not said. Next time, see whether fewer, shorter questions get there as well.",
};

const tokens = (text) => matchingText(text).match(/[a-z0-9]+(?:'[a-z]+)?/g) || [];

/** Do `toks` contain `phrase`'s words in a row? A word ending in `*` matches any word it begins. */
export function namesPhrase(toks, phrase) {
  const words = phrase.split(/\s+/).filter(Boolean);
  for (let start = 0; start <= toks.length - words.length; start += 1) {
    if (words.every((w, i) => toks[start + i] === w || (w.endsWith("*") && toks[start + i].startsWith(w.slice(0, -1)))))
      return true;
  }
  return false;
}

const namesAny = (toks, phrases) => phrases.some((p) => namesPhrase(toks, p));

/** The last of a stacked question's parts: after its last inner "?", or else its last ",", ";", "and" or "or". */
export function lastPart(text) {
  const parts = text.split("?").filter((p) => p.trim());
  if (parts.length >= 2) return `${parts.at(-1).trim()}?`;
  const pieces = text.split(/,|;|\band\b|\bor\b/i).filter((p) => p.trim());
  return pieces.length ? pieces.at(-1).trim() : text;
}

/** The words of a question as the rules hear it: greetings, fillers and false starts set aside. */
const spokenWords = (text, rules) => (normaliseQuestion(text, rules).match(/[a-z0-9]+(?:'[a-z]+)?/g) || []).join(" ");

/** The suggestions' words; a prompt with no words ("…") is anyone's, so it is not among them. */
const suggestedWords = (scenario, rules) =>
  new Set(scenario.suggestions.map((q) => spokenWords(q, rules)).filter(Boolean));

function speakingSeconds(reply) {
  const words = reply.split(/\s+/).filter(Boolean).length;
  return QUESTION_SECONDS + Math.floor((words * 60 + WORDS_PER_MINUTE - 1) / WORDS_PER_MINUTE);
}

/** Does a question of `move` naming `toks` reach `insight`, with the insights `reached` so far? */
function reaches(insight, move, toks, reached) {
  if (reached.includes(insight.id) || !insight.kinds.includes(move)) return false;
  if (insight.after != null && !reached.includes(insight.after)) return false;
  return move === "silence" || namesAny(toks, insight.topics);
}

function moveOf(result) {
  if (result.rule === SILENCE_RULE) return "silence";
  if (result.rule === SUMMARY_RULE) return "summary";
  return result.verdict;
}

/** A practice set in play: `ask` one question at a time. */
export function practiceSession(scenario, rules) {
  const session = { scenario, turns: [], reached: [], prompted: [], elapsed: 0, budget: scenario.minutes * 60 };
  const suggestedSet = suggestedWords(scenario, rules);
  const said = new Map();
  const next = (key, replies) => {
    const count = said.get(key) || 0;
    said.set(key, count + 1);
    return replies[count % replies.length];
  };
  const answer = (text, move) => {
    const toks = tokens(text);
    const insight = scenario.insights.find((i) => reaches(i, move, toks, session.reached));
    if (insight) {
      session.reached.push(insight.id);
      return [insight.reply, insight.id];
    }
    if (move === "open" || move === "summary" || move === "closed") {
      const key = move === "closed" ? "short" : "reply";
      for (const topic of scenario.topics)
        if (namesAny(toks, topic.words)) return [next(`${topic.id}:${key}`, topic[key]), null];
    }
    return [next(move, scenario.replies[move]), null];
  };
  session.isOver = () => session.elapsed >= session.budget || session.turns.length >= MAX_QUESTIONS;
  /** The presenter's answer (a turn); null when the text is blank or the time is over. */
  session.ask = (raw) => {
    const text = raw.slice(0, MAX_QUESTION_TEXT);
    const result = classifyQuestion(text, rules);
    if (!result || session.isOver()) return null;
    const move = moveOf(result);
    let reply;
    let insight;
    if (move === "stacked") {
      const part = lastPart(text);
      const partResult = classifyQuestion(part, rules);
      let partMove = partResult ? moveOf(partResult) : "open";
      if (partMove === "stacked") partMove = "open";
      const leadIn = next("stacked", scenario.replies.stacked);
      [reply, insight] = answer(part, partMove);
      reply = `${leadIn} ${reply}`;
    } else [reply, insight] = answer(text, move);
    const words = spokenWords(text, rules);
    const suggested = words !== "" && suggestedSet.has(words);
    if (insight && suggested) session.prompted.push(insight);
    const turn = {
      question: text,
      move,
      rule: result.rule,
      reply,
      insight,
      seconds: speakingSeconds(reply),
      own_idea: move === "leading",
      suggested,
    };
    session.turns.push(turn);
    session.elapsed += turn.seconds;
    return turn;
  };
  return session;
}

/** Ask `questions` in order (blank ones, and any after the time is over, go unanswered). */
export function play(scenario, questions, rules) {
  const session = practiceSession(scenario, rules);
  for (const q of questions) session.ask(q);
  return session;
}

const percent = (part, whole) => (whole ? Math.floor((200 * part + whole) / (2 * whole)) : 0);

function suggestionKey(balance, ownPercent, missed) {
  if (ownPercent >= 25) return "leading";
  if (balance.why >= 2) return "why";
  if (balance.stacked >= 2) return "stacked";
  if (balance.closed > balance.open) return "closed";
  if (missed && balance.silence === 0) return "silence";
  return missed ? "missed" : "all";
}

/** Sum up a play: the balance of moves, insights reached and missed, airtime and one suggestion. */
export function debrief(session) {
  const { turns, scenario } = session;
  const balance = Object.fromEntries(MOVES.map((m) => [m, turns.filter((t) => t.move === m).length]));
  const reached = scenario.insights.filter((i) => session.reached.includes(i.id)).map((i) => i.id);
  const prompted = reached.filter((id) => session.prompted.includes(id));
  const missed = scenario.insights.filter((i) => !session.reached.includes(i.id));
  const used = turns.reduce((n, t) => n + t.seconds, 0);
  const own = percent(
    turns.filter((t) => t.own_idea).reduce((n, t) => n + t.seconds, 0),
    used,
  );
  const suggestion = suggestionKey(balance, own, missed.length > 0);
  return {
    asked: turns.length,
    balance,
    reached,
    prompted,
    missed: missed.map((i) => i.id),
    own_ideas_percent: own,
    suggestion,
    advice: SUGGESTIONS[suggestion].replace("{example}", missed.length ? missed[0].example : ""),
    score: (reached.length - prompted.length + SUGGESTED_CREDIT * prompted.length) / scenario.insights.length,
  };
}
