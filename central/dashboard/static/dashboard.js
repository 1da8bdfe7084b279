// The dashboard's live part: snapshots from the server-sent event stream (or, when the
// stream cannot be used, from polling every 2 s), a clock that counts the waits up, and
// the help call buttons sent with fetch. Data is only ever inserted as text
// (textContent, createElement): help contexts come from terminals and are not trusted.
"use strict";

(function () {
  const POLL_MS = 2000;
  const LONG_WAIT_S = 120; // a call waiting longer than this is marked urgent

  const strings = JSON.parse(document.getElementById("dashboard-strings").textContent);
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const callList = document.getElementById("calls");
  const terminalRows = document.getElementById("terminals");
  const connection = document.getElementById("connection");
  const notice = document.getElementById("notice");

  const board = document.getElementById("board");
  const auditAllowed = board.dataset.audit === "yes";
  // The server's clock minus this browser's: waits are counted on the server's time.
  let clockOffsetMs = Date.parse(board.dataset.now) - Date.now();
  let onlineWithinS = Number(board.dataset.onlineWithinS);
  let pollTimer = null;
  let stream = null;

  function t(key, values) {
    let text = strings[key];
    for (const [name, value] of Object.entries(values || {})) {
      text = text.replace("{" + name + "}", String(value));
    }
    return text;
  }

  // Mirrors i18n.duration in Python.
  function duration(seconds) {
    const whole = Math.max(0, Math.floor(seconds));
    if (whole < 60) return t("seconds", { s: whole });
    return t("minutes_seconds", { m: Math.floor(whole / 60), s: whole % 60 });
  }

  function serverNow() {
    return Date.now() + clockOffsetMs;
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function actionForm(action, callId, label) {
    const form = el("form", "action");
    form.method = "post";
    form.action = "/dashboard/help-calls/" + action;
    for (const [name, value] of [["call", callId], ["csrf", csrf]]) {
      const input = el("input");
      input.type = "hidden";
      input.name = name;
      input.value = value;
      form.append(input);
    }
    const button = el("button", action, label);
    button.type = "submit";
    form.append(button);
    return form;
  }

  function callItem(call) {
    const item = el("li", "call call-" + call.state);
    item.dataset.callId = call.id;
    item.dataset.requestedAt = call.requested_at;

    const head = el("div", "call-head");
    head.append(el("span", "call-terminal", call.terminal_label));
    head.append(el("span", "call-state", call.state_label));
    const waited = el("span", "call-waited", t("waited") + " ");
    waited.append(el("span", "waited", call.waited));
    head.append(waited);
    item.append(head);

    const body = el("dl", "call-body");
    body.append(el("dt", "", t("item")), el("dd", "call-item", call.item || "–"));
    body.append(el("dt", "", t("step")), el("dd", "call-step", call.step || "–"));
    if (call.fields.length) {
      const list = el("ul");
      for (const name of call.fields) list.append(el("li", "", name));
      const fields = el("dd", "call-fields");
      fields.append(list);
      body.append(el("dt", "", t("fields_in_error")), fields);
    }
    item.append(body);

    const actions = el("div", "call-actions");
    if (call.state === "open") actions.append(actionForm("acknowledge", call.id, t("acknowledge")));
    actions.append(actionForm("resolve", call.id, t("resolve")));
    item.append(actions);
    return item;
  }

  function cell(tag, className, text) {
    return el(tag, className, text === null || text === "" ? "–" : String(text));
  }

  function alertsCell(alerts) {
    const td = el("td", "alerts");
    if (!alerts.length) {
      td.append(el("span", "ok", t("no_alerts")));
      return td;
    }
    const list = el("ul");
    for (const alert of alerts) {
      const item = el("li", "alert alert-" + alert.level, alert.label);
      item.dataset.alert = alert.code;
      list.append(item);
    }
    td.append(list);
    return td;
  }

  function figuresCell(figures) {
    const td = el("td", "figures-cell");
    if (!figures.length) {
      td.textContent = "–";
      return td;
    }
    const list = el("dl");
    for (const figure of figures) {
      const value = el("dd", "", figure.value);
      value.dataset.figureKey = figure.key;
      list.append(el("dt", "", figure.label), value);
    }
    td.append(list);
    return td;
  }

  function terminalRow(terminal) {
    const row = el("tr");
    row.dataset.terminal = String(terminal.number);
    row.dataset.lastSeenAt = terminal.last_seen_at || "";
    row.dataset.mode = terminal.mode;
    const head = el("th");
    head.scope = "row";
    if (auditAllowed) {
      const link = el("a", "audit-link", terminal.label);
      link.href = terminal.audit_url; // built by the server from the terminal's number
      link.title = t("audit");
      head.append(link);
    } else {
      head.textContent = terminal.label;
    }
    const seen = el("td");
    seen.append(el("span", "badge"), " ", el("span", "seen", terminal.last_seen));
    row.append(
      head,
      seen,
      // The alerts next to the terminal's name: the table may scroll sideways, and
      // what needs someone must show without it.
      alertsCell(terminal.alerts),
      cell("td", terminal.out_of_service ? "mode fault" : "mode", terminal.mode_label),
      cell("td", terminal.printer_ok ? "ok" : "fault", terminal.printer),
      cell("td", "num", terminal.outbox_depth),
      cell("td", "", terminal.app_version),
      cell("td", "version", terminal.catalog_version),
      figuresCell(terminal.figures),
    );
    return row;
  }

  function render(snapshot) {
    clockOffsetMs = Date.parse(snapshot.now) - Date.now();
    onlineWithinS = snapshot.online_within_s;

    callList.replaceChildren(...snapshot.calls.map(callItem));
    document.getElementById("call-count").textContent = String(snapshot.calls.length);
    document.getElementById("no-calls").hidden = snapshot.calls.length > 0;

    terminalRows.replaceChildren(...snapshot.terminals.map(terminalRow));
    document.getElementById("no-terminals").hidden = snapshot.terminals.length > 0;

    const figures = snapshot.figures;
    document.getElementById("figures-day").textContent = figures.day;
    for (const node of document.querySelectorAll("[data-figure]")) {
      node.textContent = String(figures[node.dataset.figure]);
    }
    tick();
  }

  // Every second: the waits count up and terminals that stopped calling go offline,
  // even when nothing changes on the server.
  function tick() {
    const now = serverNow();
    for (const item of callList.children) {
      const waitedS = (now - Date.parse(item.dataset.requestedAt)) / 1000;
      item.querySelector(".waited").textContent = duration(waitedS);
      item.classList.toggle("call-long", waitedS > LONG_WAIT_S);
    }
    for (const row of terminalRows.children) {
      const seenAt = row.dataset.lastSeenAt;
      const online = seenAt !== "" && (now - Date.parse(seenAt)) / 1000 < onlineWithinS;
      const badge = row.querySelector(".badge");
      badge.className = "badge " + (online ? "online" : "offline");
      badge.textContent = t(online ? "online" : "offline");
    }
  }

  function showConnection(key) {
    connection.textContent = t(key);
    connection.className = "connection " + key;
  }

  async function poll() {
    try {
      const response = await fetch("/dashboard/snapshot.json", {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (response.status === 401) {
        window.location.assign("/login");
        return;
      }
      if (response.ok) render(await response.json());
    } catch (error) {
      // The server is away for a moment; the next poll tries again.
    }
  }

  function startPolling() {
    if (pollTimer !== null) return;
    showConnection("polling");
    pollTimer = window.setInterval(poll, POLL_MS);
    poll();
  }

  function stopPolling() {
    if (pollTimer === null) return;
    window.clearInterval(pollTimer);
    pollTimer = null;
  }

  function openStream() {
    if (!("EventSource" in window)) {
      startPolling();
      return;
    }
    stream = new EventSource("/dashboard/stream");
    stream.addEventListener("snapshot", (event) => {
      stopPolling();
      showConnection("live");
      render(JSON.parse(event.data));
    });
    stream.addEventListener("signed-out", () => window.location.assign("/login"));
    // While the browser reconnects (or after it gave up, e.g. a proxy that buffers),
    // polling keeps the board current; the next snapshot from the stream stops it.
    stream.addEventListener("error", startPolling);
  }

  async function send(form) {
    const button = form.querySelector("button");
    button.disabled = true;
    try {
      const response = await fetch(form.action, {
        method: "POST",
        headers: { "X-CSRF-Token": csrf, Accept: "application/json" },
        body: new URLSearchParams(new FormData(form)),
        credentials: "same-origin",
      });
      if (response.status === 401) {
        window.location.assign("/login");
        return;
      }
      notice.hidden = response.ok;
      if (pollTimer !== null) poll(); // the stream, when up, brings the change itself
    } catch (error) {
      notice.hidden = false;
    } finally {
      button.disabled = false;
    }
  }

  callList.addEventListener("submit", (event) => {
    event.preventDefault();
    send(event.target);
  });

  window.setInterval(tick, 1000);
  tick();
  openStream();
})();
