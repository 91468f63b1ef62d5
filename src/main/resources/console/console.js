// The gateway-sync web console: one page, no build step, no library. It reads the operator's API
// (/api/_sources, /api/_runs, /api/_synchronizations) with the API key typed at sign-in, kept in
// sessionStorage for this tab only and sent as "Authorization: Bearer". Every value from the API
// reaches the page as text (textContent, SVG attributes), never as HTML.
//
// Two views, each with its own URL: the overview (#/ , one dense row per source, trouble first, with
// filter and search kept in the URL: #/?show=trouble&q=pets) and a source's detail (#/sources/NAME:
// history chart and table, one-object syncs, failing and blocked records).
'use strict';

(() => {
  const KEY_ITEM = 'gateway-sync.apiKey';
  const FAST_MS = 2000;       // while a run goes on
  const SLOW_MS = 10000;      // otherwise
  const HISTORY = 30;         // runs in the detail's chart
  const TABLE_RUNS = 10;      // runs in the detail's table before "show all"
  const OBJECT_SYNCS = 20;    // one-object syncs listed in the detail
  const RECORDS = 50;         // failing / blocked records listed

  const state = {
    key: null,          // the API key, or null (an engine without keys)
    admin: false,
    anonymous: false,
    sources: [],
    detail: null,       // {name, runs, objects, records} of the source shown in the detail view
    timer: null,
    fastUntil: 0,
    expanded: false,    // the detail's run table shows every loaded run
    open: new Set(),    // messages the operator expanded: they stay open while the page polls
    drawn: null,        // what the page last drew: an unchanged poll draws nothing (selections, hover stay)
    pending: new Set(), // actions in flight: 'sync:NAME', 'pause:NAME', 'retry:NAME:ID', ...
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
  const plural = (n, one, many) => `${num(n)} ${n === 1 ? one : (many || `${one}s`)}`;

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

  // Times in 24 hours with the zone named (the browser's zone: the logs are in UTC, and say so).
  const TIME = new Intl.DateTimeFormat('en-GB', {hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZoneName: 'short'});
  const DATE_TIME = new Intl.DateTimeFormat('en-GB', {day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short'});
  const FULL = new Intl.DateTimeFormat('en-GB', {year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZoneName: 'long'});

  function absolute(iso) {
    if (!iso) return '';
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? String(iso) : `${FULL.format(d)} (${iso})`;
  }

  /** 14:03:05 UTC today; 6 Dec, 14:03 UTC another day. */
  function shortTime(iso) {
    if (!iso) return '–';
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return String(iso);
    return new Date().toDateString() === d.toDateString() ? TIME.format(d) : DATE_TIME.format(d);
  }

  /** The end of a long text (where a URL's path and an error's reason are), "…" before it. */
  const tail = (text, n) => (text && text.length > n ? `…${text.slice(text.length - (n - 1))}` : text || '');

  // ---- cron in words ---------------------------------------------------------------------

  const DAYS = {MON: 'Monday', TUE: 'Tuesday', WED: 'Wednesday', THU: 'Thursday', FRI: 'Friday', SAT: 'Saturday', SUN: 'Sunday',
    1: 'Sunday', 2: 'Monday', 3: 'Tuesday', 4: 'Wednesday', 5: 'Thursday', 6: 'Friday', 7: 'Saturday'};
  const two = (v) => String(v).padStart(2, '0');
  const isNum = (v) => /^\d+$/.test(v);

  /** "every 5 minutes", "daily at 02:00", … for the common Quartz patterns; null when it is not one of them. */
  function cronWords(expression) {
    if (!expression) return null;
    const f = expression.trim().split(/\s+/);
    if (f.length < 6 || f.length > 7) return null;
    const [sec, min, hour, dom, month, dow] = f;
    const anyDay = (dom === '*' || dom === '?') && month === '*' && (dow === '*' || dow === '?') && (f.length === 6 || f[6] === '*');
    const step = (v) => { const m = /^(?:\*|0)\/(\d+)$/.exec(v); return m ? Number(m[1]) : null; };
    let days = '';
    if (!anyDay) {
      if ((dom === '?' || dom === '*') && month === '*' && f.length === 6) {
        const range = /^([A-Z]{3}|\d)-([A-Z]{3}|\d)$/i.exec(dow);
        if (range && DAYS[range[1].toUpperCase()] && DAYS[range[2].toUpperCase()]) {
          days = ` on ${DAYS[range[1].toUpperCase()]} to ${DAYS[range[2].toUpperCase()]}`;
        } else if (dow.split(',').every((d) => DAYS[d.toUpperCase()])) {
          days = ` on ${dow.split(',').map((d) => DAYS[d.toUpperCase()]).join(', ')}`;
        } else return null;
      } else if (isNum(dom) && month === '*' && dow === '?' && f.length === 6) {
        days = ` on day ${dom} of the month`;
      } else return null;
    }
    if (sec === '*' && min === '*' && hour === '*') return `every second${days}`;
    if (step(sec) && min === '*' && hour === '*') return `every ${step(sec)} seconds${days}`;
    if (sec !== '0') return null;
    if (min === '*' && hour === '*') return `every minute${days}`;
    if (step(min) && hour === '*') return step(min) === 1 ? `every minute${days}` : `every ${step(min)} minutes${days}`;
    if (isNum(min) && hour === '*') return min === '0' ? `every hour${days}` : `every hour at :${two(min)}${days}`;
    if (isNum(min) && step(hour)) return `every ${step(hour)} hours at :${two(min)}${days}`;
    if (isNum(min) && isNum(hour)) return `${days ? 'at' : 'daily at'} ${two(hour)}:${two(min)}${days}`;
    if (isNum(min) && /^\d+(,\d+)+$/.test(hour)) return `daily at ${hour.split(',').map((h) => `${two(h)}:${two(min)}`).join(', ')}${days}`;
    return null;
  }

  function schedule(expression) {
    if (!expression) return el('span', {class: 'muted', text: 'no schedule'});
    const words = cronWords(expression);
    return el('span', {class: 'schedule', title: 'Quartz cron expression'},
      words ? `${words} ` : 'cron ', el('code', {text: `(${expression})`}));
  }

  // ---- outcomes: one word and one colour each --------------------------------------------

  const OUTCOME_CLASS = {OK: 'ok', OK_WITH_FAILED_OBJECTS: 'okfail', PARTIAL: 'partial', FAILED: 'failed', SKIPPED: 'skipped'};
  const outcomeClass = (outcome) => OUTCOME_CLASS[outcome] || 'unknown';

  function outcomePill(run) {
    if (!run) return el('span', {class: 'outcome outcome-none', text: 'no run yet'});
    const outcome = run.outcome || run.status;
    return el('span', {class: `outcome outcome-${outcomeClass(outcome)}`, 'data-outcome': outcome,
      title: `${run.outcomeText || outcome}${run.message ? `: ${run.message}` : ''}`, text: run.outcomeText || outcome});
  }

  /**
   * What a source needs from its operator, worst first: the overview's order and its health column.
   * A source whose last run is clean but that has failing records is not healthy either.
   */
  const HEALTH = [
    ['failed', 'FAILED', 'the last run failed'],
    ['partial', 'PARTIAL', 'the last run read only part of the listing: nothing was deleted'],
    ['okfail', 'FAILED OBJECTS', 'the last run finished, but objects failed'],
    ['records', 'RECORDS FAILING', 'records failing or blocked from earlier runs'],
    ['running', 'RUNNING', 'a run is in progress'],
    ['paused', 'PAUSED', 'paused by an operator: scheduled runs are skipped'],
    ['new', 'NO RUN YET', 'no run since the engine started'],
    ['ok', 'HEALTHY', 'the last run was clean and no record fails'],
  ];
  const RANK = Object.fromEntries(HEALTH.map(([key], i) => [key, i]));
  const TROUBLE = new Set(['failed', 'partial', 'okfail', 'records']);

  function health(s) {
    const last = s.lastRun;
    const outcome = last && last.outcome;
    if (outcome === 'FAILED') return 'failed';
    if (outcome === 'PARTIAL') return 'partial';
    if (outcome === 'OK_WITH_FAILED_OBJECTS') return 'okfail';
    if (s.failingRecords > 0) return 'records';
    if (s.state === 'running') return 'running';
    if (s.state === 'paused') return 'paused';
    if (!last) return 'new';
    return 'ok';
  }

  function healthBadge(s) {
    const key = health(s);
    const [, word, why] = HEALTH[RANK[key]];
    // A running or paused source in trouble shows both: its trouble, and what it is doing now.
    const extra = s.state === 'running' && key !== 'running' ? 'running' : s.state === 'paused' && key !== 'paused' ? 'paused' : null;
    return el('div', {class: 'health-cell'},
      el('span', {class: `health health-${key}`, title: why, text: word}),
      extra ? el('span', {class: `health-extra state-${extra}`, text: extra}) : null);
  }

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
    state.detail = null;
    state.drawn = null;
    $('view').replaceChildren();
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

  // ---- the route: #/ or #/?show=…&q=…, #/sources/NAME ------------------------------------

  function route() {
    const hash = location.hash.replace(/^#/, '') || '/';
    const m = /^\/sources\/([^?]+)/.exec(hash);
    if (m) return {view: 'detail', name: decodeURIComponent(m[1])};
    const query = new URLSearchParams(hash.includes('?') ? hash.slice(hash.indexOf('?') + 1) : '');
    return {view: 'overview', show: query.get('show') || 'all', q: query.get('q') || ''};
  }

  function overviewHash(show, q) {
    const query = new URLSearchParams();
    if (show && show !== 'all') query.set('show', show);
    if (q) query.set('q', q);
    const text = query.toString();
    return `#/${text ? `?${text}` : ''}`;
  }

  const detailHash = (name) => `#/sources/${encodeURIComponent(name)}`;

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
      const r = route();
      if (r.view === 'detail') await loadDetail(r.name);
      if (generation !== state.generation) return;
      banner(null);
      render();
      $('updated').textContent = `updated ${TIME.format(new Date())}`;
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

  /** Runs, one-object syncs and records of the source the detail view shows. */
  async function loadDetail(name) {
    const source = state.sources.find((s) => s.name === name);
    if (!source) {
      state.detail = {name, missing: true};
      return;
    }
    const q = encodeURIComponent(name);
    const runs = api('GET', `/api/_runs?source=${q}&kind=runs&limit=${HISTORY * 2}`)
      .then((b) => ({results: b.results || []}), (e) => ({error: e}));
    const objects = api('GET', `/api/_runs?source=${q}&kind=objects&limit=${OBJECT_SYNCS}`)
      .then((b) => ({results: b.results || []}), (e) => ({error: e}));
    let records;
    if (!state.admin) {
      records = Promise.resolve({needsAdmin: true});
    } else if (!source.failingRecords && !source.blockedRecords) {
      records = Promise.resolve({results: []});
    } else {
      records = Promise.all([
        api('GET', `/api/_synchronizations?source=${q}&state=failed&limit=${RECORDS}`),
        api('GET', `/api/_synchronizations?source=${q}&state=blocked&limit=${RECORDS}`),
      ]).then(([failed, blocked]) => {
        const byId = new Map();
        for (const r of [...(blocked.results || []), ...(failed.results || [])]) byId.set(r.id, r);
        return {results: [...byId.values()].sort((a, b) => (b.blocked - a.blocked) || (a.id - b.id))};
      }, (e) => (e.status === 403 ? {needsAdmin: true} : {error: e}));
    }
    const [r, o, rec] = await Promise.all([runs, objects, records]);
    if (r.error && r.error.status === 401) throw r.error;
    state.detail = {name, runs: r, objects: o, records: rec};
  }

  // ---- notices: in their own place, never over a button ------------------------------------

  function flash(text, kind) {
    const box = $('flash');
    const close = el('button', {type: 'button', class: 'notice-close', title: 'dismiss', 'aria-label': 'dismiss', text: '×'});
    const item = el('div', {class: `notice notice-${kind || 'info'}`},
      el('span', {class: 'notice-text', text}), copyButton(text), close);
    close.addEventListener('click', () => item.remove());
    box.prepend(item);
    while (box.children.length > 3) box.lastChild.remove();
    if (kind !== 'error') setTimeout(() => item.remove(), 8000); // errors stay until dismissed
  }

  function banner(text) {
    const b = $('banner');
    b.textContent = text || '';
    b.hidden = !text;
  }

  async function copy(text, button) {
    try {
      await navigator.clipboard.writeText(text);
    } catch (e) {
      const area = el('textarea', {class: 'copy-buffer', readonly: true});
      area.value = text;
      document.body.append(area);
      area.select();
      document.execCommand('copy');
      area.remove();
    }
    if (button) {
      button.textContent = 'copied';
      setTimeout(() => { button.textContent = 'copy'; }, 1500);
    }
  }

  function copyButton(text, label) {
    const b = el('button', {type: 'button', class: 'copy', title: `copy ${label || 'the whole text'}`, text: 'copy'});
    b.addEventListener('click', (event) => {
      event.preventDefault();
      event.stopPropagation();
      copy(text, b);
    });
    return b;
  }

  /**
   * A long message: one line that keeps its end (where the upstream's reason is), the whole text one
   * click away, and a copy button. Never cut at the end.
   */
  function message(text, cls, key) {
    if (!text) return el('span', {class: 'muted', text: '–'});
    const short = text.length > 110 ? `…${text.slice(text.length - 108)}` : text;
    if (short === text) {
      return el('div', {class: `message ${cls || ''}`}, el('span', {class: 'message-text', text}), copyButton(text));
    }
    const id = key || text;
    const box = el('details', {class: `message expandable ${cls || ''}`, open: state.open.has(id)},
      el('summary', {title: 'show the whole message'}, el('span', {class: 'message-text', text: short})),
      el('div', {class: 'message-full'}, el('pre', {text}), copyButton(text)));
    box.addEventListener('toggle', () => {
      if (box.open) state.open.add(id); else state.open.delete(id);
    });
    return box;
  }

  // ---- actions ---------------------------------------------------------------------------

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

  const path = (name, action) => `/api/_sources/${encodeURIComponent(name)}/${action}`;

  function syncNow(source) {
    return act(`sync:${source.name}`, async () => {
      const answer = await api('POST', path(source.name, 'sync'));
      flash(answer && answer.result ? `${source.name}: run ${answer.result.runNumber} ${answer.result.outcomeText}`
        : `${source.name}: run started`, 'ok');
    });
  }

  function pauseOrResume(source) {
    const resume = source.paused || source.state === 'paused';
    return act(`pause:${source.name}`, async () => {
      const answer = await api('POST', path(source.name, resume ? 'resume' : 'pause'));
      flash(answer && answer.result ? answer.result : `${source.name} ${resume ? 'resumed' : 'paused'}`, 'ok');
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
    });
  }

  function unblock(source, record) {
    return act(`unblock:${source.name}:${recordKey(record)}`, async () => {
      await api('POST', recordPath(source, record, 'unblock'));
      flash(`${source.name}: object ${recordKey(record)} unblocked; the next run tries it again`, 'ok');
    });
  }

  function actions(s, compact) {
    const syncing = state.pending.has(`sync:${s.name}`);
    const pausing = state.pending.has(`pause:${s.name}`);
    const paused = s.state === 'paused' || s.paused;
    const why = !state.admin ? 'needs an admin key' : s.state === 'running' ? 'a run is in progress'
      : paused ? 'the source is paused: resume it first' : 'run this source now, as its schedule would';
    return el('div', {class: `actions ${compact ? 'compact' : ''}`},
      el('button', {type: 'button', class: 'primary small sync-now', title: why,
        disabled: !state.admin || s.state !== 'idle' || syncing, onclick: () => syncNow(s),
        text: syncing ? 'Starting…' : s.state === 'running' ? 'Running…' : 'Sync now'}),
      el('button', {type: 'button', class: `small ${paused ? 'resume' : 'pause'}`,
        title: !state.admin ? 'needs an admin key' : paused ? 'scheduled runs go on again'
          : 'skip scheduled runs until resumed (a run in progress finishes)',
        disabled: !state.admin || pausing, onclick: () => pauseOrResume(s),
        text: pausing ? '…' : paused ? 'Resume' : 'Pause'}));
  }

  // ---- rendering -------------------------------------------------------------------------

  function render() {
    const r = route();
    // Draw only what changed: a poll that brings the same data leaves the page (and a selection) alone.
    const shown = r.view === 'detail' ? [state.sources.find((x) => x.name === r.name), state.detail] : state.sources;
    const drawn = JSON.stringify([location.hash, shown, [...state.pending], state.admin, state.expanded]);
    if (drawn === state.drawn && $('view').firstChild) return;
    state.drawn = drawn;
    document.title = r.view === 'detail' ? `${r.name} · gateway-sync console` : 'gateway-sync console';
    if (r.view === 'detail') {
      $('view').replaceChildren(detailView(r.name));
    } else {
      renderOverview(r);
    }
  }

  // ---- the overview ----------------------------------------------------------------------

  const FILTERS = [
    ['all', 'sources', () => true],
    ['trouble', 'need attention', (s) => TROUBLE.has(health(s))],
    ['running', 'running now', (s) => s.state === 'running'],
    ['paused', 'paused', (s) => s.state === 'paused'],
    ['healthy', 'healthy', (s) => health(s) === 'ok'],
  ];

  function matches(s, q) {
    if (!q) return true;
    const needle = q.toLowerCase();
    return [s.name, s.url, s.gateway].some((v) => v && v.toLowerCase().includes(needle));
  }

  function renderOverview(r) {
    const view = $('view');
    // The search box keeps its focus and caret while the page polls: only the rest is drawn again.
    let shell = view.querySelector('.overview-view');
    if (!shell) {
      const search = el('input', {id: 'search', type: 'search', placeholder: 'Search sources by name or URL', autocomplete: 'off',
        spellcheck: 'false', 'aria-label': 'search sources'});
      search.value = r.q;
      search.addEventListener('input', () => {
        history.replaceState(null, '', overviewHash(route().show, search.value.trim()));
        render();
      });
      shell = el('div', {class: 'overview-view'},
        el('div', {class: 'tiles', id: 'tiles'}),
        el('div', {class: 'toolbar'}, search, el('span', {class: 'shown', id: 'shown'})),
        // No scrolling wrapper: the table's header sticks under the top bar as the page scrolls.
        el('table', {class: 'overview', id: 'overview'}));
      view.replaceChildren(shell);
    }
    const search = $('search');
    if (document.activeElement !== search && search.value !== r.q) search.value = r.q;

    const total = (f) => state.sources.filter(f).length;
    $('tiles').replaceChildren(...FILTERS.map(([key, label, f]) => {
      const n = total(f);
      return el('button', {type: 'button', class: `tile tile-${key} ${r.show === key ? 'active' : ''} ${n && key === 'trouble' ? 'alarm' : ''}`,
        'data-filter': key, 'aria-pressed': r.show === key ? 'true' : 'false',
        title: key === 'all' ? 'show every source' : `show only the sources ${label}`,
        onclick: () => { location.hash = overviewHash(r.show === key ? 'all' : key, r.q); }},
      el('span', {class: 'tile-value', text: num(n)}), el('span', {class: 'tile-label', text: label}));
    }), recordTiles());

    const filter = (FILTERS.find(([key]) => key === r.show) || FILTERS[0])[2];
    const rows = state.sources.filter((s) => filter(s) && matches(s, r.q))
      .sort((a, b) => (RANK[health(a)] - RANK[health(b)]) || a.name.localeCompare(b.name));
    $('shown').textContent = rows.length === state.sources.length ? `${plural(rows.length, 'source')}, trouble first`
      : `${rows.length} of ${plural(state.sources.length, 'source')} shown`;
    const table = $('overview');
    table.replaceChildren(
      el('thead', null, el('tr', null,
        ['health', 'source', 'last run', 'changes', 'next run', 'last runs', 'records', ''].map((h, i) =>
          el('th', {class: ['', '', '', 'num', '', '', 'num', ''][i], text: h})))),
      el('tbody', null, rows.length ? rows.map(overviewRow)
        : el('tr', null, el('td', {colspan: 8, class: 'empty', text: state.sources.length
          ? 'No source matches this filter and search.' : 'No sources are configured (routes/*.yaml).'}))));
  }

  function recordTiles() {
    const failing = state.sources.reduce((n, s) => n + (s.failingRecords || 0), 0);
    const blocked = state.sources.reduce((n, s) => n + (s.blockedRecords || 0), 0);
    return el('div', {class: 'tile tile-static', title: 'records whose last try failed, over every source; blocked ones are among them'},
      el('span', {class: `tile-value ${failing ? 'bad' : ''}`, text: num(failing)}),
      el('span', {class: 'tile-label', text: `records failing${blocked ? `, ${num(blocked)} of them blocked` : ''}`}));
  }

  function overviewRow(s) {
    const last = s.lastRun;
    const key = health(s);
    const link = el('a', {class: 'source-link', href: detailHash(s.name), text: s.name});
    return el('tr', {class: `source-row row-${key}`, 'data-source': s.name, 'data-health': key, 'data-state': s.state},
      el('td', null, healthBadge(s)),
      el('td', {class: 'source-cell'}, link, el('div', {class: 'sub', title: `${s.url} ${s.direction === 'two-way' ? '⇄' : '→'} ${s.gateway}`},
        el('span', {text: tail((s.url || '').replace(/^https?:\/\//, ''), 30)}))),
      el('td', {class: 'last-cell'}, lastRunCell(s)),
      el('td', {class: 'num changes-cell'}, last ? changeCounts(last) : el('span', {class: 'muted', text: '–'})),
      el('td', {class: 'next-cell'}, nextRunCell(s)),
      el('td', {class: 'trend-cell'}, sparkline(s)),
      el('td', {class: 'num records-cell'}, recordCounts(s)),
      el('td', {class: 'actions-cell'}, actions(s, true)));
  }

  function lastRunCell(s) {
    if (s.progress) {
      const p = s.progress;
      const pct = p.total ? Math.min(100, Math.floor((p.objects * 100) / Math.max(1, p.total))) : null;
      return el('div', {class: 'running-now'},
        el('span', {class: 'outcome outcome-running', text: `running #${p.runNumber}`}),
        el('span', {class: 'muted', text: ` ${num(p.objects)}${p.total ? ` of ${num(p.total)}` : ''} objects`
          + `${pct !== null ? ` (${pct}%)` : ''} · ${clock(p.elapsedMs / 1000)}`}));
    }
    const last = s.lastRun;
    if (!last) return el('span', {class: 'muted', text: 'none since the engine started'});
    // Why a run broke off, where it can be seen without opening the source: the end of the message,
    // where the upstream's reason is (the whole of it on hover and in the detail).
    const reason = last.message && last.outcome !== 'OK'
      ? el('div', {class: 'reason', title: last.message,
        text: tail(last.message, 40)}) : null;
    return el('div', null,
      outcomePill(last),
      el('div', {class: 'sub'},
        el('span', {class: 'mono', text: `#${last.runNumber}`}), ' ',
        el('span', {title: absolute(last.endedAt), 'data-time': last.endedAt, text: shortTime(last.endedAt)}),
        ` · ${duration(last.durationMs)}`),
      reason);
  }

  function changeCounts(r) {
    const parts = [['created', '+'], ['updated', '~'], ['deleted', '−'], ['pushed', '⇄']]
      .filter(([k]) => r[k]).map(([k, sign]) => el('span', {class: `chg-${k}`, title: `${num(r[k])} ${k}`, text: `${sign}${num(r[k])}`}));
    if (r.failed) parts.push(el('span', {class: 'bad', title: `${num(r.failed)} objects tried and failed in this run`, text: `✗${num(r.failed)}`}));
    return parts.length ? el('span', {class: 'chg'}, parts) : el('span', {class: 'muted', title: `${num(r.unchanged)} unchanged`, text: 'no changes'});
  }

  function nextRunCell(s) {
    if (s.state === 'paused' || s.paused) {
      return el('div', null, el('span', {class: 'state-paused-word', text: 'paused'}),
        el('div', {class: 'sub'}, s.pausedSince ? `since ${shortTime(s.pausedSince)}` : '',
          s.skipped ? ` · ${plural(s.skipped.count, 'tick')} skipped` : ''));
    }
    if (!s.nextRun) return el('span', {class: 'muted', text: 'not scheduled'});
    return el('div', null,
      el('span', {title: absolute(s.nextRun), text: shortTime(s.nextRun)}),
      el('div', {class: 'sub', title: s.schedule ? `Quartz cron: ${s.schedule}` : ''},
        cronWords(s.schedule) || 'cron', s.schedule ? el('code', {class: 'cron', text: ` (${s.schedule})`}) : null));
  }

  function recordCounts(s) {
    if (!s.failingRecords && !s.blockedRecords) return el('span', {class: 'muted', text: '0'});
    // Blocked records are failing records too: "7 failing, 7 blocked" is 7 records, and says so.
    return el('span', {title: `${num(s.failingRecords)} records whose last try failed; ${num(s.blockedRecords)} of them blocked (not tried until their back-off ends or an operator unblocks them)`},
      el('span', {class: 'bad', text: `${num(s.failingRecords)} failing`}),
      s.blockedRecords ? el('div', {class: 'sub', text: `${num(s.blockedRecords)} of them blocked`}) : null);
  }

  /** The last runs, oldest left: a bar each (height: duration; colour: outcome), and a line of the changes. */
  function sparkline(s) {
    const trend = s.trend || [];
    const W = 120, H = 26, n = 20, slot = W / n;
    const box = svg('svg', {class: 'spark', viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: 'img',
      'aria-label': `${trend.length} recent runs of ${s.name}`});
    if (!trend.length) {
      box.append(svg('text', {x: 0, y: 16, class: 'tick', text: 'no runs yet'}));
      return box;
    }
    const maxDur = Math.max(1, ...trend.map((r) => r.durationMs || 0));
    const maxChg = Math.max(1, ...trend.map((r) => r.changes || 0));
    const offset = n - trend.length;
    const points = [];
    trend.forEach((r, i) => {
      const x = (i + offset) * slot;
      const h = Math.max(2, ((r.durationMs || 0) / maxDur) * (H - 4));
      box.append(svg('rect', {x: x + 0.5, y: H - h, width: slot - 1.5, height: h, class: `bar o-${outcomeClass(r.outcome)}`},
        svg('title', {text: `#${r.runNumber} ${r.outcome} · ${shortTime(r.startedAt)} · ${duration(r.durationMs)} · ${num(r.changes)} changes`
          + (r.failed ? ` · ${num(r.failed)} failed` : '')})));
      points.push(`${(x + slot / 2).toFixed(1)},${(H - 2 - ((r.changes || 0) / maxChg) * (H - 6)).toFixed(1)}`);
    });
    if (points.length > 1) box.append(svg('polyline', {points: points.join(' '), class: 'changes-line'}));
    return box;
  }

  // ---- a source's detail -----------------------------------------------------------------

  function detailView(name) {
    const s = state.sources.find((x) => x.name === name);
    const back = el('a', {class: 'back', href: overviewHash(), text: '← all sources'});
    if (!s) {
      return el('div', {class: 'detail-view'}, back, el('p', {class: 'note bad', text: `No source '${name}' on this engine.`}));
    }
    const d = state.detail && state.detail.name === name ? state.detail : {};
    const paused = s.state === 'paused' || s.paused;
    const trouble = s.failingRecords > 0 || s.blockedRecords > 0;
    return el('article', {class: 'detail-view source', 'data-source': s.name, 'data-state': s.state, 'data-loaded': d.runs ? 'true' : null},
      back,
      el('header', {class: 'detail-head'},
        el('div', {class: 'detail-title'},
          el('h1', {text: s.name}), healthBadge(s), el('span', {class: 'direction', text: s.direction})),
        actions(s, false)),
      el('div', {class: 'detail-meta'},
        el('span', {class: 'meta-url', title: 'source collection URL (without credentials or query)', text: s.url}),
        el('span', {class: 'arrow', text: s.direction === 'two-way' ? '⇄' : '→'}),
        el('span', {class: 'meta-gateway', title: 'gateway schema or URL', text: s.gateway}),
        el('span', {class: 'meta-schedule'}, schedule(s.schedule))),
      el('div', {class: 'detail-grid'},
        el('section', {class: 'panel'}, el('h2', {text: 'Last run'}), lastRunPanel(s)),
        el('section', {class: 'panel'}, el('h2', {text: 'Next run'}),
          paused ? el('div', null, el('span', {class: 'state-paused-word', text: 'paused'}),
            s.pausedSince ? ` since ${shortTime(s.pausedSince)}` : '',
            el('p', {class: 'note', text: 'Scheduled runs are skipped until the source is resumed.'}))
            : s.nextRun ? el('div', null, el('b', {title: absolute(s.nextRun), text: shortTime(s.nextRun)}), ` (${relative(s.nextRun)})`)
              : el('span', {class: 'muted', text: 'not scheduled'}),
          s.skipped ? el('p', {class: 'skipped-note', text: `${plural(s.skipped.count, 'scheduled tick')} skipped since the last run, `
            + `the last at ${shortTime(s.skipped.lastAt)}: ${s.skipped.outcomeText}.`}) : null)),
      // Records that fail are what an operator of a source in trouble came for: they come first then.
      trouble ? recordsSection(s, d.records) : null,
      historyChart(s, d.runs),
      runsTable(s, d.runs),
      objectSyncs(s, d.objects),
      trouble ? null : recordsSection(s, d.records));
  }

  function lastRunPanel(s) {
    const last = s.lastRun;
    // A run in progress, and below it how the last one ended: what it is doing and what it did.
    if (s.progress) {
      return el('div', null, progress(s.progress), last ? el('div', {class: 'last-line before'}, 'before it: ', outcomePill(last),
        el('span', {class: 'mono', text: `#${last.runNumber}`}), el('span', {class: 'muted', text: shortTime(last.endedAt)})) : null);
    }
    if (!last) return el('span', {class: 'muted', text: 'none since the engine started'});
    return el('div', null,
      el('div', {class: 'last-line'}, outcomePill(last),
        el('span', {class: 'mono last-run-number', text: `#${last.runNumber}`}),
        el('span', {title: absolute(last.endedAt), text: `ended ${shortTime(last.endedAt)}`}),
        el('span', {class: 'muted', text: `took ${duration(last.durationMs)}`}),
        last.trigger ? el('span', {class: 'muted', text: last.trigger}) : null,
        last.mode ? el('span', {class: 'muted', text: last.mode}) : null),
      counters(last),
      last.message ? message(last.message) : null);
  }

  function progress(p) {
    const pct = p.total ? Math.min(100, Math.floor((p.objects * 100) / Math.max(1, p.total))) : null;
    const bar = el('div', {class: `bar-track ${pct === null ? 'bar-unknown' : ''}`}, el('div', {class: 'bar-fill'}));
    if (pct !== null) bar.firstChild.style.width = `${pct}%`;
    const parts = [`run #${p.runNumber}`, plural(p.pages, 'page'),
      p.total !== null && p.total !== undefined ? `${num(p.objects)} of ${num(p.total)} objects (${pct}%)` : `${num(p.objects)} objects`,
      `${num(Math.round(p.objectsPerSecond))}/s`, `${clock(p.elapsedMs / 1000)} elapsed`];
    if (p.etaSeconds !== null && p.etaSeconds !== undefined) parts.push(`about ${clock(p.etaSeconds)} left`);
    return el('div', {class: 'progress'}, el('div', {class: 'progress-line', text: parts.join(' · ')}), bar);
  }

  const COUNTERS = ['created', 'updated', 'deleted', 'unchanged', 'conflicts', 'pushed', 'failed', 'blocked'];

  function counters(last) {
    return el('div', {class: 'counters'}, COUNTERS.map((key) => {
      const v = last ? last[key] : null;
      return el('div', {class: `counter c-${key} ${v ? 'nonzero' : ''}`,
        title: key === 'failed' ? 'objects tried in this run that failed' : key === 'blocked' ? 'records left out: blocked after repeated failures, not tried' : null},
      el('div', {class: 'counter-value', text: num(v)}), el('div', {class: 'counter-label', text: key}));
    }));
  }

  function legend(cls, label) {
    return el('span', {class: 'legend-item'}, el('i', {class: `swatch sw-${cls}`}), label);
  }

  /** The last runs, oldest left: duration bars coloured by outcome above, the changes they made below. */
  function historyChart(s, runs) {
    const box = el('section', {class: 'panel history'});
    box.append(el('h2', null, 'Last runs', el('span', {class: 'legend'},
      legend('ok', 'OK'), legend('okfail', 'OK with failed objects'), legend('partial', 'PARTIAL'), legend('failed', 'FAILED'),
      el('span', {class: 'legend-gap'}),
      legend('created', 'created'), legend('updated', 'updated'), legend('deleted', 'deleted'), legend('pushed', 'pushed'),
      legend('failedobj', 'failed objects'))));
    if (!runs) return box;
    if (runs.error) {
      box.append(el('div', {class: 'note', text: `Run history: ${explain(runs.error)}`}));
      return box;
    }
    // Skipped ticks are not runs: they are folded into one count above, not drawn as 0 ms bars.
    const list = runs.results.filter((r) => r.kind === 'run').slice(0, HISTORY).reverse();
    if (!list.length) {
      box.append(el('div', {class: 'note', text: 'No runs recorded yet.'}));
      return box;
    }
    const W = 900, slot = W / HISTORY, top = 70, gap = 10, low = 44, H = top + gap + low + 16;
    const maxDur = Math.max(1, ...list.map((r) => r.durationMs || 0));
    const changes = (r) => (r.created || 0) + (r.updated || 0) + (r.deleted || 0) + (r.pushed || 0) + (r.failed || 0);
    const offset = HISTORY - list.length;
    const maxChanges = Math.max(1, ...list.map(changes));
    const x0 = 64;
    const chart = svg('svg', {class: 'chart', viewBox: `0 0 ${W + x0} ${H}`, role: 'img',
      'aria-label': `durations and changes of the last ${list.length} runs of ${s.name}`});
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
      g.append(svg('rect', {x, y: top - h, width: w, height: h, rx: 1.5, class: `dur o-${outcomeClass(r.outcome)}`}));
      let y = top + gap + low;
      for (const [key, cls] of [['created', 'created'], ['updated', 'updated'], ['deleted', 'deleted'], ['pushed', 'pushed'], ['failed', 'failedobj']]) {
        const v = r[key] || 0;
        if (!v) continue;
        const hh = Math.max(1.5, (v / maxChanges) * (low - 2));
        y -= hh;
        g.append(svg('rect', {x, y, width: w, height: hh, class: `chg ${cls}`}));
      }
      g.append(svg('rect', {x: x0 + i * slot, y: 0, width: slot, height: top + gap + low, class: 'hit'}),
        svg('title', {text: `run #${r.runNumber} · ${r.outcomeText}${r.trigger ? ` · ${r.trigger}` : ''}${r.mode ? ` · ${r.mode}` : ''}\n`
          + `${absolute(r.startedAt)} · ${duration(r.durationMs)}\n`
          + `created ${num(r.created)}, updated ${num(r.updated)}, deleted ${num(r.deleted)}, unchanged ${num(r.unchanged)}\n`
          + `conflicts ${num(r.conflicts)}, pushed ${num(r.pushed)}, failed ${num(r.failed)}, blocked ${num(r.blocked)}`
          + (r.message ? `\n${r.message}` : '')}));
      chart.append(g);
    });
    const first = list[0], lastRun = list[list.length - 1];
    chart.append(svg('text', {x: x0 + offset * slot, y: H - 2, class: 'tick',
      text: list.length >= 12 ? `#${first.runNumber} · ${shortTime(first.startedAt)}` : ''}),
    svg('text', {x: x0 + W, y: H - 2, class: 'tick', 'text-anchor': 'end', text: `#${lastRun.runNumber} · ${shortTime(lastRun.startedAt)}`}));
    box.append(chart);
    return box;
  }

  const RUN_COUNTS = ['created', 'updated', 'deleted', 'unchanged', 'conflicts', 'pushed', 'failed', 'blocked'];

  function runsTable(s, runs) {
    if (!runs || runs.error || !runs.results.length) return null;
    const all = state.expanded;
    const shown = all ? runs.results : runs.results.slice(0, TABLE_RUNS);
    const more = runs.results.length > TABLE_RUNS
      ? el('button', {type: 'button', class: 'link show-all', onclick: () => { state.expanded = !all; render(); },
        text: all ? 'show fewer' : `show the last ${runs.results.length}`}) : null;
    return el('section', {class: 'panel runs'},
      el('h2', null, 'Run history, newest first', more),
      el('div', {class: 'table-wrap'}, el('table', {class: 'grid runs-table'},
        el('thead', null, el('tr', null, ['run', 'started', 'outcome', 'trigger', 'mode', 'duration', ...RUN_COUNTS, 'message']
          .map((h) => el('th', {class: h === 'duration' || RUN_COUNTS.includes(h) ? 'num' : null, text: h})))),
        el('tbody', null, shown.map((r) => r.kind === 'skipped' ? skippedRow(r)
          : el('tr', {class: 'run', 'data-run': r.runNumber},
            el('td', {class: 'mono', text: `#${r.runNumber}`}),
            el('td', {title: absolute(r.startedAt), text: shortTime(r.startedAt)}),
            el('td', null, outcomePill(r)),
            el('td', {text: r.trigger || '–'}),
            el('td', {text: r.mode || '–'}),
            el('td', {class: 'num', text: duration(r.durationMs)}),
            RUN_COUNTS.map((k) => el('td', {class: `num ${r[k] ? '' : 'zero'} ${k === 'failed' && r[k] ? 'bad' : ''}`, text: num(r[k])})),
            el('td', {class: 'message-cell'}, r.message ? message(r.message, '', `run:${r.id}`) : '')))))));
  }

  /** Skipped ticks, folded: one row that says how many, from when to when, and why. */
  function skippedRow(r) {
    const from = shortTime(r.startedAt), to = shortTime(r.endedAt);
    const span = r.repeats > 1 && from !== to ? `${from} – ${to}` : from;
    return el('tr', {class: 'skipped-row'},
      el('td', {class: 'muted', text: '–'}),
      el('td', {title: absolute(r.startedAt), text: shortTime(r.startedAt)}),
      el('td', null, outcomePill(r)),
      el('td', {text: r.trigger || '–'}),
      el('td', {colspan: 2 + RUN_COUNTS.length, class: 'muted',
        text: `${plural(r.repeats, 'tick')} skipped, ${span}`}),
      el('td', {class: 'message-cell muted', text: r.message || ''}));
  }

  function objectSyncs(s, objects) {
    if (!objects || objects.error) return null;
    const section = el('section', {class: 'panel objects'},
      el('h2', null, 'One-object syncs', el('span', {class: 'hint', text: 'retries, JMX syncObject and notifications: not runs, no run number'})));
    if (!objects.results.length) {
      section.append(el('div', {class: 'note', text: 'None recorded.'}));
      return section;
    }
    section.append(el('div', {class: 'table-wrap'}, el('table', {class: 'grid objects-table'},
      el('thead', null, el('tr', null, ['when', 'trigger', 'outcome', 'duration', 'created', 'updated', 'deleted', 'pushed', 'failed', 'message']
        .map((h) => el('th', {class: ['duration', 'created', 'updated', 'deleted', 'pushed', 'failed'].includes(h) ? 'num' : null, text: h})))),
      el('tbody', null, objects.results.map((r) => el('tr', {class: 'object-sync'},
        el('td', {title: absolute(r.startedAt), text: shortTime(r.startedAt)}),
        el('td', {text: r.trigger}),
        el('td', null, outcomePill(r)),
        el('td', {class: 'num', text: duration(r.durationMs)}),
        ['created', 'updated', 'deleted', 'pushed', 'failed'].map((k) => el('td', {class: `num ${r[k] ? '' : 'zero'} ${k === 'failed' && r[k] ? 'bad' : ''}`, text: num(r[k])})),
        el('td', {class: 'message-cell'}, r.message ? message(r.message, '', `run:${r.id}`) : '')))))));
    return section;
  }

  /** Time-ordered UUIDs share their first digits: the tail tells records apart; the whole id on hover and copy. */
  function gatewayId(id) {
    if (!id) return el('span', {class: 'muted', text: '–'});
    const tail = id.length > 12 ? `…${id.slice(-12)}` : id;
    const b = el('button', {type: 'button', class: 'id-copy mono', title: `${id} (click to copy)`, 'data-id': id, text: tail});
    b.addEventListener('click', () => copy(id, null).then(() => flash(`gateway id ${id} copied`, 'info')));
    return b;
  }

  function recordsSection(s, records) {
    const title = el('h2', null, 'Failing and blocked records',
      el('span', {class: 'counts'},
        el('span', {class: s.failingRecords ? 'bad' : 'muted', text: `${num(s.failingRecords)} failing`}),
        s.blockedRecords ? el('span', {class: 'muted', text: `, ${num(s.blockedRecords)} of them blocked`}) : null));
    const section = el('section', {class: 'panel records'}, title);
    if (!records) return section;
    if (records.needsAdmin) {
      section.append(el('div', {class: 'note needs-admin', text: s.failingRecords || s.blockedRecords
        ? 'Listing them, retrying and unblocking needs an admin key.' : 'None: every record synced. (Listing records needs an admin key.)'}));
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
      el('thead', null, el('tr', null, ['', 'source id', 'gateway id', 'state', 'tries', 'last synced', 'last error']
        .map((h) => el('th', {text: h})))),
      el('tbody', null, records.results.map((r) => {
        const retrying = state.pending.has(`retry:${s.name}:${recordKey(r)}`);
        const unblocking = state.pending.has(`unblock:${s.name}:${recordKey(r)}`);
        // Actions first: a long error never pushes them out of sight, and no notice covers them.
        return el('tr', {class: 'record', 'data-source-id': r.sourceId},
          el('td', {class: 'row-actions'},
            el('button', {type: 'button', class: 'small retry', disabled: retrying || !state.admin,
              title: 'unblock and sync this object now', onclick: () => retry(s, r), text: retrying ? 'Retrying…' : 'Retry'}),
            r.blocked ? el('button', {type: 'button', class: 'small unblock', disabled: unblocking || !state.admin,
              title: 'clear the block: the next run tries it again', onclick: () => unblock(s, r), text: 'Unblock'}) : null),
          el('td', {class: 'mono', text: r.sourceId}),
          el('td', null, gatewayId(r.gatewayId)),
          el('td', null, r.blocked
            ? el('span', {class: 'outcome outcome-failed', title: r.blockedUntil ? `until ${absolute(r.blockedUntil)}` : '',
              text: r.blockedUntil ? `blocked until ${shortTime(r.blockedUntil)}` : 'blocked'})
            : el('span', {class: 'outcome outcome-okfail', text: 'failing'})),
          el('td', {class: 'num', text: num(r.tryCounter)}),
          el('td', {title: absolute(r.lastSynced), text: r.lastSynced ? shortTime(r.lastSynced) : 'never'}),
          el('td', {class: 'error-cell'}, message(r.lastError, 'record-error', `record:${s.name}:${r.sourceId}`)));
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
    $('refresh').addEventListener('click', () => refresh());
    window.addEventListener('hashchange', () => {
      state.expanded = false;
      if ($('app').hidden) return;
      const r = route();
      if (r.view === 'detail') {
        // Draw what is known at once, then the source's runs and records as they come.
        state.detail = null;
        render();
        window.scrollTo(0, 0);
        refresh();
      } else {
        render();
      }
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
