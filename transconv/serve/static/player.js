// The caption list beside the player: the chosen track's cues, the active one marked and
// kept in view as the video plays; a cue's time seeks to it. Served by transconv itself.
"use strict";
(function () {
  const video = document.getElementById("player");
  const list = document.getElementById("cues");
  const choice = document.getElementById("track-choice");
  if (!video || !list) {
    return;
  }
  const elements = Array.from(video.querySelectorAll("track"));
  let items = new Map();
  let current = null;

  function clock(seconds) {
    const whole = Math.floor(seconds);
    const h = Math.floor(whole / 3600);
    const m = Math.floor((whole % 3600) / 60);
    const s = String(whole % 60).padStart(2, "0");
    return h ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
  }

  function plain(cue) {
    // Voice spans (<v Alice>) and styling become their text.
    return cue.getCueAsHTML ? cue.getCueAsHTML().textContent : cue.text;
  }

  function mark() {
    if (!current) {
      return;
    }
    const active = new Set(Array.from(current.activeCues || []));
    let first = null;
    for (const [cue, item] of items) {
      const on = active.has(cue);
      item.classList.toggle("active", on);
      if (on) {
        item.setAttribute("aria-current", "true");
        first = first || item;
      } else {
        item.removeAttribute("aria-current");
      }
    }
    if (first) {
      first.scrollIntoView({ block: "nearest" });
    }
  }

  function render(track) {
    list.textContent = "";
    items = new Map();
    for (const cue of Array.from(track.cues || [])) {
      const item = document.createElement("li");
      item.dataset.start = String(cue.startTime);
      item.dataset.end = String(cue.endTime);
      const time = document.createElement("button");
      time.type = "button";
      time.className = "time";
      time.textContent = clock(cue.startTime);
      time.addEventListener("click", () => {
        video.currentTime = cue.startTime;
      });
      const text = document.createElement("span");
      text.className = "text";
      text.textContent = plain(cue);
      item.append(time, text);
      list.append(item);
      items.set(cue, item);
    }
    list.dataset.track = track.label;
    mark();
  }

  function select(index) {
    elements.forEach((element, i) => {
      // "hidden" still loads a track's cues; only the chosen one is drawn on the video.
      element.track.mode = i === index ? "showing" : "hidden";
    });
    const element = elements[index];
    if (!element) {
      return;
    }
    current = element.track;
    if (element.readyState === 2) {
      render(current);
    } else {
      element.addEventListener("load", () => {
        if (current === element.track) {
          render(current);
        }
      }, { once: true });
    }
  }

  elements.forEach((element) => {
    element.track.addEventListener("cuechange", () => {
      if (element.track === current) {
        mark();
      }
    });
  });
  video.addEventListener("seeked", mark);
  if (choice) {
    choice.addEventListener("change", () => select(Number(choice.value)));
  }
  select(0);
})();
