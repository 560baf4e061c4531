// Name the type of each marked response in a short dialogue: a select beside
// each line that has a category.

import { h } from "../runtime.js";
import { markPicks, pickType } from "./picks.js";

function spotLines(item) {
  return item.dialogue.filter((line) => line.category);
}

function mark(item, answer) {
  return markPicks(
    spotLines(item).map((l) => l.category),
    answer.spotted,
  );
}

function dialogueLine(l, n, select) {
  const row = h("li", { class: "alw-line" }, h("span", { class: "alw-speaker" }, `${l.speaker}: `), h("q", {}, l.text));
  if (select)
    row.append(
      h("span", { class: "alw-pick" }, h("label", { for: select.id }, `Response type, line ${n + 1}`), select),
    );
  return row;
}

function picks(item) {
  const marked = spotLines(item);
  return {
    key: "spotted",
    choices: item.categories,
    rows: marked.map((l) => ({ name: `Line ${item.dialogue.indexOf(l) + 1} (${l.speaker}):`, feedback: l.feedback })),
    expected: marked.map((l) => l.category),
    empty: "Choose a response type for at least one line first.",
    done: "responses identified",
    place: (ui, selects) => {
      const lines = item.dialogue.map((l, n) => {
        const at = marked.indexOf(l);
        return dialogueLine(l, n, at >= 0 ? selects[at] : null);
      });
      ui.body.append(h("ol", { class: "alw-dialogue" }, lines));
    },
  };
}

export const spot = pickType(mark, picks);
