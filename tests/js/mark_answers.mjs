// Marks answers with the browser's mark functions (exercise.js) under Node, for
// the grading parity test. Usage: node mark_answers.mjs CASES.json
// CASES.json: {question_rules, smart_rules, cases: [{item, answer}]}; prints one
// JSON line per case: {score, correct, verdict} (or null when the browser shows no mark).
import { readFileSync } from "node:fs";
import { markAnswer, verdictOf } from "../../src/workbook/exercises/exercise.js";

const { question_rules, smart_rules, cases } = JSON.parse(readFileSync(process.argv[2], "utf8"));
for (const { item, answer } of cases) {
  const rules = item.type === "smart" ? smart_rules : question_rules;
  const mark = markAnswer(item, answer, rules);
  process.stdout.write(
    `${JSON.stringify(mark ? { score: mark.score, correct: mark.correct, verdict: verdictOf(mark) } : null)}\n`,
  );
}
