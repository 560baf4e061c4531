// Runs the browser's SMART checks (smart_rules.js) under Node for the parity test.
// Usage: node check_smart_actions.mjs RULES.json TODAY < actions.jsonl
// Each input line is a JSON action: a sentence or {action, owner, due, measure}.
// Prints one JSON result list per line (null for a blank action).
import { readFileSync } from "node:fs";
import { checkSmartAction } from "../../src/workbook/rules/smart_rules.js";

const [rulesPath, today] = process.argv.slice(2);
const rules = JSON.parse(readFileSync(rulesPath, "utf8"));
const lines = readFileSync(0, "utf8").split("\n");
if (lines.at(-1) === "") lines.pop();
for (const line of lines) process.stdout.write(`${JSON.stringify(checkSmartAction(JSON.parse(line), rules, today))}\n`);
