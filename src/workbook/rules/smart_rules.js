// The SMART action checks, evaluated in the browser: by the smart exercise
// (a sentence) and by the action log and meeting runner (the fields of an
// action). Mirrors src/workbook/rules/_smart.py step for step;
// tests/test_smart_rules.py runs both on the same actions and requires
// identical results. Inlined into the exercise and tool modules by workbook's
// widget bundler, so its names must not clash with theirs.

const compiledSmart = new WeakMap();
const SMART_FIELDS = ["action", "owner", "due", "measure"];

function compileSmart(rules) {
  let c = compiledSmart.get(rules);
  if (!c) {
    c = {
      normalise: rules.normalise.map((s) => [new RegExp(s.pattern, "g"), s.replace]),
      elements: rules.elements.map((e) => [
        e,
        e.checks.map((k) => [k.pattern == null ? null : new RegExp(k.pattern), k]),
      ]),
    };
    compiledSmart.set(rules, c);
  }
  return c;
}

function normaliseSmart(text, c) {
  let norm = text.toLowerCase().replace(/\s+/g, " ").trim();
  for (const [pattern, replacement] of c.normalise) norm = norm.replace(pattern, () => replacement);
  return norm.trim();
}

function smartIsDate(text) {
  if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

function smartToday() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

function smartCheckMatches(pattern, check, norm, fields, c, today) {
  if (check.field == null) return pattern?.test(norm) === true;
  if (fields == null) return false;
  const raw = fields[check.field];
  if (pattern != null) return pattern.test(normaliseSmart(raw, c));
  if (check.is === "filled") return normaliseSmart(raw, c) !== "";
  if (check.is === "date") return smartIsDate(raw);
  return smartIsDate(raw) && raw < today;
}

// One result per SMART element ({element, met, check, message}); null when blank.
// `action` is a sentence or the fields {action, owner, due, measure}; `today`
// (YYYY-MM-DD, by default the local date) decides whether a due date has passed.
export function checkSmartAction(action, rules, today = smartToday()) {
  const c = compileSmart(rules);
  let fields = null;
  let text;
  if (typeof action === "string") {
    if (!action.trim()) return null;
    text = action;
  } else {
    fields = Object.fromEntries(SMART_FIELDS.map((name) => [name, String(action[name] || "").trim()]));
    if (!SMART_FIELDS.some((name) => fields[name])) return null;
    text = rules.text_fields
      .filter((name) => fields[name])
      .map((name) => fields[name])
      .join(". ");
  }
  const norm = normaliseSmart(text, c);
  const results = [];
  for (const [element, checks] of c.elements) {
    const hit = checks.find(([pattern, check]) => smartCheckMatches(pattern, check, norm, fields, c, today));
    if (hit) {
      results.push({ element: element.id, met: hit[1].met, check: hit[1].id, message: hit[1].message });
      continue;
    }
    const needs = element.needs;
    if (needs && !results.find((r) => r.element === needs.element).met) {
      results.push({ element: element.id, met: false, check: `needs_${needs.element}`, message: needs.message });
    } else {
      results.push({
        element: element.id,
        met: element.otherwise.met,
        check: "none",
        message: element.otherwise.message,
      });
    }
  }
  return results;
}
