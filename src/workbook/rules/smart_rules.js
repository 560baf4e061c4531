// The SMART action checks, evaluated in the browser. Mirrors
// src/workbook/rules/_smart.py step for step; tests/test_smart_rules.py runs
// both on the same actions and requires identical results. Inlined into the
// exercise module by workbook's widget bundler.

const compiledSmart = new WeakMap();

function compileSmart(rules) {
  let c = compiledSmart.get(rules);
  if (!c) {
    c = {
      normalise: rules.normalise.map((s) => [new RegExp(s.pattern, "g"), s.replace]),
      elements: rules.elements.map((e) => [e, e.checks.map((k) => [new RegExp(k.pattern), k])]),
    };
    compiledSmart.set(rules, c);
  }
  return c;
}

/** One result per SMART element ({element, met, check, message}); null when blank. */
export function checkSmartAction(text, rules) {
  if (!text.trim()) return null;
  const c = compileSmart(rules);
  let norm = text.toLowerCase().replace(/\s+/g, " ").trim();
  for (const [pattern, replacement] of c.normalise) norm = norm.replace(pattern, () => replacement);
  norm = norm.trim();
  return c.elements.map(([element, checks]) => {
    const hit = checks.find(([pattern]) => pattern.test(norm));
    return hit
      ? { element: element.id, met: hit[1].met, check: hit[1].id, message: hit[1].message }
      : { element: element.id, met: false, check: "none", message: element.unmet };
  });
}
