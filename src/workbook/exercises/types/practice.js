// A practice set: question a simulated presenter, then see a debrief. The
// presenter's answers come from the scenario the item carries, played by
// practice.js (the twin of workbook/practice/_engine.py, which the grader
// replays), so the page and the grader agree on every reply and figure.

import { debrief, MAX_QUESTION_TEXT, MAX_QUESTIONS, MOVES, play, practiceSession } from "../../practice/practice.js";
import { h, verdictLine } from "../runtime.js";

const MOVE_LABELS = {
  open: "Open questions",
  closed: "Closed questions",
  leading: "Leading questions",
  stacked: "Stacked questions",
  why: "“Why” questions",
  silence: "Silences",
  summary: "Summaries",
};

function mark(item, answer, rules) {
  const session = play(item.scenario, answer.questions, rules);
  const summary = debrief(session);
  return { correct: summary.missed.length === 0, score: summary.score, debrief: summary, session };
}

const isValid = (_item, a) =>
  a &&
  Array.isArray(a.questions) &&
  a.questions.length <= MAX_QUESTIONS &&
  a.questions.every((q) => typeof q === "string");

const clock = (seconds) => `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;

function turnNodes(name, turn) {
  return h(
    "div",
    { class: "alw-turn", "data-move": turn.move, "data-insight": turn.insight },
    h("p", { class: "alw-asked" }, h("strong", {}, "You: "), turn.question),
    h("p", { class: "alw-reply" }, h("strong", {}, `${name}: `), turn.reply),
  );
}

function list(items, attr) {
  return h(
    "ul",
    { class: "alw-debrief-list" },
    items.map(([key, ...text]) => h("li", { [attr]: key }, ...text)),
  );
}

// How the debrief marks an insight reached by a suggested question (as the feedback page does).
const PROMPTED_NOTE = " (reached with a suggested question: counts half)";

// The debrief: balance of moves, insights reached and missed (with a question
// that would have reached each), airtime, one suggestion, and the presenter's
// closing action, which is firmer when at least half the insights were reached.
function feedback(item, result) {
  const s = item.scenario;
  const d = result.debrief;
  const name = s.presenter.name;
  const insights = Object.fromEntries(s.insights.map((i) => [i.id, i]));
  const closing = d.reached.length * 2 >= s.insights.length ? s.closing.action : s.closing.vague;
  const parts = [
    verdictLine(
      result.correct,
      `You reached ${d.reached.length} of the ${s.insights.length} things ${name} had not said, in ${d.asked} question${d.asked === 1 ? "" : "s"}.`,
    ),
    h("p", {}, h("strong", {}, "Your questions")),
    list(
      MOVES.filter((m) => d.balance[m]).map((m) => [m, `${MOVE_LABELS[m]}: ${d.balance[m]}`]),
      "data-move",
    ),
  ];
  if (d.reached.length) {
    parts.push(h("p", {}, h("strong", {}, "Reached")));
    parts.push(
      list(
        d.reached.map((id) => [
          id,
          d.prompted.includes(id) ? `${insights[id].summary}${PROMPTED_NOTE}` : insights[id].summary,
        ]),
        "data-reached",
      ),
    );
  }
  if (d.missed.length) {
    parts.push(h("p", {}, h("strong", {}, "Missed")));
    parts.push(
      list(
        d.missed.map((id) => [
          id,
          `${insights[id].summary} A question that could have reached it: `,
          h("q", {}, insights[id].example),
        ]),
        "data-missed",
      ),
    );
  }
  parts.push(
    h(
      "p",
      { class: "alw-airtime", "data-own-ideas": String(d.own_ideas_percent) },
      h("strong", {}, "Airtime: "),
      `${100 - d.own_ideas_percent}% on ${name}'s problem, ${d.own_ideas_percent}% on your own ideas (leading questions).`,
    ),
    h("p", { class: "alw-suggestion", "data-suggestion": d.suggestion }, h("strong", {}, "One suggestion: "), d.advice),
    h("p", { class: "alw-closing" }, h("strong", {}, "Facilitator: "), s.closing.prompt),
    h("p", { class: "alw-closing" }, h("strong", {}, `${name}: `), closing),
  );
  return parts;
}

function modelAnswer(item) {
  return [
    h("p", {}, `What ${item.scenario.presenter.name} had not said, and a question that reaches each:`),
    h(
      "ul",
      { class: "alw-model-list" },
      item.scenario.insights.map((i) => h("li", {}, `${i.summary} `, h("q", {}, i.example))),
    ),
  ];
}

// Suggested questions, good and poor alike: choosing one puts it in the box to edit or ask.
function suggestionsPanel(questions, input) {
  return h(
    "details",
    { class: "alw-suggestions" },
    h("summary", {}, "Suggested questions"),
    h(
      "p",
      {},
      "Choose one to put it in the box; edit it if you like, then press Enter. Not all of them are good questions, and a thing the presenter tells you in answer to one asked just as suggested counts half towards your score: your own questions count in full.",
    ),
    h(
      "ul",
      { class: "alw-suggestion-list" },
      questions.map((q) =>
        h(
          "li",
          {},
          h(
            "button",
            {
              type: "button",
              class: "alw-button alw-secondary alw-suggested",
              onclick: () => {
                input.value = q;
                input.focus();
              },
            },
            q,
          ),
        ),
      ),
    ),
  );
}

function presenterIntro(s) {
  return h(
    "div",
    { class: "alw-presenter" },
    h("p", {}, h("strong", {}, s.presenter.name), `, ${s.presenter.role}:`),
    h("blockquote", { class: "alw-problem" }, h("p", {}, s.presenter.problem)),
  );
}

function render(ui, rules) {
  const { item, uid } = ui;
  const s = item.scenario;
  const name = s.presenter.name;
  ui.root.dataset.practiceSet = s.id;
  let session = practiceSession(s, rules);
  const input = h("input", {
    type: "text",
    id: `${uid}-question`,
    class: "alw-text",
    autocomplete: "off",
    spellcheck: "true",
    maxlength: String(MAX_QUESTION_TEXT),
    "aria-describedby": `${uid}-hint`,
  });
  const ask = h("button", { type: "button", class: "alw-button alw-ask" }, "Ask");
  const status = h("p", { class: "alw-practice-status", id: `${uid}-status` });
  const note = h("p", { class: "alw-practice-note", role: "status" });
  const transcript = h("div", {
    class: "alw-transcript",
    role: "log",
    "aria-live": "polite",
    "aria-label": `Conversation with ${name}`,
  });
  const suggestions = suggestionsPanel(s.suggestions, input);
  const showStatus = () => {
    status.textContent = `Questions asked: ${session.turns.length}. Time used: ${clock(Math.min(session.elapsed, session.budget))} of ${clock(session.budget)}.`;
    const over = session.isOver();
    input.disabled = over;
    ask.disabled = over;
    if (over) note.textContent = `Time is up for ${name}'s questions. Choose End and debrief.`;
  };
  const askNow = () => {
    if (ui.root.dataset.verdict) return;
    if (!input.value.trim()) {
      note.textContent = `Type a question for ${name} first, or "…" to leave a silence.`;
      return;
    }
    const turn = session.ask(input.value);
    if (turn) {
      transcript.append(turnNodes(name, turn));
      note.textContent = "";
      input.value = "";
    }
    showStatus();
  };
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      askNow();
    }
  });
  ask.addEventListener("click", askNow);
  ui.body.append(
    presenterIntro(s),
    status,
    transcript,
    h("label", { for: input.id, class: "alw-label" }, `Your question to ${name}`),
    h(
      "p",
      { class: "alw-hint", id: `${uid}-hint` },
      `Press Enter to ask. Type "…" to leave a silence, or say back what you heard. Choose End and debrief when you are done; ${name} has ${s.minutes} minutes.`,
    ),
    h("div", { class: "alw-ask-row" }, input, ask),
    note,
    suggestions,
  );
  showStatus();
  return {
    read: () => ({ questions: session.turns.map((t) => t.question) }),
    fill(answer) {
      session = practiceSession(s, rules);
      transcript.replaceChildren();
      for (const q of answer.questions) {
        const turn = session.ask(q);
        if (turn) transcript.append(turnNodes(name, turn));
      }
      showStatus();
    },
    feedback(_answer, result) {
      input.disabled = true;
      ask.disabled = true;
      return feedback(item, result);
    },
  };
}

export const practice = {
  mark,
  isValid,
  blank: (item, answer) =>
    answer.questions.length ? null : `Ask ${item.scenario.presenter.name} at least one question first.`,
  fromSaved: (a) => ({ questions: a.questions.map((q) => q.slice(0, MAX_QUESTION_TEXT)) }),
  modelAnswer,
  checkLabel: "End and debrief",
  render,
};
