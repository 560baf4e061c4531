// Runs the browser's SMART checks (smart_rules.js) under Node for the parity test.
// Usage: node check_smart_actions.mjs RULES.json < actions.txt  (one per line)
// Prints one JSON result list per line (null for a blank line).
import { readFileSync } from "node:fs";
import { checkSmartAction } from "../../src/workbook/rules/smart_rules.js";

const rules = JSON.parse(readFileSync(process.argv[2], "utf8"));
const lines = readFileSync(0, "utf8").split("\n");
if (lines.at(-1) === "") lines.pop();
for (const line of lines) process.stdout.write(JSON.stringify(checkSmartAction(line, rules)) + "\n");
