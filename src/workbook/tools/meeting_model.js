// The meeting runner's data: the meeting as it is stored, the checks that
// decide whether a stored meeting can be used, and the plan of stages with the
// presenters' airtime shared between their bids. Pure functions, so the tests
// can run them under Node (tests/js/call_tools.mjs).

import { isIsoDate, plural, quote, TOOL_PREFIX } from "./common.js";
import { agreedActionErrors } from "./log_store.js";

export const MEETING_KEY = `${TOOL_PREFIX}meeting@1`;
const MEETING_FORMAT = "action-learning-meeting";
export const ROLES = { member: "Set member", facilitator: "Facilitator" };

export function emptyMeeting(config) {
  return {
    format: MEETING_FORMAT,
    version: 1,
    total: config.total_minutes,
    date: "",
    members: [],
    run: null,
    questions: [],
    actions: [],
    sent: null,
  };
}

export const dateOk = (date) => !date || isIsoDate(date); // no date: the meeting is today

/** What stops the meeting's actions going into the log: the meeting's date, then each agreed action, fully checked. */
export function finishErrors(state) {
  const errors = dateOk(state.date)
    ? []
    : [`The date of the meeting, “${quote(state.date)}”, is not a date the action log can keep.`];
  for (const [i, a] of state.actions.entries()) errors.push(...agreedActionErrors(a, `Agreed action ${i + 1}`));
  return errors;
}

export function meetingOk(d) {
  const list = (x) => Array.isArray(x);
  return Boolean(
    d &&
      d.format === MEETING_FORMAT &&
      d.version === 1 &&
      Number.isInteger(d.total) &&
      list(d.members) &&
      list(d.questions) &&
      list(d.actions) &&
      d.members.every(
        (m) => m && typeof m.name === "string" && Object.hasOwn(ROLES, m.role) && Number.isInteger(m.bid) && m.bid >= 0,
      ) &&
      d.questions.every((q) => q && typeof q.text === "string" && typeof q.verdict === "string") &&
      !finishErrors(d).length &&
      (d.run === null ||
        (d.run &&
          list(d.run.stages) &&
          list(d.run.used) &&
          d.run.used.length === d.run.stages.length &&
          Number.isInteger(d.run.at) &&
          d.run.at >= 0 &&
          d.run.at < d.run.stages.length &&
          d.run.stages.every((s) => s && typeof s.name === "string" && Number.isInteger(s.minutes)))),
  );
}

/** A stored meeting whose only fault is some agreed actions: the meeting without them, and them set aside. */
export function repairMeeting(d) {
  if (!d || !Array.isArray(d.actions) || !dateOk(d.date)) return null;
  const problems = d.actions.map((a, i) => agreedActionErrors(a, `Agreed action ${i + 1}`));
  const bad = d.actions.filter((_, i) => problems[i].length);
  const data = { ...d, actions: d.actions.filter((_, i) => !problems[i].length) };
  return bad.length
    ? {
        data,
        aside: { problems: problems.flat(), actions: bad },
        what: plural(bad.length, "agreed action"),
        count: bad.length,
      }
    : null;
}

/** Share `available` minutes between bids: every bid met, or scaled down by largest remainder. */
export function allocateAirtime(bids, available) {
  const total = bids.reduce((n, b) => n + b.bid, 0);
  if (total <= available)
    return { slots: bids.map((b) => ({ ...b, minutes: b.bid })), total, scaled: false, spare: available - total };
  const exact = bids.map((b) => (b.bid * available) / total);
  const slots = bids.map((b, i) => ({ ...b, minutes: Math.floor(exact[i]) }));
  let left = available - slots.reduce((n, s) => n + s.minutes, 0);
  const order = exact.map((_, i) => i).sort((a, b) => (exact[b] % 1) - (exact[a] % 1) || bids[b].bid - bids[a].bid);
  for (const i of order) {
    if (left <= 0) break;
    slots[i].minutes += 1;
    left -= 1;
  }
  return { slots, total, scaled: true, spare: 0 };
}

/** The stages of the meeting, one presenter slot per member who bid. */
export function planMeeting(config, members, total) {
  const fixed = config.stages.filter((s) => s.id !== "presenter").reduce((n, s) => n + s.minutes, 0);
  const available = total - fixed;
  const bids = members.filter((m) => m.bid > 0).map((m) => ({ member: m.id, name: m.name, bid: m.bid }));
  const airtime = allocateAirtime(bids, Math.max(0, available));
  const stages = [];
  for (const s of config.stages) {
    if (s.id !== "presenter") stages.push({ id: s.id, name: s.name, minutes: s.minutes, prompt: s.prompt });
    else
      for (const slot of airtime.slots)
        stages.push({
          id: s.id,
          name: `Presenter: ${slot.name}`,
          minutes: slot.minutes,
          prompt: s.prompt,
          member: slot.member,
        });
  }
  return { stages, fixed, available, airtime };
}

/** Where the presenters' stages begin: the stages before them are fixed, so they keep their place in any plan. */
export function presentersFrom(config) {
  return config.stages.findIndex((s) => s.id === "presenter");
}

/**
 * Whether the set may still change bids, roles, members and their order: until
 * the first presenter's stage starts, since the bids stage is where the set
 * agrees them. A finished or absent run leaves everything open.
 */
export function planOpen(config, run) {
  return !run || run.finished || run.at < presentersFrom(config);
}

/**
 * Plan a running meeting again from the current members and bids, keeping the
 * time the stages so far have used; returns the run (changed in place).
 */
export function replanRun(config, state) {
  const r = state.run;
  if (!r || r.finished || !planOpen(config, r)) return r;
  const p = planMeeting(config, state.members, state.total);
  const kept = presentersFrom(config);
  r.stages = p.stages;
  r.used = p.stages.map((_, i) => (i < kept ? r.used[i] || 0 : 0));
  return r;
}
