// Marks the hand-written cases of tests/cases/marking.yaml with the browser's
// markAnswer and verdictOf (exercise.js) under Node, for tests/test_marking_cases.py.
// Usage: node mark_cases.mjs CASES.json
// CASES.json: {question_rules, smart_rules, cases: [{item, answer}]}; prints one
// JSON line per case, in the cases' words (see the header of marking.yaml):
// {shown: false} when the page shows no mark, else {shown, score, correct,
// verdict, feedback}; {error} if marking throws.
import { readFileSync } from "node:fs";
import { markAnswer, verdictOf } from "../../src/workbook/exercises/exercise.js";

const allNull = (values) => values.every((v) => v === null);

// The page's own "answer first" checks (each renderer's show()): with none of
// these given, it asks for an answer and shows no mark.
const BLANK = {
  choice: (answer) => answer.selected.length === 0,
  classify: (answer) => allNull(answer.placed),
  match: (answer) => allNull(answer.matched),
  spot: (answer) => allNull(answer.spotted),
  timing: (answer) => allNull(answer.minutes),
};

const parts = (mark) => mark.notes.map((n) => n.correct);

// What the page tells the learner, from the mark, per type.
const FEEDBACK = {
  choice: (item, mark) => ({
    parts: parts(mark),
    wrong_selected: mark.notes.filter((n) => !n.correct).map((n) => item.options[n.index].id),
    missed: item.multiple ? mark.missed : 0,
  }),
  classify: (_item, mark) => ({ parts: parts(mark) }),
  order: (_item, mark) => {
    const first = mark.notes.find((n) => !n.correct);
    return { parts: parts(mark), first_wrong: first ? first.index + 1 : null };
  },
  rewrite: (_item, mark) => ({ kind: mark.result.verdict, avoided: mark.avoided, off_topic: mark.offTopic }),
  match: (_item, mark) => ({ parts: parts(mark) }),
  spot: (_item, mark) => ({ parts: parts(mark) }),
  smart: (_item, mark) => ({
    parts: mark.elements.map((e) => e.met),
    met: mark.elements.filter((e) => e.met).map((e) => e.element),
  }),
  timing: (_item, mark) => ({ parts: parts(mark), allotted: mark.allotted }),
};

function view(item, answer, rules) {
  if (answer === null) return { shown: false }; // nothing stored: nothing to mark
  const mark = markAnswer(item, answer, rules);
  if (!mark || BLANK[item.type]?.(answer)) return { shown: false };
  return {
    shown: true,
    score: mark.score,
    correct: mark.correct,
    verdict: verdictOf(mark),
    feedback: FEEDBACK[item.type](item, mark),
  };
}

const { question_rules, smart_rules, cases } = JSON.parse(readFileSync(process.argv[2], "utf8"));
for (const { item, answer } of cases) {
  let line;
  try {
    line = view(item, answer, item.type === "smart" ? smart_rules : question_rules);
  } catch (error) {
    line = { error: String(error) };
  }
  process.stdout.write(`${JSON.stringify(line)}\n`);
}
