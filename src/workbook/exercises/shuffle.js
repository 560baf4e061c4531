// The order in which an exercise shows its options: a seeded shuffle, so one
// learner sees the same order on every visit and different learners see
// different orders. Pure functions; _shuffle.py is their Python twin (the
// parity test runs both), so grading tools know what a learner saw first.

// FNV-1a over the UTF-8 bytes of the text: a 32-bit seed for the generator.
function hashText(text) {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash;
}

// mulberry32, returning whole 32-bit numbers so that JS and Python agree exactly.
function mulberry32(seed) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** The positions 0..count-1 in the Fisher–Yates order that `key` seeds. */
export function seededPermutation(count, key) {
  const next = mulberry32(hashText(key));
  const order = Array.from({ length: count }, (_, i) => i);
  for (let i = count - 1; i > 0; i -= 1) {
    const j = next() % (i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

// What each exercise type shows shuffled, by the item key that lists it.
const SHUFFLED = { choice: ["options"], classify: ["statements"], match: ["pairs", "options"], order: ["steps"] };

/** For each shuffled list of `item`, the authored indices in the order shown to the learner seeded by `seed`. */
export function displayOrder(item, seed) {
  const order = {};
  for (const part of SHUFFLED[item.type] || [])
    order[part] = seededPermutation(item[part].length, `${seed}|${item.id}|${part}`);
  return order;
}

/** An order item's steps as first shown: shuffled, and never already in the right order. */
export function initialOrder(item, seed) {
  const steps = displayOrder(item, seed).steps.map((i) => item.steps[i]);
  if (steps.every((s, i) => s === item.steps[i])) steps.push(steps.shift());
  return steps;
}
