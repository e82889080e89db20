/* Opening hours status line ("Ouvert · ferme à 12 h"): written at build time, picked here.
 * Markup (templates/_hours.html):
 *   <p class="hours-status" data-hours-status hidden
 *      data-segments='{"t":["Ouvert · ferme à 12 h",…],"s":[[29876520,1,0],…],"e":29888040}'></p>
 * "s" lists contiguous segments [start, open (1) or closed (0), index of the sentence in
 * "t"], each lasting until the next start; "e" ends the last one. Times are minutes since
 * the Unix epoch (app.publishing.directory.compact_segments). The segment containing the
 * reader's clock gives the text and data-state="open"|"closed" and removes `hidden`;
 * outside every segment (a stale site) the line stays hidden. Checked every minute.
 * Without JavaScript the hours tables alone tell the truth. */
(() => {
  "use strict";
  const parse = (element) => {
    try {
      return JSON.parse(element.getAttribute("data-segments") || "{}");
    } catch (error) {
      return {};
    }
  };
  const current = (data, minute) => {
    const segments = data.s || [];
    for (let i = segments.length - 1; i >= 0; i -= 1) {
      if (segments[i][0] <= minute) {
        const end = i + 1 < segments.length ? segments[i + 1][0] : data.e;
        return minute < end ? segments[i] : null;
      }
    }
    return null;
  };
  const update = () => {
    const minute = Math.floor(Date.now() / 60000);
    for (const element of document.querySelectorAll("[data-hours-status]")) {
      const data = parse(element);
      const match = current(data, minute);
      element.textContent = match ? data.t[match[2]] : "";
      if (match) element.setAttribute("data-state", match[1] ? "open" : "closed");
      else element.removeAttribute("data-state");
      element.hidden = !match;
    }
  };
  const start = () => {
    update();
    setInterval(update, 60000);
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
