// Exercise widgets for Action Learning Workbook: the entry point that
// anywidget and the book's widget loader import. workbook/_bundle.py inlines
// its imports (runtime.js, one file per type in types/, handin.js, progress.js, self_assessment.js, shuffle.js
// and the rules in ../rules/) into one self-contained ES module, so it runs in
// JupyterLab/Notebook 7 and in the static pages with no kernel and no network.
// All feedback logic lives in these files.

import { collectAnswers, renderDownload } from "./handin.js";
import { renderProgress } from "./progress.js";
import { mountExercise, verdictOf } from "./runtime.js";
import { renderSelfAssessment } from "./self_assessment.js";
import { choice } from "./types/choice.js";
import { classify } from "./types/classify.js";
import { dilemma } from "./types/dilemma.js";
import { match } from "./types/match.js";
import { order } from "./types/order.js";
import { practice } from "./types/practice.js";
import { rewrite } from "./types/rewrite.js";
import { smart } from "./types/smart.js";
import { spot } from "./types/spot.js";
import { timing } from "./types/timing.js";

/** Every exercise type by name: its mark, answer checks and controls (see mountExercise in runtime.js). */
export const TYPES = { choice, classify, order, rewrite, match, spot, smart, timing, practice, dilemma };

/** Mark any item's answer; `rules` are the question rules (rewrite, practice) or the SMART rules (smart). */
export function markAnswer(item, answer, rules) {
  return TYPES[item.type].mark(item, answer, rules);
}

export { collectAnswers, verdictOf };

function render({ model, el }) {
  const item = model.get("item");
  if (item?.type === "download") renderDownload(model, el);
  else if (item?.type === "progress") renderProgress(model, el);
  else if (item?.type === "self_assessment") renderSelfAssessment(model, el);
  else if (item && Object.hasOwn(TYPES, item.type)) mountExercise(model, el, TYPES[item.type]);
  else el.textContent = `This exercise cannot be shown: unknown type “${item?.type}”.`;
}

export default { render };
