// Runs recheck (npm `recheck`, "the trustworthy ReDoS checker") on regular
// expressions, for tests/test_rules_redos.py.
// Usage: node check_redos.mjs < PATTERNS.json
// PATTERNS.json: [{where, source, flags}, ...], each source and flags as the
// browser passes them to `new RegExp(source, flags)`.
// Prints one JSON object: {backend, workers, seconds, results: [{where,
// source, flags, status, checker, complexity, attack, hotspot, error,
// seconds}, ...]}, in input order. status is recheck's verdict: "safe",
// "vulnerable" or "unknown" (error says why: "timeout", "unsupported", ...);
// attack is the attack string as recheck writes it (e.g. "'a'.repeat(30) + '!'").
// Exits 2, saying why on stderr, when recheck cannot be loaded.
//
// Backend: recheck's native binary (the optional npm package
// recheck-<os>-<cpu>, which `npm ci` installs where the platform has one)
// when it runs here, otherwise its pure JavaScript (Scala.js) checker in
// worker threads. Neither needs Java or the network. RECHECK_BACKEND, if set,
// chooses instead ("native" or "pure").
//
// Verdicts are deterministic: recheck's fuzzer by default judges an attack by
// wall-clock time (attackTimeout 1 s, incubationTimeout 250 ms), so on a busy
// machine a linear pattern can be called vulnerable. Here those timeouts are
// off and only step counts decide (attackLimit: 1e8 steps, reached only by a
// super-linear pattern on an attack string of at most 300,000 characters), with
// a fixed seed, so the native and the pure checker agree on every run.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { performance } from "node:perf_hooks";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";

const require = createRequire(import.meta.url);

const PARAMS = {
  randomSeed: 0,
  attackTimeout: null,
  incubationTimeout: null,
  seedingTimeout: null,
  attackLimit: 100_000_000,
  // Bounded repeats ({1,20}) add up past recheck's default of 30 in a few rule
  // patterns; above that it fuzzes them, and its fuzzer mistakes a bounded
  // pattern's growth up to the bound for a polynomial. Under this limit it
  // decides them exactly (a pattern with no unbounded repeat is safe).
  maxRepeatCount: 64,
};
// Per pattern, a safety net only: a pattern recheck cannot decide in this time
// is "unknown" (error "timeout"), which the test counts as a failure. The
// slowest shipped pattern takes about 10 s native and 50 s pure.
const TIMEOUT_MS = { native: 60_000, pure: 240_000 };

function loadRecheck() {
  try {
    return require("recheck");
  } catch (error) {
    process.stderr.write(`recheck is not installed (run \`npm ci\`): ${error.message}\n`);
    process.exit(2);
  }
}

function nativeInstalled() {
  const os = { linux: "linux", darwin: "macos", win32: "windows" }[process.platform];
  const cpu = { x64: "x64", arm64: "arm64" }[process.arch];
  if (!os || !cpu) return false;
  try {
    require.resolve(`recheck-${os}-${cpu}/package.json`);
    return true;
  } catch {
    return false;
  }
}

async function checkOne(check, { where, source, flags }, params) {
  const start = performance.now();
  let d;
  try {
    d = await check(source, flags, params);
  } catch (error) {
    d = { status: "unknown", error: { kind: "exception", message: String(error) } };
  }
  return {
    where,
    source,
    flags,
    status: d.status,
    checker: d.checker ?? null,
    complexity: d.complexity ?? null,
    attack: d.attack ? d.attack.pattern : null,
    hotspot: d.hotspot ? d.hotspot.map((h) => source.slice(h.start, h.end)) : null,
    error: d.error ?? null,
    seconds: (performance.now() - start) / 1000,
  };
}

if (!isMainThread) {
  // A pure-checker worker: checks the patterns it is sent, one at a time.
  process.env.RECHECK_BACKEND = "pure";
  const { check } = loadRecheck();
  parentPort.on("message", async ({ index, pattern }) => {
    parentPort.postMessage({ index, result: await checkOne(check, pattern, workerData.params) });
  });
} else {
  const patterns = JSON.parse(readFileSync(0, "utf8"));
  const started = performance.now();
  const workers = Math.max(1, Math.min(availableParallelism(), 4));
  let backend = process.env.RECHECK_BACKEND || (nativeInstalled() ? "native" : "pure");
  process.env.RECHECK_BACKEND = backend;
  const { check } = loadRecheck();
  if (backend === "native") {
    // The binary ships inside an npm package, but may not run on this system.
    try {
      await check("a", "", { timeout: 10_000 });
    } catch (error) {
      process.stderr.write(`recheck's native checker does not run here (${error.message}); using the pure one\n`);
      backend = "pure";
      process.env.RECHECK_BACKEND = backend;
    }
  }
  const params = { ...PARAMS, timeout: TIMEOUT_MS[backend] ?? TIMEOUT_MS.pure };
  const results = new Array(patterns.length);
  let next = 0;
  if (backend === "native") {
    // One agent process, which checks concurrent requests in parallel.
    const lane = async () => {
      while (next < patterns.length) {
        const index = next++;
        results[index] = await checkOne(check, patterns[index], params);
      }
    };
    await Promise.all(Array.from({ length: workers }, lane));
  } else {
    await new Promise((resolve, reject) => {
      let done = 0;
      if (patterns.length === 0) resolve();
      const pool = Array.from(
        { length: Math.min(workers, patterns.length) },
        () => new Worker(new URL(import.meta.url), { workerData: { params } }),
      );
      const feed = (worker) => {
        if (next < patterns.length) {
          const index = next++;
          worker.postMessage({ index, pattern: patterns[index] });
        }
      };
      for (const worker of pool) {
        worker.on("error", reject);
        worker.on("message", ({ index, result }) => {
          results[index] = result;
          done += 1;
          if (done === patterns.length) {
            for (const w of pool) w.terminate();
            resolve();
          } else feed(worker);
        });
        feed(worker);
      }
    });
  }
  const report = { backend, workers, seconds: (performance.now() - started) / 1000, results };
  // The native agent is a child process that recheck keeps for reuse: end once
  // the report is written (a pipe is written asynchronously).
  process.stdout.write(`${JSON.stringify(report)}\n`, () => process.exit(0));
}
