// The gateway-sync web console: one page, no build step, no library. It reads the operator's API
// (/api/_sources, /api/_runs, /api/_synchronizations) with the API key typed at sign-in, kept in
// sessionStorage for this tab only and sent as "Authorization: Bearer". Every value from the API
// reaches the page as text (textContent, SVG attributes), never as HTML.
'use strict';

(() => {
  const KEY_ITEM = 'gateway-sync.apiKey';
  const FAST_MS = 2000;       // while a run goes on
  const SLOW_MS = 10000;      // otherwise
  const DETAILS_MS = 30000;   // runs and records are read again at least this often
  const HISTORY = 30;         // runs in the chart
  const TABLE_RUNS = 8;       // runs in the table
  const RECORDS = 50;         // failing / blocked records listed per source

  const state = {
    key: null,          // the API key, or null (an engine without keys)
    admin: false,
    anonymous: false,
    sources: [],
    details: new Map(), // name -> {sig, loadedAt, runs, records}
    timer: null,
    fastUntil: 0,
    expanded: new Set(), // sources whose whole loaded history is shown
    pending: new Set(), // actions in flight: 'sync:NAME', 'retry:NAME:ID', ...
    generation: 0,      // bumped at sign-out: late answers of an old session are dropped
  };

  const $ = (id) => document.getElementById(id);

  // ---- DOM helpers: text only ------------------------------------------------------------

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    applyAttrs(node, attrs);
    append(node, children);
    return node;
  }

  const SVG_NS = 'http://www.w3.org/2000/svg';
  function svg(tag, attrs, ...children) {
    const node = document.createElementNS(SVG_NS, tag);
    applyAttrs(node, attrs);
    append(node, children);
    return node;
  }

  function applyAttrs(node, attrs) {
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === 'text') node.textContent = String(value);
      else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? '' : String(value));
    }
  }

  function append(node, children) {
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }

  // ---- formatting ------------------------------------------------------------------------

  const numberFormat = new Intl.NumberFormat('en');
  const num = (n) => (n === null || n === undefined ? '–' : numberFormat.format(n));

  function duration(ms) {
    if (ms === null || ms === undefined) return '–';
    if (ms < 1000) return `${ms} ms`;
    const s = ms / 1000;
    if (s < 60) return `${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
    const m = Math.floor(s / 60);
    if (m < 60) return `${m} min ${Math.round(s % 60)} s`;
    return `${Math.floor(m / 60)} h ${m % 60} min`;
  }

  function clock(seconds) {
    const h = Math.floor(seconds / 3600);
    const m = Math.floor(seconds / 60) % 60;
    const s = Math.floor(seconds % 60);
    const two = (v) => String(v).padStart(2, '0');
    return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
  }

  function relative(iso) {
    if (!iso) return '–';
    const diff = (Date.parse(iso) - Date.now()) / 1000;
    const a = Math.abs(diff);
    let text;
    if (a < 5) return diff < 0 ? 'just now' : 'now';
    if (a < 60) text = `${Math.round(a)} s`;
    else if (a < 3600) text = `${Math.round(a / 60)} min`;
    else if (a < 86400) text = `${Math.round(a / 3600)} h`;
    else if (a < 86400 * 365) text = `${Math.round(a / 86400)} d`;
    else text = `${Math.round(a / (86400 * 365))} y`;
    return diff < 0 ? `${text} ago` : `in ${text}`;
  }

  function absolute(iso) {
    if (!iso) return '';
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? String(iso) : d.toLocaleString();
  }

  function shortTime(iso) {
    if (!iso) return '–';
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return String(iso);
    const today = new Date().toDateString() === d.toDateString();
    return today ? d.toLocaleTimeString([], {hour: '2-digit', minute: '2-digit', second: '2-digit'})
      : d.toLocaleString([], {year: d.getFullYear() === new Date().getFullYear() ? undefined : 'numeric',
        month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit'});
  }

  const statusClass = (status) => ({OK: 'ok', PARTIAL: 'partial', FAILED: 'failed', RUNNING: 'running', SKIPPED: 'skipped'})[status] || 'unknown';

  // ---- the API ---------------------------------------------------------------------------

  class ApiError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  async function api(method, path) {
    const headers = {Accept: 'application/json'};
    if (state.key) headers.Authorization = `Bearer ${state.key}`;
    let response;
    try {
      response = await fetch(path, {method, headers, cache: 'no-store', credentials: 'omit', redirect: 'error'});
    } catch (e) {
      throw new ApiError(0, 'the engine cannot be reached');
    }
    const text = await response.text();
    let body = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch (e) {
      body = null;
    }
    if (!response.ok) {
      const message = body && typeof body.error === 'string' ? body.error : `HTTP ${response.status}`;
      throw new ApiError(response.status, message);
    }
    return body;
  }

  function explain(e) {
    if (!(e instanceof ApiError)) return String(e && e.message ? e.message : e);
    if (e.status === 401) return `The engine did not accept this key (401: ${e.message}).`;
    if (e.status === 403) return `This key may not do that (403: ${e.message}).`;
    if (e.status === 0) return `The engine cannot be reached: is it running, and is this its address?`;
    return `The engine answered ${e.status}: ${e.message}`;
  }

  // ---- sign-in and sign-out --------------------------------------------------------------

  function showSignIn(error) {
    stopPolling();
    $('app').hidden = true;
    $('session').hidden = true;
    $('signin').hidden = false;
    const box = $('signin-error');
    box.textContent = error || '';
    box.hidden = !error;
    $('key').value = '';
    $('key').focus();
  }

  async function signIn(key) {
    state.key = key;
    let list;
    try {
      list = await api('GET', '/api/_sources');
    } catch (e) {
      forgetKey();
      showSignIn(explain(e));
      return;
    }
    sessionStorage.setItem(KEY_ITEM, key);
    state.anonymous = false;
    await enter(list);
  }

  function forgetKey() {
    state.key = null;
    sessionStorage.removeItem(KEY_ITEM);
  }

  function signOut(error) {
    forgetKey();
    state.generation++;
    state.sources = [];
    state.details.clear();
    $('sources').replaceChildren();
    $('overview').replaceChildren();
    $('flash').replaceChildren();
    showSignIn(error);
  }

  /** The role decides what the page offers: records and actions need admin. */
  async function enter(list) {
    state.admin = state.anonymous;
    if (!state.anonymous) {
      try {
        await api('GET', '/api/_synchronizations?limit=1');
        state.admin = true;
      } catch (e) {
        state.admin = false; // 403: not an admin key; anything else shows when the page loads its data
      }
    }
    const role = $('role');
    role.textContent = state.anonymous ? 'no API keys on this engine' : state.admin ? 'admin key' : 'read-only key';
    role.className = `role ${state.admin ? 'role-admin' : 'role-read'}`;
    $('signout').hidden = state.anonymous;
    $('signin').hidden = true;
    $('session').hidden = false;
    $('app').hidden = false;
    await refresh(list);
  }

  // ---- polling ---------------------------------------------------------------------------

  function stopPolling() {
    clearTimeout(state.timer);
    state.timer = null;
  }

  async function refresh(given) {
    stopPolling();
    const generation = state.generation;
    try {
      const list = given || await api('GET', '/api/_sources');
      if (generation !== state.generation) return;
      state.sources = list.results || [];
      await Promise.all(state.sources.map((s) => loadDetails(s, false)));
      if (generation !== state.generation) return;
      banner(null);
      render();
      $('updated').textContent = `updated ${new Date().toLocaleTimeString()}`;
    } catch (e) {
      if (generation !== state.generation) return;
      if (e.status === 401) {
        signOut(`Signed out: ${explain(e)}`);
        return;
      }
      banner(explain(e));
    }
    const running = state.sources.some((s) => s.state === 'running');
    state.timer = setTimeout(() => refresh(), running || Date.now() < state.fastUntil ? FAST_MS : SLOW_MS);
  }

  /** Runs and records of one source, read again when its state changes (or every DETAILS_MS). */
  async function loadDetails(source, force) {
    const sig = [source.state, source.lastRun && source.lastRun.runNumber, source.failingRecords,
      source.blockedRecords].join('|');
    const known = state.details.get(source.name);
    if (!force && known && known.sig === sig && Date.now() - known.loadedAt < DETAILS_MS) return;
    const name = encodeURIComponent(source.name);
    const runs = api('GET', `/api/_runs?source=${name}&limit=${HISTORY}`)
      .then((b) => ({results: b.results || []}), (e) => ({error: e}));
    let records;
    if (!state.admin) {
      records = Promise.resolve({needsAdmin: true});
    } else if (!source.failingRecords && !source.blockedRecords) {
      records = Promise.resolve({results: []});
    } else {
      records = Promise.all([
        api('GET', `/api/_synchronizations?source=${name}&state=failed&limit=${RECORDS}`),
        api('GET', `/api/_synchronizations?source=${name}&state=blocked&limit=${RECORDS}`),
      ]).then(([failed, blocked]) => {
        const byId = new Map();
        for (const r of [...(blocked.results || []), ...(failed.results || [])]) byId.set(r.id, r);
        return {results: [...byId.values()].sort((a, b) => (b.blocked - a.blocked) || (a.id - b.id))};
      }, (e) => (e.status === 403 ? {needsAdmin: true} : {error: e}));
    }
    const [r, rec] = await Promise.all([runs, records]);
    if (r.error && r.error.status === 401) throw r.error;
    state.details.set(source.name, {sig, loadedAt: Date.now(), runs: r, records: rec});
  }

  // ---- actions ---------------------------------------------------------------------------

  function flash(text, kind) {
    const item = el('div', {class: `flash-item flash-${kind || 'info'}`, text});
    $('flash').prepend(item);
    while ($('flash').children.length > 4) $('flash').lastChild.remove();
    setTimeout(() => item.remove(), kind === 'error' ? 15000 : 8000);
  }

  function banner(text) {
    const b = $('banner');
    b.textContent = text || '';
    b.hidden = !text;
  }

  async function act(id, work) {
    if (state.pending.has(id)) return;
    state.pending.add(id);
    render();
    try {
      await work();
    } catch (e) {
      if (e.status === 401) {
        state.pending.delete(id);
        signOut(`Signed out: ${explain(e)}`);
        return;
      }
      flash(explain(e), 'error');
    } finally {
      state.pending.delete(id);
    }
    state.fastUntil = Date.now() + 10000;
    await refresh();
  }

  function syncNow(source) {
    return act(`sync:${source.name}`, async () => {
      const answer = await api('POST', `/api/_sources/${encodeURIComponent(source.name)}/sync`);
      flash(answer && answer.result ? `${source.name}: run ${answer.result.runNumber} ${answer.result.status}`
        : `${source.name}: run started`, 'ok');
    });
  }

  // A record is addressed by its source id; a gateway-made object whose create at the source failed has
  // none yet, and is addressed by its gateway id (issue 28).
  function recordKey(record) {
    return record.sourceId != null ? record.sourceId : `gateway:${record.gatewayId}`;
  }

  function recordPath(source, record, action) {
    const base = `/api/_synchronizations/${encodeURIComponent(source.name)}`;
    return record.sourceId != null ? `${base}/${encodeURIComponent(record.sourceId)}/${action}`
      : `${base}/_gateway/${encodeURIComponent(record.gatewayId)}/${action}`;
  }

  function retry(source, record) {
    return act(`retry:${source.name}:${recordKey(record)}`, async () => {
      const answer = await api('POST', recordPath(source, record, 'retry'));
      flash(`${source.name}: ${answer.result}`, answer.synced ? 'ok' : 'error');
      state.details.delete(source.name);
    });
  }

  function unblock(source, record) {
    return act(`unblock:${source.name}:${recordKey(record)}`, async () => {
      await api('POST', recordPath(source, record, 'unblock'));
      flash(`${source.name}: object ${recordKey(record)} unblocked; the next run tries it again`, 'ok');
      state.details.delete(source.name);
    });
  }

  // ---- rendering -------------------------------------------------------------------------

  function render() {
    renderOverview();
    const shown = new Map([...$('sources').children].map((c) => [c.getAttribute('data-source'), c]));
    const cards = state.sources.map((s) => {
      const d = state.details.get(s.name) || {};
      const key = JSON.stringify([s, d.runs, d.records, state.admin, state.expanded.has(s.name),
        [...state.pending].filter((p) => p.includes(`:${s.name}`))]);
      const old = shown.get(s.name);
      if (old && old.renderKey === key) return old;
      const card = sourceCard(s, d);
      card.renderKey = key;
      return card;
    });
    if (!cards.length) {
      cards.push(el('div', {class: 'empty'}, el('h2', {text: 'No sources yet'}),
        el('p', {text: 'Add a route file to routes/ (one YAML per source) and restart the engine.'})));
    }
    $('sources').replaceChildren(...cards);
  }

  /** Times shown as "5 min ago" follow the clock between polls. */
  function tickRelative() {
    for (const node of document.querySelectorAll('[data-time]')) node.textContent = relative(node.getAttribute('data-time'));
  }

  function renderOverview() {
    const s = state.sources;
    const count = (f) => s.filter(f).length;
    const failingRuns = count((x) => x.lastRun && (x.lastRun.status !== 'OK' || x.lastRun.failed > 0));
    const failing = s.reduce((n, x) => n + (x.failingRecords || 0), 0);
    const blocked = s.reduce((n, x) => n + (x.blockedRecords || 0), 0);
    const tile = (label, value, cls) => el('div', {class: `kpi ${cls || ''}`},
      el('div', {class: 'kpi-value', text: value}), el('div', {class: 'kpi-label', text: label}));
    $('overview').replaceChildren(
      tile('sources', num(s.length)),
      tile('running now', num(count((x) => x.state === 'running')), count((x) => x.state === 'running') ? 'is-running' : ''),
      tile('paused', num(count((x) => x.state === 'paused'))),
      tile('last run not clean', num(failingRuns), failingRuns ? 'is-bad' : ''),
      tile('failing records', num(failing), failing ? 'is-bad' : ''),
      tile('blocked records', num(blocked), blocked ? 'is-bad' : ''));
  }

  function sourceCard(s, d) {
    const last = s.lastRun;
    const health = s.state === 'running' ? 'running' : !last ? 'unknown'
      : last.status === 'FAILED' ? 'failed' : last.status !== 'OK' || last.failed > 0 ? 'partial' : 'ok';
    return el('article', {class: `source health-${health}`, 'data-source': s.name, 'data-state': s.state},
      sourceHead(s),
      el('div', {class: 'source-body'},
        el('div', {class: 'col-main'}, runSummary(s), s.progress ? progress(s.progress) : null, counters(last)),
        el('div', {class: 'col-chart'}, history(s, d.runs))),
      runsTable(s.name, d.runs),
      recordsSection(s, d.records));
  }

  function sourceHead(s) {
    const busy = state.pending.has(`sync:${s.name}`);
    const why = !state.admin ? 'needs an admin key' : s.state === 'running' ? 'a run is in progress'
      : s.state === 'paused' ? 'the source is paused' : 'run this source now, as its schedule would';
    return el('header', {class: 'source-head'},
      el('div', {class: 'source-title'},
        el('h2', {text: s.name}),
        el('span', {class: `pill state-${s.state}`, text: s.state}),
        el('span', {class: 'direction', text: s.direction})),
      el('div', {class: 'source-meta'},
        el('span', {class: 'meta-url', title: 'source collection URL (without credentials or query)', text: s.url}),
        el('span', {class: 'arrow', text: s.direction === 'two-way' ? '⇄' : '→'}),
        el('span', {class: 'meta-gateway', title: 'gateway schema or URL', text: s.gateway}),
        s.schedule ? el('span', {class: 'meta-schedule', title: 'Quartz cron schedule'}, el('code', {text: s.schedule})) : null),
      el('div', {class: 'source-actions'},
        el('button', {type: 'button', class: 'primary sync-now', title: why,
          disabled: !state.admin || s.state !== 'idle' || busy, onclick: () => syncNow(s),
          text: busy ? 'Starting…' : s.state === 'running' ? 'Running…' : 'Sync now'})));
  }

  function runSummary(s) {
    const last = s.lastRun;
    const lastBlock = last
      ? el('div', {class: 'when'},
        el('div', {class: 'when-label', text: 'Last run'}),
        el('div', {class: 'when-value'},
          el('span', {class: `status status-${statusClass(last.status)}`, text: last.status}),
          el('span', {class: 'last-run-number', text: `#${last.runNumber}`}),
          el('span', {title: absolute(last.endedAt), 'data-time': last.endedAt, text: relative(last.endedAt)}),
          el('span', {class: 'muted', text: `took ${duration(last.durationMs)}`}),
          last.mode ? el('span', {class: 'muted', text: last.mode}) : null),
        last.message ? el('div', {class: 'message', text: last.message}) : null)
      : el('div', {class: 'when'}, el('div', {class: 'when-label', text: 'Last run'}),
        el('div', {class: 'when-value muted', text: 'none since the engine started'}));
    const next = el('div', {class: 'when'},
      el('div', {class: 'when-label', text: 'Next run'}),
      el('div', {class: 'when-value'}, s.nextRun
        ? [el('span', {title: absolute(s.nextRun), 'data-time': s.nextRun, text: relative(s.nextRun)}), el('span', {class: 'muted', text: shortTime(s.nextRun)})]
        : el('span', {class: 'muted', text: s.state === 'paused' ? 'paused' : 'not scheduled'})));
    return el('div', {class: 'whens'}, lastBlock, next);
  }

  function progress(p) {
    const pct = p.total ? Math.min(100, Math.floor((p.objects * 100) / Math.max(1, p.total))) : null;
    const bar = el('div', {class: `bar ${pct === null ? 'bar-unknown' : ''}`}, el('div', {class: 'bar-fill'}));
    if (pct !== null) bar.firstChild.style.width = `${pct}%`;
    const parts = [`run #${p.runNumber}`, `${num(p.pages)} ${p.pages === 1 ? 'page' : 'pages'}`,
      p.total !== null && p.total !== undefined ? `${num(p.objects)} of ${num(p.total)} objects (${pct}%)` : `${num(p.objects)} objects`,
      `${num(Math.round(p.objectsPerSecond))}/s`, `${clock(p.elapsedMs / 1000)} elapsed`];
    if (p.etaSeconds !== null && p.etaSeconds !== undefined) parts.push(`about ${clock(p.etaSeconds)} left`);
    return el('div', {class: 'progress'}, el('div', {class: 'progress-line', text: parts.join(' · ')}), bar);
  }

  const COUNTERS = [
    ['created', 'created'], ['updated', 'updated'], ['deleted', 'deleted'], ['unchanged', 'unchanged'],
    ['conflicts', 'conflicts'], ['pushed', 'pushed'], ['failed', 'failed']];

  function counters(last) {
    return el('div', {class: 'counters'}, COUNTERS.map(([key, label]) => {
      const v = last ? last[key] : null;
      return el('div', {class: `counter c-${key} ${v ? 'nonzero' : ''}`},
        el('div', {class: 'counter-value', text: num(v)}), el('div', {class: 'counter-label', text: label}));
    }));
  }

  /** The last runs, oldest left: duration bars coloured by status above, the changes they made below. */
  function history(s, runs) {
    const box = el('div', {class: 'history'});
    const withData = runs && !runs.error && runs.results.length > 0;
    box.append(el('div', {class: 'section-title'}, 'Last runs', withData
      ? el('span', {class: 'legend'},
        legend('ok', 'OK'), legend('partial', 'partial'), legend('failed', 'failed'),
        el('span', {class: 'legend-gap'}),
        legend('created', 'created'), legend('updated', 'updated'), legend('deleted', 'deleted'), legend('pushed', 'pushed'),
        legend('failedobj', 'failed objects'))
      : null));
    if (!runs) return box;
    if (runs.error) {
      box.append(el('div', {class: 'note', text: runs.error.status === 404
        ? 'No run history on this engine (GET /api/_runs).' : `Run history: ${explain(runs.error)}`}));
      return box;
    }
    const list = runs.results.slice(0, HISTORY).reverse();
    if (!list.length) {
      box.append(el('div', {class: 'note', text: 'No runs recorded yet.'}));
      return box;
    }
    const W = 600, slot = W / HISTORY, top = 66, gap = 10, low = 40, H = top + gap + low + 16;
    const maxDur = Math.max(1, ...list.map((r) => r.durationMs || 0));
    const changes = (r) => (r.created || 0) + (r.updated || 0) + (r.deleted || 0) + (r.pushed || 0) + (r.failed || 0);
    const offset = HISTORY - list.length; // the newest run stands at the right edge
    const maxChanges = Math.max(1, ...list.map(changes));
    const chart = svg('svg', {class: 'chart', viewBox: `0 0 ${W + 56} ${H}`, role: 'img',
      'aria-label': `durations and changes of the last ${list.length} runs of ${s.name}`});
    const x0 = 56;
    chart.append(
      svg('line', {x1: x0, x2: x0 + W, y1: top + 0.5, y2: top + 0.5, class: 'axis'}),
      svg('line', {x1: x0, x2: x0 + W, y1: top + gap + low + 0.5, y2: top + gap + low + 0.5, class: 'axis'}),
      svg('text', {x: x0 - 6, y: 10, class: 'tick', 'text-anchor': 'end', text: duration(maxDur)}),
      svg('text', {x: x0 - 6, y: top, class: 'tick', 'text-anchor': 'end', text: 'duration'}),
      svg('text', {x: x0 - 6, y: top + gap + 10, class: 'tick', 'text-anchor': 'end', text: num(maxChanges)}),
      svg('text', {x: x0 - 6, y: top + gap + low, class: 'tick', 'text-anchor': 'end', text: 'changes'}));
    list.forEach((r, n) => {
      const i = n + offset;
      const x = x0 + i * slot + slot * 0.15, w = slot * 0.7;
      const g = svg('g', {class: 'run-bar', 'data-run': r.runNumber});
      const h = Math.max(2, ((r.durationMs || 0) / maxDur) * (top - 4));
      g.append(svg('rect', {x, y: top - h, width: w, height: h, rx: 1.5, class: `dur s-${statusClass(r.status)}`}));
      let y = top + gap + low;
      for (const [key, cls] of [['created', 'created'], ['updated', 'updated'], ['deleted', 'deleted'], ['pushed', 'pushed'], ['failed', 'failedobj']]) {
        const v = r[key] || 0;
        if (!v) continue;
        const hh = Math.max(1.5, (v / maxChanges) * (low - 2));
        y -= hh;
        g.append(svg('rect', {x, y, width: w, height: hh, class: `chg ${cls}`}));
      }
      // The whole column answers hover: its tooltip carries every counter of the run.
      g.append(svg('rect', {x: x0 + i * slot, y: 0, width: slot, height: top + gap + low, class: 'hit'}),
        svg('title', {text: `run #${r.runNumber} · ${r.status}${r.trigger ? ` · ${r.trigger}` : ''}${r.mode ? ` · ${r.mode}` : ''}\n`
          + `${absolute(r.startedAt)} · ${duration(r.durationMs)}\n`
          + `created ${num(r.created)}, updated ${num(r.updated)}, deleted ${num(r.deleted)}, unchanged ${num(r.unchanged)}\n`
          + `conflicts ${num(r.conflicts)}, pushed ${num(r.pushed)}, failed ${num(r.failed)}`
          + (r.message ? `\n${r.message}` : '')}));
      chart.append(g);
    });
    const first = list[0], lastRun = list[list.length - 1];
    // The oldest run's label only where it cannot run into the newest one's.
    chart.append(svg('text', {x: x0 + offset * slot, y: H - 2, class: 'tick',
      text: list.length >= 12 ? `#${first.runNumber} · ${shortTime(first.startedAt)}` : ''}),
      svg('text', {x: x0 + W, y: H - 2, class: 'tick', 'text-anchor': 'end', text: `#${lastRun.runNumber} · ${shortTime(lastRun.startedAt)}`}));
    box.append(chart);
    return box;
  }

  function legend(cls, label) {
    return el('span', {class: 'legend-item'}, el('i', {class: `swatch sw-${cls}`}), label);
  }

  function runsTable(name, runs) {
    if (!runs || runs.error || !runs.results.length) return null;
    const head = ['run', 'started', 'trigger', 'mode', 'status', 'duration', 'created', 'updated', 'deleted',
      'unchanged', 'conflicts', 'pushed', 'failed', 'message'];
    const numeric = new Set(['duration', 'created', 'updated', 'deleted', 'unchanged', 'conflicts', 'pushed', 'failed']);
    const all = state.expanded.has(name);
    const shown = all ? runs.results : runs.results.slice(0, TABLE_RUNS);
    const more = runs.results.length > TABLE_RUNS
      ? el('button', {type: 'button', class: 'link show-all', onclick: (event) => {
        event.preventDefault(); // inside the summary: not a toggle of the table
        if (all) state.expanded.delete(name); else state.expanded.add(name);
        render();
      }, text: all ? 'show fewer' : `show the last ${runs.results.length}`}) : null;
    return el('details', {class: 'runs', open: true},
      el('summary', {class: 'section-title'}, 'Run history, newest first', more),
      el('div', {class: 'table-wrap'}, el('table', {class: 'grid'},
        el('thead', null, el('tr', null, head.map((h) => el('th', {class: numeric.has(h) ? 'num' : null, text: h})))),
        el('tbody', null, shown.map((r) => el('tr', {class: 'run', 'data-run': r.runNumber},
          el('td', {class: 'mono', text: `#${r.runNumber}`}),
          el('td', {title: absolute(r.startedAt), text: shortTime(r.startedAt)}),
          el('td', {text: r.trigger || '–'}),
          el('td', {text: r.mode || '–'}),
          el('td', null, el('span', {class: `status status-${statusClass(r.status)}`, text: r.status})),
          el('td', {class: 'num', text: duration(r.durationMs)}),
          ['created', 'updated', 'deleted', 'unchanged', 'conflicts', 'pushed', 'failed'].map((k) =>
            el('td', {class: `num ${r[k] ? '' : 'zero'} ${k === 'failed' && r[k] ? 'bad' : ''}`, text: num(r[k])})),
          el('td', {class: 'message-cell', title: r.message || '', text: r.message || ''})))))));
  }

  function recordsSection(s, records) {
    const total = (s.failingRecords || 0);
    const title = el('div', {class: 'section-title'}, 'Failing and blocked records',
      el('span', {class: 'counts'},
        el('span', {class: total ? 'bad' : 'muted', text: `${num(s.failingRecords)} failing`}), ' · ',
        el('span', {class: s.blockedRecords ? 'bad' : 'muted', text: `${num(s.blockedRecords)} blocked`})));
    const section = el('section', {class: 'records'}, title);
    if (!records) return section;
    if (records.needsAdmin) {
      if (total || s.blockedRecords) {
        section.append(el('div', {class: 'note needs-admin', text: 'Listing them, retrying and unblocking needs an admin key.'}));
      } else {
        section.append(el('div', {class: 'note', text: 'None: every record synced. (Listing records needs an admin key.)'}));
      }
      return section;
    }
    if (records.error) {
      section.append(el('div', {class: 'note bad', text: `Records: ${explain(records.error)}`}));
      return section;
    }
    if (!records.results.length) {
      section.append(el('div', {class: 'note', text: 'None: every record synced.'}));
      return section;
    }
    section.append(el('div', {class: 'table-wrap'}, el('table', {class: 'grid records-table'},
      el('thead', null, el('tr', null, ['source id', 'gateway id', 'state', 'tries', 'last error', 'last synced', '']
        .map((h) => el('th', {text: h})))),
      el('tbody', null, records.results.map((r) => {
        const retrying = state.pending.has(`retry:${s.name}:${recordKey(r)}`);
        const unblocking = state.pending.has(`unblock:${s.name}:${recordKey(r)}`);
        return el('tr', {class: 'record', 'data-source-id': r.sourceId},
          el('td', {class: 'mono', text: r.sourceId}),
          el('td', {class: 'mono muted', title: r.gatewayId || '', text: r.gatewayId ? r.gatewayId.slice(0, 8) : '–'}),
          el('td', null, r.blocked
            ? el('span', {class: 'status status-failed', title: r.blockedUntil ? `until ${absolute(r.blockedUntil)}` : '',
              text: r.blockedUntil ? `blocked until ${shortTime(r.blockedUntil)}` : 'blocked'})
            : el('span', {class: 'status status-partial', text: 'failing'})),
          el('td', {class: 'num', text: num(r.tryCounter)}),
          el('td', {class: 'error-cell', title: r.lastError || '', text: r.lastError || '–'}),
          el('td', {title: absolute(r.lastSynced), 'data-time': r.lastSynced, text: r.lastSynced ? relative(r.lastSynced) : 'never'}),
          el('td', {class: 'row-actions'},
            el('button', {type: 'button', class: 'small retry', disabled: retrying,
              title: 'unblock and sync this object now', onclick: () => retry(s, r), text: retrying ? 'Retrying…' : 'Retry'}),
            r.blocked ? el('button', {type: 'button', class: 'small ghost-dark unblock', disabled: unblocking,
              title: 'clear the block: the next run tries it again', onclick: () => unblock(s, r), text: 'Unblock'}) : null));
      })))));
    return section;
  }

  // ---- start -----------------------------------------------------------------------------

  async function start() {
    $('signin-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const key = $('key').value.trim();
      if (key) signIn(key);
    });
    $('signout').addEventListener('click', () => signOut(null));
    setInterval(tickRelative, 5000);
    $('refresh').addEventListener('click', () => {
      state.details.clear();
      refresh();
    });
    const saved = sessionStorage.getItem(KEY_ITEM);
    if (saved) {
      await signIn(saved);
      return;
    }
    // An engine without API keys (loopback only) answers without one.
    try {
      const list = await api('GET', '/api/_sources');
      state.anonymous = true;
      await enter(list);
    } catch (e) {
      showSignIn(e.status === 401 ? null : explain(e));
    }
  }

  document.addEventListener('DOMContentLoaded', start);
})();
