// Prints the order the browser shows each item in, for the shuffle parity test.
// Usage: node display_order.mjs CASES.json
// CASES.json: {items: [...], seeds: [...]}; prints one JSON line per item and
// seed: {order: displayOrder(item, seed), steps: initialOrder(...) or null}.
import { readFileSync } from "node:fs";
import { displayOrder, initialOrder } from "../../src/workbook/exercises/shuffle.js";

const { items, seeds } = JSON.parse(readFileSync(process.argv[2], "utf8"));
for (const item of items) {
  for (const seed of seeds) {
    const steps = item.type === "order" ? initialOrder(item, seed) : null;
    process.stdout.write(`${JSON.stringify({ order: displayOrder(item, seed), steps })}\n`);
  }
}
