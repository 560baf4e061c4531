// The meeting runner's timer: the stage now running, its prompt and clock,
// with pause, next stage and finish (after a confirm step), a visible and
// spoken warning at one minute left (and an optional chime), and the room's
// views of the same clock (meeting_present.js). Time comes from Date.now()
// (see meeting_runner.js).

import { announceIn, h, messageArea, plural, todayIso } from "./common.js";
import { addAgreedActions, loadLog, saveLog } from "./log_store.js";
import { finishErrors } from "./meeting_model.js";
import { chimeControl, clockText, levelText, presentView, timerBar } from "./meeting_present.js";
import { agendaList } from "./meeting_stages.js";

function timerView(id) {
  const v = {
    stageHeading: h("h3", { id: `${id}-now` }),
    prompt: h("p", { class: "alw-prompt-text" }),
    clock: h("p", { class: "alw-clock" }),
    warning: h("p", { class: "alw-warning", hidden: true }),
    timeLive: h("p", { class: "alw-visually-hidden", role: "status", "aria-live": "polite" }),
    pauseButton: h("button", { type: "button", class: "alw-button" }, "Pause"),
    nextButton: h("button", { type: "button", class: "alw-button" }, "Next stage"),
    presentButton: h("button", { type: "button", class: "alw-button alw-secondary" }, "Present"),
    finishButton: h("button", { type: "button", class: "alw-button alw-secondary" }, "Finish the meeting"),
    confirmBox: h("div", { class: "alw-confirm", hidden: true }),
    chime: chimeControl(id),
    finishMsg: messageArea(),
    agendaBox: h("div", {}),
  };
  v.section = h(
    "section",
    { class: "alw-timer", "aria-labelledby": `${id}-now` },
    v.stageHeading,
    v.prompt,
    v.clock,
    v.warning,
    h("div", { class: "alw-buttons" }, v.pauseButton, v.nextButton, v.presentButton, v.finishButton),
    v.confirmBox,
    v.finishMsg.errors,
    v.chime.wrap,
    v.timeLive,
    v.agendaBox,
  );
  return v;
}

/** The clock's reading for the running stage: what the timer, the bar and the Present view show. */
function reading(r, now) {
  const stage = r.stages[r.at];
  const left = stage.minutes * 60000 - (r.used[r.at] + (r.started == null ? 0 : now - r.started));
  let level = "";
  if (left <= 0) level = "over";
  else if (left <= 60000) level = "warn";
  return {
    stage,
    next: r.stages[r.at + 1] || null,
    left,
    paused: r.started == null,
    at: r.at,
    count: r.stages.length,
    level,
  };
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

/**
 * The step before finishing: finishing stops the clock and sends the actions
 * to the action log, and "Finish the meeting" sits beside "Next stage", so a
 * slip of the finger asks first. Focus goes to the question, so it is read out;
 * Keep going puts focus back on the Finish button.
 */
function askToFinish(ctx, v) {
  const n = ctx.state.actions.length;
  const question = h(
    "p",
    { id: `${ctx.id}-confirm`, tabindex: "-1" },
    `Finish the meeting now? The clock stops and ${
      n ? `${plural(n, "agreed action")} will go to the action log` : "no actions will go to the action log"
    }.`,
  );
  const hide = () => {
    v.confirmBox.hidden = true;
    v.confirmBox.replaceChildren();
  };
  const yes = h("button", { type: "button", class: "alw-button" }, "Finish now");
  const no = h("button", { type: "button", class: "alw-button alw-secondary" }, "Keep going");
  yes.addEventListener("click", () => {
    hide();
    finishMeeting(ctx, v.finishMsg);
  });
  no.addEventListener("click", () => {
    hide();
    v.finishButton.focus();
  });
  v.confirmBox.replaceChildren(question, h("div", { class: "alw-buttons" }, yes, no));
  v.confirmBox.setAttribute("role", "group");
  v.confirmBox.setAttribute("aria-labelledby", question.id);
  v.confirmBox.hidden = false;
  question.focus();
}

/** The warnings as the clock crosses one minute left and zero, spoken and (at one minute) chimed. */
function warnings(v, announce) {
  let last = null;
  const check = (info) => {
    // Only a crossing seen on this stage counts: not one made by moving to another stage.
    const before = last?.at === info.at ? last.left : null;
    if (before != null && before > 60000 && info.level === "warn") {
      announce(`One minute left for ${info.stage.name}.`);
      v.chime.play();
    }
    if (before != null && before > 0 && info.level === "over") announce(`Time is up for ${info.stage.name}.`);
    last = { at: info.at, left: info.left };
  };
  return {
    check,
    reset: () => {
      last = null;
    },
  };
}

/** Pause or resume, and move to the next stage: the same for the timer's buttons, the bar and the Present view. */
function clockActions(ctx, announce, redraw) {
  const { state, persist, now } = ctx;
  const pause = () => {
    const r = state.run;
    if (r.started == null) {
      r.started = now();
      announce(`Resumed ${r.stages[r.at].name}.`);
    } else {
      stopClock(r, now());
      announce(`Paused ${r.stages[r.at].name}.`);
    }
    persist();
    redraw();
  };
  const next = () => {
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
    ctx.draw();
    const s = r.stages[r.at];
    announce(`${s.name}: ${plural(s.minutes, "minute")}. ${s.prompt}`);
  };
  return { pause, next };
}

/** The running meeting: the stage, its prompt and clock, pause, next and finish; `tick()` updates the clocks. */
export function timerStage(ctx) {
  const { state, persist, now } = ctx;
  const v = timerView(ctx.id);
  const actions = {};
  const bar = timerBar(ctx.id, actions);
  const present = presentView(ctx.id, ctx.root, actions);
  const announce = (text) => {
    announceIn(v.timeLive, text);
    present.say(text);
  };
  const warn = warnings(v, announce);
  const tick = () => {
    const r = state.run;
    if (!r || r.finished) return;
    const info = reading(r, now());
    v.clock.textContent = `Time left: ${clockText(info.left)}${info.paused ? " (paused)" : ""}`;
    v.clock.classList.toggle("alw-over", info.level === "over");
    v.clock.classList.toggle("alw-warn", info.level === "warn");
    v.warning.hidden = info.level !== "warn";
    v.warning.textContent = `⚠ ${levelText(info)} for ${info.stage.name}.`;
    bar.draw(info);
    present.draw(info);
    warn.check(info);
  };
  const draw = () => {
    const r = state.run;
    const running = Boolean(r && !r.finished);
    v.section.hidden = !running;
    ctx.root.classList.toggle("alw-running", running);
    if (!running) {
      bar.draw(null);
      present.draw(null);
      return;
    }
    const s = r.stages[r.at];
    v.stageHeading.textContent = `Now: ${s.name} (stage ${r.at + 1} of ${r.stages.length})`;
    v.prompt.textContent = s.prompt;
    v.pauseButton.textContent = r.started == null ? "Resume" : "Pause";
    v.nextButton.disabled = r.at >= r.stages.length - 1;
    v.agendaBox.replaceChildren(agendaList(r.stages, r.at));
    tick();
  };
  Object.assign(actions, clockActions(ctx, announce, draw), {
    present: () => {
      present.open();
      tick(); // fill the view now, not at the next tick
    },
  });
  v.pauseButton.addEventListener("click", actions.pause);
  v.nextButton.addEventListener("click", actions.next);
  v.presentButton.addEventListener("click", actions.present);
  v.finishButton.addEventListener("click", () => askToFinish(ctx, v));
  const start = (p) => {
    state.run = { stages: p.stages, at: 0, started: now(), used: p.stages.map(() => 0), finished: false };
    state.questions = [];
    state.actions = [];
    state.sent = null;
    persist();
    warn.reset();
    ctx.draw();
    announce(`Meeting started. ${p.stages[0].name}: ${plural(p.stages[0].minutes, "minute")}.`);
    v.pauseButton.focus();
  };
  return { section: v.section, bar: bar.bar, present: present.box, draw, tick, start };
}
