// Runs the browser's rule engine (question_rules.js) under Node for the parity test.
// Usage: node classify_questions.mjs RULES.json < questions.txt  (one per line)
// Prints one JSON result per line (null for a blank line).
import { readFileSync } from "node:fs";
import { classifyQuestion } from "../../src/workbook/rules/question_rules.js";

const rules = JSON.parse(readFileSync(process.argv[2], "utf8"));
const lines = readFileSync(0, "utf8").split("\n");
if (lines.at(-1) === "") lines.pop();
for (const line of lines) process.stdout.write(`${JSON.stringify(classifyQuestion(line, rules))}\n`);
