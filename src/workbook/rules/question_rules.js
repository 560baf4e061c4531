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

const rewritePatterns = new Map();

function matchesPattern(pattern, text) {
  let regex = rewritePatterns.get(pattern);
  if (!regex) {
    regex = new RegExp(pattern);
    rewritePatterns.set(pattern, regex);
  }
  return regex.test(text);
}

/** The answer as `avoid` and `about` patterns see it (as matching_text in Python). */
export function matchingText(text) {
  return text
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim()
    .replace(/[\u2018\u2019\u02bc`\u00b4]/g, "'");
}

/**
 * Mark a rewrite answer: the question rules, then the item's `avoid` and
 * `about` patterns, capped as the rules' `rewrite` section says. Mirrors
 * mark_rewrite in _engine.py; null when the text is blank.
 */
export function markRewriteAnswer(item, text, rules) {
  const result = classifyQuestion(text, rules);
  if (!result) return null;
  const caps = rules.rewrite;
  const plain = matchingText(text);
  const ofKind = result.verdict === item.expected;
  let score = ofKind ? result.score : Math.min(result.score, caps.wrong_kind_max_score);
  const notes = [result.message];
  const avoided = (item.avoid || []).find((a) => matchesPattern(a.pattern, plain)) || null;
  if (avoided) {
    score = Math.min(score, caps.avoid_max_score);
    notes.push(avoided.feedback);
  }
  const about = item.about || [];
  const offTopic =
    !avoided && about.length > 0 && !about.some((a) => matchesPattern(typeof a === "string" ? a : a.pattern, plain));
  if (offTopic) {
    score = Math.min(score, caps.off_topic_max_score);
    notes.push(item.off_topic || caps.off_topic_message);
  }
  return { result, score, correct: ofKind && score === 1, avoided: avoided ? avoided.id : null, offTopic, notes };
}
