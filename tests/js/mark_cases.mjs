// Marks the hand-written cases of tests/cases/marking.yaml with the browser's
// markAnswer and verdictOf (exercise.js) under Node, for tests/test_marking_cases.py.
// Usage: node mark_cases.mjs CASES.json
// CASES.json: {question_rules, smart_rules, cases: [{item, answer}]}; prints one
// JSON line per case, in the cases' words (see the header of marking.yaml):
// {shown: false} when the page shows no mark (with set_aside: "unreadable" or
// "earlier version" when the type's own checks refuse a stored answer, as the
// page does before marking), else {shown, score, correct, verdict, feedback};
// {error} if marking throws.
import { readFileSync } from "node:fs";
import { markAnswer, TYPES, verdictOf } from "../../src/workbook/exercises/exercise.js";

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
  dilemma: (_item, mark) => ({ ending: mark.ending.id }),
};

function view(item, answer, rules) {
  if (answer === null) return { shown: false }; // nothing stored: nothing to mark
  // The page's own checks of a stored answer (mountExercise in runtime.js).
  const type = TYPES[item.type];
  if (type.isPositional?.(answer)) return { shown: false, set_aside: "earlier version" };
  if (!type.isValid(item, answer)) return { shown: false, set_aside: "unreadable" };
  const mark = markAnswer(item, answer, rules);
  if (!mark || type.blank(item, answer)) return { shown: false }; // it asks for an answer first
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
