// Calls one exported function of a tools module under Node, for tests/test_tools.py.
// Usage: node call_tools.mjs MODULE FUNCTION < args.json   (args.json: a JSON array)
// Prints the result as JSON.
import { readFileSync } from "node:fs";

const [module, name] = process.argv.slice(2);
const mod = await import(new URL(`../../src/workbook/tools/${module}.js`, import.meta.url));
const args = JSON.parse(readFileSync(0, "utf8"));
process.stdout.write(`${JSON.stringify(mod[name](...args))}\n`);
