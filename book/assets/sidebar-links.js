// On narrow screens the themes show the course contents and the page contents
// as modal dialogs. Two gaps are closed here.
//
// 1. The dialog stays open when a link inside is followed, so a link to a
//    section of the same page scrolls the page hidden behind it. The dialog
//    now closes first, and the browser then takes the learner (and the
//    keyboard's starting point) to the section.
// 2. sphinx-book-theme blurs the toggle button on click (to dismiss its
//    tooltip) before pydata-sphinx-theme records what had focus, so closing
//    the dialog with Escape or the backdrop left focus nowhere. It goes back
//    to the button that opened the dialog. On a wide screen, where the
//    button folds the sidebar away instead, that blur lost the keyboard
//    user's place after each press: a button pressed from the keyboard keeps
//    its focus.
const TOGGLES = { "pst-primary-sidebar-modal": ".primary-toggle", "pst-secondary-sidebar-modal": ".secondary-toggle" };

// Caught on the way down from the window: sphinx-book-theme stops the click
// at the button on wide screens, so it would never bubble up to here.
window.addEventListener(
  "click",
  (event) => {
    const toggle = event.target instanceof Element ? event.target.closest(".primary-toggle, .secondary-toggle") : null;
    // detail is 0 for a click made with Enter or Space.
    if (toggle && event.detail === 0) {
      setTimeout(() => {
        if (!document.querySelector("dialog[open]")) toggle.focus();
      }, 0);
    }
  },
  true,
);

document.addEventListener("click", (event) => {
  const link = event.target instanceof Element ? event.target.closest("dialog[open] a[href]") : null;
  if (!link) return;
  const dialog = link.closest("dialog");
  // The close event comes later, as a task of its own: mark why it closed.
  dialog.dataset.closedByLink = "yes";
  dialog.close();
});

// "close" does not bubble, but it can be caught on the way down.
document.addEventListener(
  "close",
  (event) => {
    const toggle = TOGGLES[event.target.id];
    if (!toggle) return;
    if (event.target.dataset.closedByLink) {
      delete event.target.dataset.closedByLink;
      return;
    }
    // After the themes' own close handlers and the browser's focus restore.
    setTimeout(() => {
      if (document.activeElement === document.body || document.activeElement === null) {
        document.querySelector(toggle)?.focus();
      }
    }, 0);
  },
  true,
);
