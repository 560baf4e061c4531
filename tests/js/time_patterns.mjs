// Times regular expressions under Node for the pattern-safety test.
// Usage: node time_patterns.mjs CASES.json
// CASES.json: {patterns: [{id, pattern}], groups: [[text, ...], ...], repeats, stop_seconds}.
// Groups are texts of growing length. Prints one JSON line per pattern:
// {id, seconds: [slowest text's best-of-`repeats` time, per group]}; a pattern
// stops at the first group slower than stop_seconds, so a runaway one cannot
// hang the test.
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";

const { patterns, groups, repeats, stop_seconds: stopSeconds } = JSON.parse(readFileSync(process.argv[2], "utf8"));
for (const { id, pattern } of patterns) {
  const regex = new RegExp(pattern, "g");
  const seconds = [];
  for (const texts of groups) {
    let slowest = 0;
    for (const text of texts) {
      let best = Infinity;
      for (let r = 0; r < repeats; r += 1) {
        const start = performance.now();
        text.replace(regex, "");
        best = Math.min(best, performance.now() - start);
      }
      slowest = Math.max(slowest, best / 1000);
    }
    seconds.push(slowest);
    if (slowest > stopSeconds) break;
  }
  process.stdout.write(`${JSON.stringify({ id, seconds })}\n`);
}
