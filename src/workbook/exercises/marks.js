// Marks shown where the learner answered: a ✓, ✗ or "partly" badge beside
// each row's own answer, a tint on the row and the row's explanation beneath
// it, and the page-level numbering of exercises. Imports nothing, so the
// runtime can use it without an import cycle.

// The icon is for the eye only; the hidden word is what a screen reader says,
// so no status rests on colour or on a symbol alone.
const BADGES = {
  right: { icon: "✓", text: "right" },
  wrong: { icon: "✗", text: "wrong" },
  partly: { icon: "◐", text: "partly right" },
  // A right option the learner did not choose (multiple-answer choice).
  missed: { icon: "○", text: "missed: a right answer you did not choose" },
};

/** What each type asks the learner to do, as the exercise's heading names it. */
export const TYPE_TITLES = {
  choice: "Choose the answer",
  classify: "Sort the statements",
  order: "Put the steps in order",
  rewrite: "Rewrite the question",
  match: "Match the pairs",
  spot: "Name the responses",
  smart: "Make the action SMART",
  timing: "Plan the time",
  dilemma: "Steer the dilemma",
};

function el(tag, className, ...children) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  node.append(...children.filter((c) => c != null && c !== ""));
  return node;
}

/** A badge for `verdict`: the icon hidden from screen readers, the word hidden from view. */
export function badge(verdict) {
  const { icon, text } = BADGES[verdict];
  const iconSpan = el("span", "alw-row-icon", icon);
  iconSpan.setAttribute("aria-hidden", "true");
  return el("span", "alw-row-mark", iconSpan, el("span", "alw-visually-hidden", ` ${text}. `));
}

/** Take every mark `markRows` put on the page off again. */
export function clearRows(root) {
  for (const node of root.querySelectorAll(".alw-row-mark, .alw-row-note")) node.remove();
  for (const row of root.querySelectorAll("[data-mark]")) delete row.dataset.mark;
}

/**
 * Mark each row in place. A row is {row, verdict, note, at, before}: `row`
 * takes the tint and the note beneath it; the badge goes at the end of `at`
 * (the row itself when not given), or before `before` when given, so it sits
 * next to the learner's own answer.
 */
export function markRows(root, rows) {
  clearRows(root);
  for (const { row, verdict, note, at, before } of rows) {
    if (!row || !verdict) continue;
    row.dataset.mark = verdict;
    const mark = badge(verdict);
    if (before) before.before(mark);
    else (at || row).append(mark);
    if (note) row.append(el("p", "alw-row-note", note));
  }
}

/**
 * Number every exercise on the page in document order ("Exercise 3 · Sort
 * the statements"). Called on each mount, as widgets may render out of
 * order; the number lives only in the page, never in a saved answer.
 */
export function numberExercises(doc = document) {
  const headings = doc.querySelectorAll(".alw-exercise .alw-number");
  headings.forEach((heading, i) => {
    heading.textContent = `Exercise ${i + 1} · ${TYPE_TITLES[heading.dataset.type] || "Exercise"}`;
  });
}
