// The meeting runner's timer: the stage now running, its prompt and clock,
// with pause, next stage and finish, and spoken warnings at one minute left
// and when time is up. Time comes from Date.now() (see meeting_runner.js).

import { announceIn, h, messageArea, plural, todayIso } from "./common.js";
import { addAgreedActions, loadLog, saveLog } from "./log_store.js";
import { finishErrors } from "./meeting_model.js";
import { agendaList } from "./meeting_stages.js";

function clockText(ms) {
  const secs = Math.ceil(Math.abs(ms) / 1000);
  const text = `${Math.floor(secs / 60)}:${String(secs % 60).padStart(2, "0")}`;
  return ms < 0 ? `over by ${text}` : text;
}

function timerView(id) {
  const v = {
    stageHeading: h("h3", { id: `${id}-now` }),
    prompt: h("p", { class: "alw-prompt-text" }),
    clock: h("p", { class: "alw-clock" }),
    timeLive: h("p", { class: "alw-visually-hidden", role: "status", "aria-live": "polite" }),
    pauseButton: h("button", { type: "button", class: "alw-button" }, "Pause"),
    nextButton: h("button", { type: "button", class: "alw-button" }, "Next stage"),
    finishButton: h("button", { type: "button", class: "alw-button alw-secondary" }, "Finish the meeting"),
    finishMsg: messageArea(),
    agendaBox: h("div", {}),
  };
  v.section = h(
    "section",
    { class: "alw-timer", "aria-labelledby": `${id}-now` },
    v.stageHeading,
    v.prompt,
    v.clock,
    h("div", { class: "alw-buttons" }, v.pauseButton, v.nextButton, v.finishButton),
    v.finishMsg.errors,
    v.timeLive,
    v.agendaBox,
  );
  return v;
}

/** Add the time since the stage's clock last started to its time used, and stop the clock. */
function stopClock(r, now) {
  if (r.started != null) r.used[r.at] += now - r.started;
  r.started = null;
}

/** Finish the meeting, sending its agreed actions to the action log, unless an action or the date is wrong. */
function finishMeeting(ctx, finishMsg) {
  const { state, msg } = ctx;
  const wrong = finishErrors(state);
  if (wrong.length) {
    finishMsg.fail("The meeting was not finished, and nothing was added to the action log. Remove or correct:", wrong);
    return;
  }
  finishMsg.errors.replaceChildren();
  const r = state.run;
  stopClock(r, ctx.now());
  r.finished = true;
  const date = state.date || todayIso();
  let added = null;
  if (state.actions.length) {
    const log = loadLog();
    msg.showNotice(log.notice);
    const meeting = addAgreedActions(log.data, date, state.actions);
    added = saveLog(log.data) ? meeting.date : null;
  }
  state.sent = { date, count: state.actions.length, saved: added != null };
  ctx.persist();
  ctx.draw();
  ctx.focusSummary();
}

/** The running meeting: the stage, its prompt and clock, pause, next and finish; `tick()` updates the clock. */
export function timerStage(ctx) {
  const { state, persist, now } = ctx;
  const v = timerView(ctx.id);
  let lastLeft = null;
  const announce = (text) => announceIn(v.timeLive, text);
  const tick = () => {
    const r = state.run;
    if (!r || r.finished) return;
    const stage = r.stages[r.at];
    const left = stage.minutes * 60000 - (r.used[r.at] + (r.started == null ? 0 : now() - r.started));
    v.clock.textContent = `Time left: ${clockText(left)}${r.started == null ? " (paused)" : ""}`;
    v.clock.classList.toggle("alw-over", left < 0);
    if (lastLeft != null && lastLeft > 60000 && left <= 60000 && left > 0)
      announce(`One minute left for ${stage.name}.`);
    if (lastLeft != null && lastLeft > 0 && left <= 0) announce(`Time is up for ${stage.name}.`);
    lastLeft = left;
  };
  const draw = () => {
    const r = state.run;
    v.section.hidden = !r || r.finished;
    if (v.section.hidden) return;
    const s = r.stages[r.at];
    v.stageHeading.textContent = `Now: ${s.name} (stage ${r.at + 1} of ${r.stages.length})`;
    v.prompt.textContent = s.prompt;
    v.pauseButton.textContent = r.started == null ? "Resume" : "Pause";
    v.nextButton.disabled = r.at >= r.stages.length - 1;
    v.agendaBox.replaceChildren(agendaList(r.stages, r.at));
    tick();
  };
  v.pauseButton.addEventListener("click", () => {
    const r = state.run;
    if (r.started == null) {
      r.started = now();
      announce(`Resumed ${r.stages[r.at].name}.`);
    } else {
      stopClock(r, now());
      announce(`Paused ${r.stages[r.at].name}.`);
    }
    persist();
    draw();
  });
  v.nextButton.addEventListener("click", () => {
    const r = state.run;
    const running = r.started != null;
    stopClock(r, now());
    if (r.at >= r.stages.length - 1) {
      persist();
      announce("This is the last stage. Finish the meeting when you are ready.");
      return;
    }
    r.at += 1;
    r.started = running ? now() : null;
    persist();
    lastLeft = null;
    draw();
    const s = r.stages[r.at];
    announce(`${s.name}: ${plural(s.minutes, "minute")}. ${s.prompt}`);
  });
  v.finishButton.addEventListener("click", () => finishMeeting(ctx, v.finishMsg));
  const start = (p) => {
    state.run = { stages: p.stages, at: 0, started: now(), used: p.stages.map(() => 0), finished: false };
    state.questions = [];
    state.actions = [];
    state.sent = null;
    persist();
    lastLeft = null;
    ctx.draw();
    announce(`Meeting started. ${p.stages[0].name}: ${plural(p.stages[0].minutes, "minute")}.`);
    v.pauseButton.focus();
  };
  return { section: v.section, draw, tick, start };
}
