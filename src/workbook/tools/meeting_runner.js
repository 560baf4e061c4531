// The set-meeting runner: members and roles, bids for airtime allocated within
// the meeting's length, a timer for each stage with its prompt, a question log
// tagged by the shared question rules, and a closing summary whose agreed
// actions go into the action log (the same localStorage data it reads).
// Time comes from Date.now() and setInterval, so tests can drive it with
// Playwright's clock. The data and its checks are in meeting_model.js; the
// panels in meeting_stages.js (set-up, agenda), meeting_timer.js and
// meeting_record.js (question log, actions agreed, summary).

import { h, messageArea, openStore, uid, writeStore } from "./common.js";
import { emptyMeeting, MEETING_KEY, meetingOk, repairMeeting, replanRun } from "./meeting_model.js";
import { agreedActions, questionLog, summaryStage } from "./meeting_record.js";
import { planStage, setupStage } from "./meeting_stages.js";
import { timerStage } from "./meeting_timer.js";

/**
 * What every panel shares: the page's id prefix, the stored meeting (`state`,
 * changed in place, never replaced), the messages and `persist()`, and hooks
 * set once every panel exists (`draw`, `changedPlan`, `focusSummary`), so a panel
 * can redraw or move focus to another.
 */
function meetingContext(model, id) {
  const config = model.get("config")?.meeting;
  const opened = openStore(MEETING_KEY, meetingOk, () => emptyMeeting(config), repairMeeting);
  const state = opened.data;
  const msg = messageArea(opened.unreadable, "meeting-unreadable.txt");
  msg.showNotice(opened.notice);
  const persist = () => {
    if (!writeStore(MEETING_KEY, state))
      msg.fail("This browser would not keep the meeting; it will be lost when you leave the page.");
    model.set("data", JSON.parse(JSON.stringify(state)));
    model.save_changes();
  };
  return { id, config, state, msg, persist, now: () => Date.now() };
}

function render({ model, el }) {
  const rules = model.get("rules");
  const ctx = meetingContext(model, uid("meeting"));
  const { state, msg } = ctx;
  // The tool's element: the Present view asks for it to go full screen.
  ctx.root = h("div", { class: "alw-tool alw-meeting-runner", "data-tool": "meeting-runner" });
  const setup = setupStage(ctx);
  const timer = timerStage(ctx);
  const plan = planStage(ctx, timer.start);
  const questions = questionLog(ctx, rules);
  const actions = agreedActions(ctx, model.get("config")?.smart_rules);
  const summary = summaryStage(ctx, rules.verdicts, () => {
    Object.assign(state, { run: null, questions: [], actions: [], sent: null, date: "" });
    setup.resetDate();
    ctx.persist();
    ctx.draw();
    msg.say("Ready for a new meeting: the members are kept.");
    plan.startButton.focus();
  });
  const panels = [setup, plan, timer, questions, actions, summary];
  Object.assign(ctx, {
    draw: () => {
      for (const panel of panels) panel.draw();
    },
    // A change to the members or bids: during the bids stage the running meeting is planned again.
    changedPlan: () => {
      replanRun(ctx.config, state);
      ctx.persist();
      plan.drawPlan();
      timer.draw();
    },
    focusSummary: () => summary.heading.focus(),
  });
  ctx.root.append(
    timer.bar,
    msg.notice,
    setup.section,
    msg.status,
    msg.errors,
    plan.section,
    timer.section,
    questions.section,
    actions.section,
    summary.section,
    timer.present,
  );
  el.replaceChildren(ctx.root);
  ctx.draw();
  const interval = setInterval(timer.tick, 500);
  model.set("data", state);
  model.save_changes();
  return () => clearInterval(interval);
}

export default { render };
