// Marks rewrite answers with the browser's markRewriteAnswer (question_rules.js)
// under Node, for the rewrite parity test. Usage: node mark_rewrites.mjs CASES.json
// CASES.json: {rules, cases: [{item, text}]}; prints one JSON line per case,
// shaped like Python's RewriteMark (null for a blank answer).
import { readFileSync } from "node:fs";
import { markRewriteAnswer } from "../../src/workbook/rules/question_rules.js";

const { rules, cases } = JSON.parse(readFileSync(process.argv[2], "utf8"));
for (const { item, text } of cases) {
  const mark = markRewriteAnswer(item, text, rules);
  const out = mark && {
    verdict: mark.result,
    score: mark.score,
    correct: mark.correct,
    avoided: mark.avoided,
    off_topic: mark.offTopic,
    notes: mark.notes,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}
