// The free-text question rules, evaluated in the browser. Mirrors
// src/workbook/rules/_engine.py step for step; tests/test_rules_parity.py runs
// both on the same questions and requires identical results. Imported by the
// exercise and tool modules; workbook's widget bundler inlines it, so each
// widget still ships one self-contained module.

const compiled = new WeakMap();

function compile(rules) {
  let c = compiled.get(rules);
  if (!c) {
    c = {
      normalise: rules.normalise.map((s) => [new RegExp(s.pattern, "g"), s.replace]),
      rules: rules.rules.map((r) => [new RegExp(r.pattern), r]),
      adjustments: rules.adjustments.map((a) => [new RegExp(a.pattern), a]),
    };
    compiled.set(rules, c);
  }
  return c;
}

export function normaliseQuestion(text, rules) {
  let out = text.toLowerCase().replace(/\s+/g, " ").trim();
  for (const [pattern, replacement] of compile(rules).normalise) {
    out = out.replace(pattern, () => replacement);
  }
  return out.trim();
}

/** Classify text as open, closed, leading, stacked or why; null when blank. */
export function classifyQuestion(text, rules) {
  if (!text.trim()) return null;
  const norm = normaliseQuestion(text, rules);
  const opening = (norm.match(/[a-z']+/) || [""])[0];
  const c = compile(rules);
  for (const [pattern, rule] of c.rules) {
    if (!pattern.test(norm)) continue;
    let score = rule.score;
    const messages = [rule.message];
    for (const [adjPattern, adj] of c.adjustments) {
      if (adj.verdicts.includes(rule.verdict) && adjPattern.test(norm)) {
        score = Math.min(score, adj.max_score);
        messages.push(adj.message);
      }
    }
    const cap = opening.charAt(0).toUpperCase() + opening.slice(1);
    return { verdict: rule.verdict, score, rule: rule.id, message: messages.join(" ").replaceAll("{opening}", cap) };
  }
  throw new Error("the rules have no catch-all rule at the end");
}
