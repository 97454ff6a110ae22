// The player of the animations that chapters draw (docs/_ext/animations.py writes the figures).
//
// Each <figure class="nnguide-animation"> holds the still (the last frame, shown until the reader
// asks for more), one lazy <img class="nnguide-animation-frame"> per frame, and its caption. This
// script adds the controls: previous frame, play/pause, next frame and a slider, all buttons and
// inputs that the keyboard reaches (Tab, then Enter or Space; the slider takes the arrow keys).
// Nothing moves until the reader presses Play; the frames are fetched at the first step or play.
"use strict";

(() => {
  const ICONS = {
    previous: "M11 3 5 8l6 5z",
    next: "m5 3 6 5-6 5z",
    play: "m4 2 10 6-10 6z",
    pause: "M3 2h4v12H3zm6 0h4v12H9z",
  };

  function icon(name) {
    const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("viewBox", "0 0 16 16");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    const path = document.createElementNS("http://www.w3.org/2000/svg", "path");
    path.setAttribute("d", ICONS[name]);
    svg.append(path);
    return svg;
  }

  function setUp(figure) {
    const labels = figure.dataset;
    const frames = [...figure.querySelectorAll("img.nnguide-animation-frame")];
    const still = figure.querySelector("img:not(.nnguide-animation-frame)");
    if (frames.length === 0 || still === null) return;
    const interval = Number(labels.interval) || 400;
    const last = frames.length - 1;
    let current = last; // the still shows the last frame
    let timer = null;

    const controls = document.createElement("div");
    controls.className = "nnguide-animation-controls";
    controls.setAttribute("role", "group");
    controls.setAttribute("aria-label", labels.labelControls);

    function button(name, label) {
      const element = document.createElement("button");
      element.type = "button";
      element.className = `nnguide-animation-${name}`;
      element.setAttribute("aria-label", label);
      element.title = label;
      element.append(icon(name));
      controls.append(element);
      return element;
    }
    const previous = button("previous", labels.labelPrevious);
    const play = button("play", labels.labelPlay);
    const next = button("next", labels.labelNext);
    const slider = document.createElement("input");
    slider.type = "range";
    slider.min = "1";
    slider.max = String(frames.length);
    slider.value = String(frames.length);
    slider.className = "nnguide-animation-slider";
    slider.setAttribute("aria-label", labels.labelFrame);
    const position = document.createElement("span");
    position.className = "nnguide-animation-position";
    controls.append(slider, position);
    figure.insertBefore(controls, figure.querySelector("figcaption"));

    function positionText(index) {
      return labels.labelPosition
        .replace("{frame}", String(index + 1))
        .replace("{count}", String(frames.length));
    }

    let fetched = false;
    function fetchFrames() {
      if (fetched) return;
      fetched = true;
      for (const frame of frames) frame.loading = "eager";
    }

    function show(index) {
      fetchFrames();
      current = index;
      figure.classList.add("nnguide-animation-started");
      frames.forEach((frame, i) => frame.classList.toggle("nnguide-animation-current", i === index));
      slider.value = String(index + 1);
      slider.setAttribute("aria-valuetext", positionText(index));
      position.textContent = positionText(index);
    }

    function setPlaying(playing) {
      play.replaceChildren(icon(playing ? "pause" : "play"));
      const label = playing ? labels.labelPause : labels.labelPlay;
      play.setAttribute("aria-label", label);
      play.title = label;
      figure.classList.toggle("nnguide-animation-playing", playing);
    }

    function pause() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      setPlaying(false);
    }

    async function advance() {
      const frame = frames[current + 1];
      try {
        await frame.decode(); // the next frame is ready before it replaces this one
      } catch {
        // a frame that cannot be decoded shows its alt text; the player goes on
      }
      if (timer === null) return; // paused meanwhile
      show(current + 1);
      if (current === last) {
        pause();
      } else {
        timer = setTimeout(advance, interval);
      }
    }

    function start() {
      if (current === last) show(0);
      setPlaying(true);
      timer = setTimeout(advance, interval);
    }

    play.addEventListener("click", () => (timer === null ? start() : pause()));
    previous.addEventListener("click", () => {
      pause();
      show(Math.max(current - 1, 0));
    });
    next.addEventListener("click", () => {
      pause();
      show(Math.min(current + 1, last));
    });
    slider.addEventListener("input", () => {
      pause();
      show(Number(slider.value) - 1);
    });
    position.textContent = positionText(current);
    slider.setAttribute("aria-valuetext", positionText(current));
  }

  function setUpAll() {
    document.querySelectorAll("figure.nnguide-animation").forEach(setUp);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
