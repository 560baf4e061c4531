// Match each item on the left to one option, with feedback for each pair;
// pairs and options are shown shuffled.

import { h } from "../runtime.js";
import { markPicks, pickType } from "./picks.js";

function mark(item, answer) {
  return markPicks(
    item.pairs.map((p) => p.match),
    answer.matched,
  );
}

function picks(item) {
  const { pairs, options } = item;
  return {
    key: "matched",
    choices: options,
    rows: pairs.map((p) => ({ name: `“${p.text}”:`, feedback: p.feedback })),
    expected: pairs.map((p) => p.match),
    empty: "Match at least one item first.",
    done: "matched correctly",
    rowsKey: "pairs",
    choicesKey: "options",
    place: (ui, selects, shown) =>
      ui.body.append(
        ...shown.map((i) =>
          h("div", { class: "alw-pair" }, h("label", { for: selects[i].id }, pairs[i].text), selects[i]),
        ),
      ),
  };
}

export const match = pickType(mark, picks);
