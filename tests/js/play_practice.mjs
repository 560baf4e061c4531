// Plays practice-set scripts with the browser's engine (practice.js) under Node,
// for the parity test. Usage: node play_practice.mjs CASES.json
// CASES.json: {rules, scenarios: {id: scenario}, scripts: [{scenario, questions}]};
// prints one JSON line per script: {turns, debrief}.
import { readFileSync } from "node:fs";
import { debrief, play } from "../../src/workbook/practice/practice.js";

const { rules, scenarios, scripts } = JSON.parse(readFileSync(process.argv[2], "utf8"));
for (const script of scripts) {
  const session = play(scenarios[script.scenario], script.questions, rules);
  process.stdout.write(`${JSON.stringify({ turns: session.turns, debrief: debrief(session) })}\n`);
}
