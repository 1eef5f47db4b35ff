/*! Groundline chat widget. No build step, no dependencies.
 *
 * Embed:  <script src="https://<service>/widget.js" defer
 *           data-api="https://<service>"      (default: where this script came from)
 *           data-title="Ask our articles"
 *           data-accent="#0f6b73"               (any CSS colour; text colour follows for contrast)
 *           data-greeting="Hi! ..."
 *           data-position="right"></script>     (right or left)
 * Any element with data-groundline-ask="a question" opens the widget and asks it.
 *
 * Safety: nothing from an article or an answer is ever parsed as HTML. The DOM is built
 * with createElement and textContent only, and only http(s) URLs become links (crisis
 * resources may also be tel: and sms:, because they come from the service's settings).
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || window.__groundlineWidget) return;
  window.__groundlineWidget = true;

  var ds = script.dataset;
  var scriptOrigin = new URL(script.src, location.href).origin;
  var config = {
    api: (ds.api || scriptOrigin).replace(/\/+$/, ""),
    title: ds.title || "Ask our articles",
    greeting:
      ds.greeting ||
      "Hi! Ask me a question and I'll answer from this site's articles, with links to each source.",
    accent: ds.accent || "#0f6b73",
    position: ds.position === "left" ? "left" : "right",
  };
  var STORE_KEY = "groundline:v1:" + config.api;
  var MAX_CHARS = 2000;
  var MAX_STORED = 60;

  var STATUS_INFO = {
    medical_advice: { label: "Please check with your clinician", icon: "clipboard" },
    abstained: { label: "Not covered in our articles", icon: "search" },
    out_of_scope: { label: "Outside what I can help with", icon: "compass" },
  };

  // Feather-style outline icons (MIT); fixed strings, never data.
  var ICONS = {
    chat: "M21 15a2 2 0 0 1-2 2H7l-4 4V5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2z",
    close: "M18 6 6 18M6 6l12 12",
    fresh: "M12 20h9M16.5 3.5a2.12 2.12 0 0 1 3 3L7 19l-4 1 1-4z",
    send: "M12 19V5M5 12l7-7 7 7",
    up: "M14 9V5a3 3 0 0 0-3-3l-4 9v11h11.28a2 2 0 0 0 2-1.7l1.38-9a2 2 0 0 0-2-2.3zM7 22H4a2 2 0 0 1-2-2v-7a2 2 0 0 1 2-2h3",
    down: "M10 15v4a3 3 0 0 0 3 3l4-9V2H5.72a2 2 0 0 0-2 1.7l-1.38 9a2 2 0 0 0 2 2.3zM17 2h2.67A2.31 2.31 0 0 1 22 4v7a2.31 2.31 0 0 1-2.33 2H17",
    phone: "M22 16.92v3a2 2 0 0 1-2.18 2 19.79 19.79 0 0 1-8.63-3.07 19.5 19.5 0 0 1-6-6 19.79 19.79 0 0 1-3.07-8.67A2 2 0 0 1 4.11 2h3a2 2 0 0 1 2 1.72c.13.96.36 1.9.7 2.81a2 2 0 0 1-.45 2.11L8.09 9.91a16 16 0 0 0 6 6l1.27-1.27a2 2 0 0 1 2.11-.45c.91.34 1.85.57 2.81.7A2 2 0 0 1 22 16.92z",
    sms: "M21 11.5a8.38 8.38 0 0 1-.9 3.8 8.5 8.5 0 0 1-7.6 4.7 8.38 8.38 0 0 1-3.8-.9L3 21l1.9-5.7a8.38 8.38 0 0 1-.9-3.8 8.5 8.5 0 0 1 4.7-7.6 8.38 8.38 0 0 1 3.8-.9h.5a8.48 8.48 0 0 1 8 8z",
    heart: "M20.84 4.61a5.5 5.5 0 0 0-7.78 0L12 5.67l-1.06-1.06a5.5 5.5 0 0 0-7.78 7.78L12 21.23l8.84-8.84a5.5 5.5 0 0 0 0-7.78z",
    info: "M22 12a10 10 0 1 1-20 0 10 10 0 0 1 20 0zM12 16v-4M12 8h.01",
    clipboard: "M16 4h2a2 2 0 0 1 2 2v14a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2h2M9 2h6v4H9zM9 12h6M9 16h4",
    search: "M21 21l-4.35-4.35M19 11a8 8 0 1 1-16 0 8 8 0 0 1 16 0z",
    compass: "M22 12a10 10 0 1 1-20 0 10 10 0 0 1 20 0zM16.24 7.76l-2.12 6.36-6.36 2.12 2.12-6.36z",
    doc: "M14 2H6a2 2 0 0 0-2 2v16a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V8zM14 2v6h6M16 13H8M16 17H8",
    alert: "M10.29 3.86 1.82 18a2 2 0 0 0 1.71 3h16.94a2 2 0 0 0 1.71-3L13.71 3.86a2 2 0 0 0-3.42 0zM12 9v4M12 17h.01",
  };

  var CSS = [
    ":host{all:initial}",
    ".root{position:fixed;bottom:20px;z-index:2147483000;font:15px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif;color:#1c2430;-webkit-font-smoothing:antialiased}",
    ".root.right{right:20px}.root.left{left:20px}",
    "*,*::before,*::after{box-sizing:border-box}",
    "svg{width:20px;height:20px;flex:none;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;stroke-linejoin:round}",
    "button,textarea{font:inherit;color:inherit}",
    "button{cursor:pointer}",
    ":focus-visible{outline:3px solid var(--gl-ink);outline-offset:2px}",
    ".sr-only{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}",
    // Launcher.
    ".launcher{display:flex;align-items:center;gap:10px;height:54px;padding:0 22px 0 18px;border:0;border-radius:27px;background:var(--gl-accent);color:var(--gl-on-accent);font-weight:600;font-size:15px;box-shadow:0 10px 30px rgba(16,24,40,.22),0 2px 6px rgba(16,24,40,.14);transition:transform .15s ease,box-shadow .15s ease}",
    ".launcher:hover{transform:translateY(-2px);box-shadow:0 14px 34px rgba(16,24,40,.26),0 3px 8px rgba(16,24,40,.16)}",
    ".launcher svg{width:22px;height:22px}",
    ".launcher:focus-visible{outline-offset:3px}",
    ".root.is-open .launcher{display:none}",
    // Panel.
    ".panel{position:absolute;bottom:0;display:flex;flex-direction:column;width:400px;height:min(680px,calc(100vh - 40px));background:#f6f7f9;border-radius:18px;overflow:hidden;box-shadow:0 24px 60px rgba(16,24,40,.28),0 4px 14px rgba(16,24,40,.12);border:1px solid rgba(16,24,40,.08);animation:gl-in .18s ease-out}",
    ".right .panel{right:0}.left .panel{left:0}",
    ".panel[hidden]{display:none}",
    "@keyframes gl-in{from{opacity:0;transform:translateY(12px) scale(.98)}to{opacity:1;transform:none}}",
    ".head{display:flex;align-items:center;gap:6px;padding:14px 10px 14px 18px;background:var(--gl-accent);color:var(--gl-on-accent)}",
    ".head-text{flex:1;min-width:0}",
    ".head h2{margin:0;font-size:16.5px;line-height:1.3;font-weight:650;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}",
    ".head p{margin:1px 0 0;font-size:12.5px}",
    ".icon-btn{display:inline-flex;align-items:center;justify-content:center;width:40px;height:40px;border:0;border-radius:10px;background:transparent;color:inherit}",
    ".icon-btn:hover{background:rgba(255,255,255,.16)}",
    ".head .icon-btn:focus-visible{outline-color:var(--gl-on-accent);outline-offset:-3px}",
    // Conversation.
    ".log{position:relative;flex:1;overflow-y:auto;padding:18px 14px 8px;display:flex;flex-direction:column;gap:14px;scroll-behavior:smooth;overscroll-behavior:contain}",
    ".log:focus-visible{outline-offset:-3px}",
    ".msg{max-width:100%;display:flex;flex-direction:column;gap:8px}",
    ".msg.user{align-self:flex-end;max-width:85%}",
    ".bubble{padding:11px 14px;border-radius:16px;overflow-wrap:anywhere}",
    ".user .bubble{background:var(--gl-accent);color:var(--gl-on-accent);border-bottom-right-radius:5px;white-space:pre-wrap}",
    ".bot .bubble{background:#fff;border:1px solid #e2e6eb;border-bottom-left-radius:5px;box-shadow:0 1px 2px rgba(16,24,40,.04)}",
    ".text{white-space:pre-wrap;margin:0}",
    ".nowrap{white-space:nowrap}",
    ".cite{display:inline-flex;align-items:center;justify-content:center;min-width:19px;height:19px;padding:0 5px;margin:0 1px;border-radius:10px;background:var(--gl-soft);color:var(--gl-ink);font-size:11.5px;font-weight:700;line-height:1;text-decoration:none;vertical-align:2px}",
    "a.cite:hover{background:var(--gl-ink);color:#fff}",
    ".tag{display:inline-flex;align-items:center;gap:6px;font-size:12.5px;font-weight:650;margin-bottom:6px}",
    ".tag svg{width:16px;height:16px}",
    ".st-medical_advice .bubble{background:#fffbeb;border-color:#f5d78e}.st-medical_advice .tag{color:#8a3a06}",
    ".st-abstained .bubble{background:#f8fafc;border-color:#cfd8e3}.st-abstained .tag{color:#3b4a5e}",
    ".st-out_of_scope .bubble{background:#f7f5ff;border-color:#dcd5fb}.st-out_of_scope .tag{color:#5328b3}",
    ".st-error .bubble{background:#fff5f5;border-color:#f6c9c9}.st-error .tag{color:#a61b1b}",
    // Crisis resources: first and loudest.
    ".crisis{background:#fff1f3;border:2px solid #e11d48;border-radius:16px;padding:14px;color:#4c0519}",
    ".crisis h3{display:flex;align-items:center;gap:8px;margin:0 0 4px;font-size:15.5px;color:#9f1239}",
    ".crisis p{margin:0 0 10px;font-size:13.5px}",
    ".crisis ul{list-style:none;margin:0;padding:0;display:grid;gap:8px}",
    ".res{display:flex;align-items:center;gap:12px;min-height:52px;padding:8px 14px;border-radius:12px;background:#be123c;color:#fff;text-decoration:none;box-shadow:0 2px 6px rgba(159,18,57,.25)}",
    ".res:hover{background:#9f1239}",
    ".res:focus-visible{outline-color:#881337}",
    ".res b{display:block;font-size:14.5px}.res span{display:block;font-size:13px;opacity:.95}",
    // Support lines under an ordinary answer on a sensitive topic: present, but quiet.
    ".support{margin-top:10px;padding:10px 12px;border:1px solid #f3c4cf;border-radius:12px;background:#fff7f9;color:#4c0519;font-size:13px}",
    ".support p{margin:0 0 6px}",
    ".support ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:6px 14px}",
    ".support a{color:#9f1239;font-weight:600}",
    // Sources.
    ".sources{margin-top:10px;padding-top:10px;border-top:1px solid #edf0f3}",
    ".sources h3{margin:0 0 6px;font-size:12px;font-weight:700;letter-spacing:.05em;text-transform:uppercase;color:#4f5967}",
    ".sources ol{list-style:none;margin:0;padding:0;display:grid;gap:6px}",
    ".src{display:grid;grid-template-columns:auto 1fr;gap:2px 9px;padding:8px 10px;border-radius:10px;background:#f6f7f9}",
    ".src .cite{grid-row:span 3;margin-top:2px}",
    ".src a.title{color:var(--gl-ink);font-weight:600;text-decoration:none;font-size:14px;line-height:1.35}",
    ".src a.title:hover{text-decoration:underline}",
    ".src .section{font-size:12.5px;color:#4f5967}",
    "details{font-size:13px}",
    "summary{cursor:pointer;color:var(--gl-ink);font-weight:600;width:max-content;border-radius:4px}",
    "blockquote{margin:6px 0 2px;padding:6px 10px;border-left:3px solid var(--gl-accent);background:#fff;color:#2d3540;white-space:pre-wrap;overflow-wrap:anywhere;border-radius:0 6px 6px 0}",
    // Feedback.
    ".rate{display:flex;align-items:center;flex-wrap:wrap;gap:4px;font-size:12.5px;color:#4f5967;padding-left:4px}",
    ".rate .icon-btn{width:34px;height:34px;color:#4f5967}",
    ".rate .icon-btn svg{width:17px;height:17px}",
    ".rate .icon-btn:hover{background:#e8ebef;color:#1c2430}",
    ".rate .icon-btn[aria-pressed=true]{background:var(--gl-soft);color:var(--gl-ink)}",
    ".rate form{flex-basis:100%;display:flex;gap:6px;margin-top:4px}",
    ".rate textarea{flex:1;min-height:38px;padding:8px 10px;border:1px solid #c5ccd5;border-radius:10px;background:#fff;resize:vertical;font-size:13.5px}",
    ".btn{border:0;border-radius:10px;padding:0 14px;min-height:38px;background:var(--gl-accent);color:var(--gl-on-accent);font-weight:600;font-size:13.5px}",
    ".btn.ghost{background:#fff;color:var(--gl-ink);border:1px solid #c5ccd5}",
    ".retry{margin-top:8px}",
    // Typing dots.
    ".dots{display:inline-flex;gap:5px;padding:4px 2px}",
    ".dots i{width:7px;height:7px;border-radius:50%;background:#6b7684;animation:gl-dot 1.2s infinite ease-in-out}",
    ".dots i:nth-child(2){animation-delay:.15s}.dots i:nth-child(3){animation-delay:.3s}",
    "@keyframes gl-dot{0%,80%,100%{opacity:.3;transform:translateY(0)}40%{opacity:1;transform:translateY(-3px)}}",
    // Disclaimer and composer.
    ".disclaimer{display:flex;gap:8px;margin:0;padding:9px 16px;font-size:11.5px;line-height:1.45;color:#4a5361;background:#eef1f4;border-top:1px solid #e2e6eb}",
    ".disclaimer svg{width:15px;height:15px;margin-top:1px}",
    ".composer{display:flex;align-items:flex-end;gap:8px;padding:10px 12px 12px;background:#fff;border-top:1px solid #e2e6eb}",
    ".composer textarea{flex:1;min-height:44px;max-height:140px;padding:11px 14px;border:1px solid #c5ccd5;border-radius:14px;background:#fff;resize:none;line-height:1.4;font-size:15px}",
    ".composer textarea:focus-visible{outline:2px solid var(--gl-ink);outline-offset:0;border-color:transparent}",
    ".composer textarea::placeholder{color:#6b7380}",
    ".send{display:inline-flex;align-items:center;justify-content:center;width:44px;height:44px;border:0;border-radius:50%;background:var(--gl-accent);color:var(--gl-on-accent)}",
    ".send:disabled{opacity:.45;cursor:default}",
    ".count{font-size:11.5px;color:#4f5967;padding:0 16px 6px;background:#fff;text-align:right}",
    // Phones: the panel fills the screen; 16px inputs stop iOS from zooming in on focus.
    "@media (max-width:520px){.root.is-open .panel{position:fixed;inset:0;width:100%;height:100%;border-radius:0;border:0}.root{bottom:16px}.root.right{right:16px}.root.left{left:16px}.composer textarea,.rate textarea{font-size:16px}.composer{padding-bottom:max(12px,env(safe-area-inset-bottom))}}",
    "@media (prefers-reduced-motion:reduce){*,*::before,*::after{animation:none!important;transition:none!important;scroll-behavior:auto!important}}",
  ].join("\n");

  // ---- DOM helpers: elements and text only, never markup. -----------------------------

  function el(tag, props) {
    var node = document.createElement(tag);
    var children = Array.prototype.slice.call(arguments, 2);
    Object.keys(props || {}).forEach(function (key) {
      var value = props[key];
      if (value === undefined || value === null || value === false) return;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key.slice(0, 2) === "on") node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : String(value));
    });
    children.forEach(function (child) {
      if (child === null || child === undefined || child === false) return;
      node.append(child instanceof Node ? child : String(child));
    });
    return node;
  }

  function icon(name) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var path = document.createElementNS(ns, "path");
    path.setAttribute("d", ICONS[name]);
    svg.appendChild(path);
    return svg;
  }

  // Only these schemes become links: a javascript: or data: URL stays plain text.
  function safeHref(url, schemes) {
    if (typeof url !== "string" || !url) return null;
    try {
      var parsed = new URL(url, location.href);
      return (schemes || ["http:", "https:"]).indexOf(parsed.protocol) >= 0 ? parsed.href : null;
    } catch (e) {
      return null;
    }
  }

  // ---- Colour: the accent is configurable, contrast must stay WCAG AA. ----------------

  function luminance(rgb) {
    var c = rgb.map(function (v) {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  }

  function contrast(a, b) {
    var la = luminance(a), lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }

  function parseColour(value, host) {
    var probe = document.createElement("span");
    probe.style.color = value;
    if (!probe.style.color) return null;
    host.appendChild(probe);
    var m = getComputedStyle(probe).color.match(/[\d.]+/g);
    probe.remove();
    return m && m.length >= 3 ? m.slice(0, 3).map(Number) : null;
  }

  function applyAccent(host, shadow) {
    var white = [255, 255, 255];
    var accent = parseColour(config.accent, shadow) || [15, 107, 115];
    // Text on the accent: white when it reads, else near-black.
    var onAccent = contrast(accent, white) >= 4.5 ? "#ffffff" : "#111418";
    // The accent as text (links, markers), also on its own pale tint: darken it until
    // both pass 4.5:1.
    var tint = function (c) { return c.map(function (v) { return Math.round(255 * 0.9 + v * 0.1); }); };
    var ink = accent.slice();
    for (var i = 0; i < 30 && contrast(ink, tint(ink)) < 4.6; i++) {
      ink = ink.map(function (v) { return Math.round(v * 0.9); });
    }
    var rgb = function (c) { return "rgb(" + c.join(",") + ")"; };
    host.style.setProperty("--gl-accent", rgb(accent));
    host.style.setProperty("--gl-on-accent", onAccent);
    host.style.setProperty("--gl-ink", rgb(ink));
    host.style.setProperty("--gl-soft", rgb(tint(ink)));
  }

  // ---- State, kept in sessionStorage so it survives navigation within the site. ------

  var state = { open: false, messages: [], disclaimer: "" };

  function load() {
    try {
      var saved = JSON.parse(sessionStorage.getItem(STORE_KEY) || "null");
      if (saved && Array.isArray(saved.messages)) {
        state.messages = saved.messages.filter(function (m) {
          return m && (m.role === "user" || (m.role === "bot" && m.done));
        });
        // A question whose answer was cut off by navigation is dropped, not left dangling.
        while (state.messages.length && state.messages[state.messages.length - 1].role === "user") {
          state.messages.pop();
        }
        state.open = !!saved.open;
        state.disclaimer = typeof saved.disclaimer === "string" ? saved.disclaimer : "";
      }
    } catch (e) {
      /* storage disabled or corrupt: start fresh */
    }
  }

  function save() {
    try {
      var done = state.messages.filter(function (m) { return m.role === "user" || m.done; });
      sessionStorage.setItem(
        STORE_KEY,
        JSON.stringify({ open: state.open, disclaimer: state.disclaimer, messages: done.slice(-MAX_STORED) })
      );
    } catch (e) {
      /* quota or privacy mode: the conversation just won't persist */
    }
  }

  // ---- Network: SSE over fetch, with POST /v1/answer as the fallback. ----------------

  function ClientError(message) { this.message = message; }
  function StreamError(message) { this.message = message; }

  async function errorMessage(res) {
    try {
      var body = await res.json();
      if (body && typeof body.message === "string") return body.message;
    } catch (e) { /* not JSON */ }
    return "the service answered " + res.status;
  }

  function postJSON(path, body, accept) {
    return fetch(config.api + path, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: accept || "application/json" },
      body: JSON.stringify(body),
    });
  }

  function parseEvent(block) {
    var event = "message", data = [];
    block.split(/\r?\n/).forEach(function (line) {
      if (!line || line.charAt(0) === ":") return;
      var i = line.indexOf(":");
      var field = i < 0 ? line : line.slice(0, i);
      var value = i < 0 ? "" : line.slice(i + 1).replace(/^ /, "");
      if (field === "event") event = value;
      else if (field === "data") data.push(value);
    });
    if (!data.length) return null;
    return { event: event, data: JSON.parse(data.join("\n")) };
  }

  async function streamAnswer(question, onEvent) {
    var res;
    try {
      res = await postJSON("/v1/answer/stream", { question: question }, "text/event-stream");
    } catch (e) {
      throw new StreamError("network");
    }
    // Bad input fails the same way on both endpoints: say so instead of retrying.
    if (res.status === 400 || res.status === 413 || res.status === 422) {
      throw new ClientError(await errorMessage(res));
    }
    var type = res.headers.get("content-type") || "";
    if (!res.ok || !res.body || type.indexOf("text/event-stream") < 0) {
      throw new StreamError("status " + res.status);
    }
    var reader = res.body.getReader();
    var decoder = new TextDecoder();
    var buffer = "", finished = false;
    for (;;) {
      var chunk = await reader.read().catch(function () { throw new StreamError("read"); });
      if (chunk.done) break;
      buffer += decoder.decode(chunk.value, { stream: true });
      var match;
      while ((match = /\r?\n\r?\n/.exec(buffer))) {
        var block = buffer.slice(0, match.index);
        buffer = buffer.slice(match.index + match[0].length);
        var ev = parseEvent(block);
        if (!ev) continue;
        if (ev.event === "error") throw new StreamError(ev.data.message || "error event");
        onEvent(ev.event, ev.data);
        if (ev.event === "done") finished = true;
      }
    }
    if (!finished) throw new StreamError("ended early");
  }

  async function fetchAnswer(question) {
    var res = await postJSON("/v1/answer", { question: question });
    if (res.status === 503) {
      throw new ClientError("The assistant is still starting up. Please try again in a moment.");
    }
    if (!res.ok) throw new ClientError(await errorMessage(res));
    return res.json();
  }

  // ---- The widget. --------------------------------------------------------------------

  var host, shadow, root, launcher, panel, log, input, sendBtn, counter, disclaimerText;
  var busy = false;

  function build() {
    host = el("div", { "data-groundline-widget": "" });
    shadow = host.attachShadow({ mode: "open" });
    // A constructed sheet is not an inline <style>, so strict CSPs on host pages allow it.
    if (shadow.adoptedStyleSheets !== undefined && typeof CSSStyleSheet === "function" && CSSStyleSheet.prototype.replaceSync) {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      shadow.adoptedStyleSheets = [sheet];
    } else {
      shadow.appendChild(el("style", { text: CSS }));
    }

    launcher = el(
      "button",
      { type: "button", class: "launcher", "aria-expanded": "false", "aria-controls": "gl-panel",
        "aria-haspopup": "dialog", onclick: function () { setOpen(true); } },
      icon("chat"),
      el("span", { text: config.title })
    );

    log = el("div", { class: "log", role: "log", "aria-live": "polite", "aria-label": "Conversation", tabindex: "0" });
    disclaimerText = el("span", { text: state.disclaimer || "General information from this site's articles, not medical advice." });
    input = el("textarea", {
      id: "gl-input", rows: "1", maxlength: String(MAX_CHARS), placeholder: "Ask a question…",
      "aria-describedby": "gl-count", autocomplete: "off",
    });
    sendBtn = el("button", { type: "submit", class: "send", "aria-label": "Send question", title: "Send" }, icon("send"));
    counter = el("div", { id: "gl-count", class: "count", "aria-live": "polite" });
    counter.hidden = true;

    panel = el(
      "section",
      { id: "gl-panel", class: "panel", role: "dialog", "aria-modal": "false", "aria-labelledby": "gl-title", hidden: true },
      el(
        "header",
        { class: "head" },
        el("div", { class: "head-text" },
          el("h2", { id: "gl-title", text: config.title }),
          el("p", { text: "Cited answers from our articles" })),
        el("button", { type: "button", class: "icon-btn", "aria-label": "New chat", title: "New chat", onclick: reset }, icon("fresh")),
        el("button", { type: "button", class: "icon-btn", "aria-label": "Close chat", title: "Close (Esc)", onclick: function () { setOpen(false); } }, icon("close"))
      ),
      log,
      el("p", { class: "disclaimer", id: "gl-disclaimer" }, icon("info"), disclaimerText),
      counter,
      el(
        "form",
        { class: "composer", onsubmit: function (e) { e.preventDefault(); submit(); } },
        el("label", { for: "gl-input", class: "sr-only", text: "Your question" }),
        input,
        sendBtn
      )
    );

    root = el("div", { class: "root " + config.position }, panel, launcher);
    shadow.appendChild(root);
    // Connected first: the accent is resolved through getComputedStyle.
    document.body.appendChild(host);
    applyAccent(host, shadow);

    input.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        submit();
      }
    });
    input.addEventListener("input", function () {
      input.style.height = "auto";
      input.style.height = Math.min(input.scrollHeight + 2, 140) + "px";
      var left = MAX_CHARS - input.value.length;
      counter.hidden = left > 200;
      counter.textContent = left + " characters left";
    });
    panel.addEventListener("keydown", function (e) {
      if (e.key === "Escape") {
        e.preventDefault();
        setOpen(false);
      }
    });
    // Citation links navigate this tab; on a phone the panel covers the page, so let
    // the visitor land on the article with the chat closed (it reopens from the launcher).
    log.addEventListener("click", function (e) {
      var link = e.target.closest && e.target.closest("a[href]");
      if (link && /^https?:/.test(link.href) && window.matchMedia("(max-width: 520px)").matches) {
        state.open = false;
        save();
      }
    });
    // Any element on the page can ask a question: <button data-groundline-ask="...">.
    document.addEventListener("click", function (e) {
      var trigger = e.target.closest && e.target.closest("[data-groundline-ask]");
      if (trigger) ask(trigger.getAttribute("data-groundline-ask"));
    });
  }

  function setOpen(open, opts) {
    state.open = open;
    panel.hidden = !open;
    root.classList.toggle("is-open", open);
    launcher.setAttribute("aria-expanded", String(open));
    save();
    if (open) {
      if (!state.disclaimer) loadDisclaimer();
      scrollToEnd(true);
      if (!(opts && opts.restore)) input.focus();
    } else if (!(opts && opts.restore)) {
      launcher.focus();
    }
  }

  async function loadDisclaimer() {
    try {
      var res = await fetch(config.api + "/v1/disclaimer");
      if (res.ok) setDisclaimer((await res.json()).disclaimer);
    } catch (e) { /* the first answer brings it anyway */ }
  }

  function setDisclaimer(text) {
    if (typeof text !== "string" || !text) return;
    state.disclaimer = text;
    disclaimerText.textContent = text;
  }

  function scrollToEnd(force) {
    var nearEnd = log.scrollHeight - log.scrollTop - log.clientHeight < 120;
    if (force || nearEnd) log.scrollTop = log.scrollHeight;
  }

  // Scroll the log (only the log, never the host page) just enough to show `node`.
  function revealInLog(node) {
    var below = node.getBoundingClientRect().bottom - log.getBoundingClientRect().bottom + 12;
    if (below > 0) log.scrollTop += below;
  }

  // A long answer should be read from its start: keep its question at the top of the view
  // rather than jumping to the end of the sources.
  function scrollToQuestion(userNode) {
    var end = log.scrollHeight - log.clientHeight;
    log.scrollTop = Math.min(userNode.offsetTop - 12, end);
  }

  function reset() {
    if (busy) return;
    state.messages = [];
    save();
    renderAll();
    input.value = "";
    input.focus();
  }

  function renderAll() {
    log.textContent = "";
    log.appendChild(renderBot({ role: "bot", greeting: true, text: config.greeting, done: true }));
    state.messages.forEach(function (m) { log.appendChild(m.role === "user" ? renderUser(m) : renderBot(m)); });
  }

  function renderUser(m) {
    return el("div", { class: "msg user" },
      el("span", { class: "sr-only", text: "You said:" }),
      el("div", { class: "bubble", text: m.text }));
  }

  function marker(n, citation) {
    var href = citation && safeHref(citation.url);
    if (!href) return el("span", { class: "cite", text: String(n) });
    var label = "Source " + n + ": " + citation.title + ", " + citation.section;
    return el("a", { class: "cite", href: href, "aria-label": label, title: label, text: String(n) });
  }

  function renderText(text, citations) {
    var node = el("p", { class: "text" });
    var byN = {};
    (citations || []).forEach(function (c) { byN[c.n] = c; });
    // A marker keeps the word before it and the punctuation after it on its line.
    var re = /(\S*\s?)\[(\d+)\]([.,;:!?)\u201d"']*)/g, last = 0, m;
    while ((m = re.exec(text))) {
      if (m.index > last) node.append(text.slice(last, m.index));
      node.append(el("span", { class: "nowrap" }, m[1], marker(Number(m[2]), byN[m[2]]), m[3]));
      last = m.index + m[0].length;
    }
    node.append(text.slice(last));
    return node;
  }

  // Resources come from the service's settings: phone and text links are allowed too.
  function resourceHref(r) {
    return safeHref(r.url, ["tel:", "sms:", "http:", "https:"]);
  }

  function renderCrisis(resources) {
    var items = (resources || []).map(function (r) {
      var href = resourceHref(r);
      var isText = href && href.indexOf("sms:") === 0;
      var body = [icon(isText ? "sms" : "phone"), el("span", {}, el("b", { text: r.name }), el("span", { text: r.contact }))];
      return el("li", {}, href
        ? el.apply(null, ["a", { class: "res", href: href }].concat(body))
        : el.apply(null, ["div", { class: "res" }].concat(body)));
    });
    return el("div", { class: "crisis", role: "region", "aria-label": "Crisis support" },
      el("h3", {}, icon("heart"), "You don't have to face this alone"),
      el("p", { text: "Free, confidential support is available right now, 24/7." }),
      el.apply(null, ["ul", {}].concat(items)));
  }

  // Resources on a non-crisis answer (a sensitive topic, or a message that may hide distress):
  // a short line after the answer, not the crisis card.
  function renderSupport(resources) {
    var items = (resources || []).map(function (r) {
      var href = resourceHref(r);
      var label = r.name + ": " + r.contact;
      return el("li", {}, href ? el("a", { href: href, text: label }) : el("span", { text: label }));
    });
    return el("div", { class: "support", role: "note", "aria-label": "Support lines" },
      el("p", { text: "If this is weighing on you, free support is available 24/7:" }),
      el.apply(null, ["ul", {}].concat(items)));
  }

  function renderSources(m) {
    var items = (m.citations || []).map(function (c) {
      var href = safeHref(c.url);
      var title = href
        ? el("a", { class: "title", href: href, text: c.title })
        : el("span", { class: "title", text: c.title });
      return el("li", { class: "src" },
        el("span", { class: "cite", "aria-hidden": "true", text: String(c.n) }),
        el("span", { class: "sr-only", text: "Source " + c.n + ":" }),
        title,
        el("span", { class: "section", text: c.section ? "Section: " + c.section : "" }),
        c.quote ? el("details", {}, el("summary", { text: "Show quote" }), el("blockquote", { text: c.quote })) : null);
    });
    var heading = m.status === "answered" || m.status === "medical_advice" ? "Sources" : "Closest articles";
    return el("div", { class: "sources" }, el("h3", { text: heading }), el.apply(null, ["ol", {}].concat(items)));
  }

  function renderRating(m) {
    var thanks = el("span", { role: "status" });
    var buttons = {};
    var box = el("div", { class: "rate" }, el("span", { text: "Was this helpful?" }));
    function send(rating, comment) {
      m.feedback = rating;
      save();
      Object.keys(buttons).forEach(function (k) { buttons[k].setAttribute("aria-pressed", String(k === rating)); });
      var body = { request_id: m.request_id, rating: rating };
      if (comment) body.comment = comment;
      return postJSON("/v1/feedback", body).then(function (res) {
        if (!res.ok) return errorMessage(res).then(function (msg) { throw new Error(msg); });
        thanks.textContent = comment ? "Thank you, we read every comment." : "Thanks for the feedback.";
      }).catch(function (e) {
        thanks.textContent = "Couldn't send feedback: " + e.message;
      });
    }
    ["up", "down"].forEach(function (rating) {
      buttons[rating] = el("button", {
        type: "button", class: "icon-btn", "aria-pressed": String(m.feedback === rating),
        "aria-label": rating === "up" ? "Helpful" : "Not helpful", title: rating === "up" ? "Helpful" : "Not helpful",
        onclick: function () {
          send(rating);
          if (rating === "down" && !box.querySelector("form")) {
            var form = box.appendChild(commentForm());
            revealInLog(form);
          }
        },
      }, icon(rating));
      box.appendChild(buttons[rating]);
    });
    function commentForm() {
      var id = "gl-c-" + m.request_id;
      var area = el("textarea", { id: id, rows: "2", maxlength: String(MAX_CHARS), placeholder: "What was missing? (optional)" });
      var form = el("form", { onsubmit: function (e) {
        e.preventDefault();
        if (!area.value.trim()) return;
        send("down", area.value.trim()).then(function () { form.remove(); });
      } },
      el("label", { for: id, class: "sr-only", text: "What was missing? (optional)" }), area,
      el("button", { type: "submit", class: "btn ghost", text: "Send" }));
      return form;
    }
    box.appendChild(thanks);
    return box;
  }

  function renderBot(m) {
    var bubble = el("div", { class: "bubble" });
    var node = el("div", { class: "msg bot st-" + (m.status || "pending"), "data-status": m.status || "" }, bubble);
    if (m.transport) node.setAttribute("data-transport", m.transport);
    fillBot(node, bubble, m);
    return node;
  }

  function fillBot(node, bubble, m) {
    bubble.textContent = "";
    node.className = "msg bot st-" + (m.status || "pending");
    node.setAttribute("data-status", m.status || "");
    node.setAttribute("data-done", String(!!(m.done || m.error)));
    // The crisis card goes above everything else in the message.
    if (m.status === "crisis") node.insertBefore(renderCrisis(m.resources), bubble);
    if (m.error) {
      bubble.append(el("div", { class: "tag" }, icon("alert"), "Something went wrong"),
        el("p", { class: "text", text: m.error }));
      if (m.retry) {
        bubble.append(el("button", { type: "button", class: "btn ghost retry", text: "Try again",
          onclick: function () { node.remove(); state.messages.splice(state.messages.indexOf(m), 1); ask(m.retry, true); } }));
      }
      return;
    }
    if (!m.text && !m.done) {
      bubble.append(el("span", { class: "dots", role: "img", "aria-label": "Looking through the articles" }, el("i"), el("i"), el("i")));
      return;
    }
    var info = STATUS_INFO[m.status];
    if (info) bubble.append(el("div", { class: "tag" }, icon(info.icon), info.label));
    if (!m.greeting) bubble.append(el("span", { class: "sr-only", text: "Groundline said:" }));
    bubble.append(renderText(m.text || "", m.citations));
    if (m.citations && m.citations.length) bubble.append(renderSources(m));
    if (m.status !== "crisis" && m.resources && m.resources.length) bubble.append(renderSupport(m.resources));
    if (m.done && m.request_id && m.status !== "crisis") node.appendChild(renderRating(m));
  }

  function updateBot(node, m) {
    Array.prototype.slice.call(node.querySelectorAll(".crisis, .rate")).forEach(function (n) { n.remove(); });
    if (m.transport) node.setAttribute("data-transport", m.transport);
    fillBot(node, node.querySelector(".bubble"), m);
    if (node.previousElementSibling) scrollToQuestion(node.previousElementSibling);
  }

  function setBusy(value) {
    busy = value;
    sendBtn.disabled = value;
    log.setAttribute("aria-busy", String(value));
  }

  function submit() {
    var question = input.value;
    if (!question.trim() || busy) return;
    input.value = "";
    input.dispatchEvent(new Event("input"));
    ask(question, true);
  }

  async function ask(question, keepFocus) {
    if (busy || !question || !question.trim()) return;
    if (!state.open) setOpen(true);
    setBusy(true);
    var user = { role: "user", text: question };
    var bot = { role: "bot", text: "", citations: [], status: null, done: false };
    state.messages.push(user, bot);
    save();
    log.appendChild(renderUser(user));
    var node = renderBot(bot);
    log.appendChild(node);
    scrollToEnd(true);

    try {
      try {
        bot.transport = "stream";
        await streamAnswer(question, function (event, data) {
          if (event === "status") { bot.status = data.status; bot.request_id = data.request_id; }
          else if (event === "text") { bot.text += data.text; }
          else if (event === "citations") { bot.citations = data.citations || []; }
          else if (event === "resources") { bot.resources = data.resources || []; }
          else if (event === "disclaimer") { setDisclaimer(data.disclaimer); }
          else if (event === "done") { bot.done = true; }
          updateBot(node, bot);
        });
      } catch (e) {
        if (e instanceof ClientError) throw e;
        // Streaming failed (old proxy, dropped connection...): ask the plain endpoint.
        var body = await fetchAnswer(question);
        Object.assign(bot, {
          status: body.status, text: body.answer, citations: body.citations || [], resources: body.resources,
          request_id: body.request_id, done: true, transport: "fallback",
        });
        setDisclaimer(body.disclaimer);
        updateBot(node, bot);
      }
    } catch (e) {
      bot.status = "error";
      bot.error = e instanceof ClientError ? e.message : "I couldn't reach the answer service. Please check your connection and try again.";
      bot.retry = e instanceof ClientError ? null : question;
      updateBot(node, bot);
      // Errors are not kept: a reload should not replay them.
      state.messages.splice(state.messages.indexOf(user), 2);
    } finally {
      setBusy(false);
      save();
      if (keepFocus && state.open && shadow.activeElement === null) input.focus();
    }
  }

  function start() {
    load();
    build();
    renderAll();
    if (state.open) setOpen(true, { restore: true });
    window.Groundline = {
      open: function () { setOpen(true); },
      close: function () { setOpen(false); },
      ask: function (q) { return ask(q); },
      reset: reset,
    };
  }

  if (document.body) start();
  else document.addEventListener("DOMContentLoaded", start);
})();
