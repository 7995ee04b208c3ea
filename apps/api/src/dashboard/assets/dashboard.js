/* global document, window, sessionStorage, fetch, FormData, URLSearchParams, uPlot, setInterval */
// The supervisor dashboard. Every figure comes from the JSON API with the key the user entered (kept in
// sessionStorage, so it ends with the tab); nothing is computed here but formatting. No import statements: the
// build compiles .js under apps/ to CommonJS, which leaves a plain script unchanged (see dashboard-assets.ts).

const KEY_STORAGE = 'redress.dashboard.apiKey';
const DEPARTMENT_STORAGE = 'redress.dashboard.department';
/** The queue is asked for again this often, for clocks that came to be at risk since. */
const QUEUE_REFRESH_MS = 5 * 60_000;
/** Between two answers, each clock's time to breach counts down by itself, from the API's figure. */
const COUNTDOWN_TICK_MS = 1_000;
/** When (this browser's clock) the queue shown was answered: its secondsToDue were true then. */
let queueAnsweredAt = Date.now();

const $ = (selector, root = document) => root.querySelector(selector);

/** An API answer other than 2xx, with what the API said about it. */
class ApiError extends Error {
  constructor(status, body) {
    super(describeRefusal(status, body));
    this.status = status;
  }
}

function describeRefusal(status, body) {
  const said = body && typeof body === 'object' && body.message ? String(body.message) : '';
  if (status === 401) {
    return `The API refused the key (401 Unauthenticated${said ? `: ${said}` : ''}). Enter a valid API key.`;
  }
  if (status === 403) return `This key may not read this (403 Forbidden${said ? `: ${said}` : ''}).`;
  return `The API answered ${status}${said ? `: ${said}` : ''}.`;
}

async function api(path) {
  const response = await fetch(path, { headers: { 'x-api-key': sessionStorage.getItem(KEY_STORAGE) ?? '' } });
  const text = await response.text();
  let body = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON (a proxy's error page, say): the status tells enough.
  }
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

function element(tag, text, attributes = {}) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  return node;
}

function showNotice(message) {
  const notice = $('#notice');
  notice.textContent = message;
  notice.hidden = !message;
}

/** Shows a panel's failure in the panel; a refused key is said once, at the top, for the whole page. */
function panelFailed(section, error) {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof ApiError && error.status === 401) showNotice(message);
  const slot = $('.panel-error', section);
  slot.textContent = message;
  slot.hidden = false;
}

function panelSucceeded(section) {
  const slot = $('.panel-error', section);
  slot.textContent = '';
  slot.hidden = true;
}

const percent = (value) => (value === null || value === undefined ? '—' : `${value.toFixed(1)} %`);
const hours = (value) => (value === null || value === undefined ? '—' : `${value.toFixed(1)} h`);
const plain = (value, digits = 1) => (value === null || value === undefined ? '—' : value.toFixed(digits));

/** "3h 05m", "overdue 1h 00m": seconds to the due instant as the API computed them. */
function timeToBreach(seconds) {
  const magnitude = Math.abs(seconds);
  const days = Math.floor(magnitude / 86_400);
  const h = Math.floor((magnitude % 86_400) / 3600);
  const m = Math.floor((magnitude % 3600) / 60);
  const span = `${days ? `${days}d ` : ''}${h}h ${String(m).padStart(2, '0')}m`;
  return seconds < 0 ? `overdue ${span}` : span;
}

async function loadKpis() {
  const section = $('#kpi-tiles').closest('section');
  try {
    const report = await api('/kpis?window=trailing-30d');
    const group = report.groups.find((candidate) => candidate.segment === null) ?? report.groups[0];
    $('#kpi-window').textContent = report.window.label;
    const breached = (group?.slaCompliance ?? []).reduce((sum, clock) => sum + clock.breached, 0);
    const tiles = [
      ['volume', 'Complaints received', group?.volume ?? 0, String(group?.volume ?? 0)],
      ['resolutionRate', 'Resolved', group?.resolutionRate.value, percent(group?.resolutionRate.value)],
      [
        'firstContactResolutionRate',
        'First-contact resolution',
        group?.firstContactResolutionRate.value,
        percent(group?.firstContactResolutionRate.value),
      ],
      ['reopenRate', 'Reopened', group?.reopenRate.value, percent(group?.reopenRate.value)],
      [
        'firstResponseHours',
        'First response (mean)',
        group?.firstResponseHours.value,
        hours(group?.firstResponseHours.value),
      ],
      [
        'handlingCycleHours',
        'Handling cycle (mean)',
        group?.handlingCycleHours.value,
        hours(group?.handlingCycleHours.value),
      ],
      ['slaBreached', 'SLA clocks breached', breached, String(breached)],
    ];
    const container = $('#kpi-tiles');
    container.replaceChildren(
      ...tiles.map(([name, label, value, shown]) => {
        const tile = element('div', undefined, { class: 'tile', 'data-kpi': name, 'data-value': value ?? '' });
        tile.append(element('span', shown, { class: 'tile-value' }), element('span', label, { class: 'tile-label' }));
        return tile;
      }),
    );
    panelSucceeded(section);
  } catch (error) {
    panelFailed(section, error);
  }
}

async function loadQueue() {
  const section = $('#at-risk').closest('section');
  const department = sessionStorage.getItem(DEPARTMENT_STORAGE);
  const query = new URLSearchParams({ limit: '50' });
  if (department) query.set('department', department);
  try {
    const { at, clocks } = await api(`/sla/at-risk?${query}`);
    $('#queue-at').textContent = `as of ${new Date(at).toLocaleString()}`;
    const rows = clocks.map((clock) => {
      const row = element('tr', undefined, {
        class: clock.breached ? 'breached' : clock.secondsToDue < 3600 ? 'due-soon' : '',
        'data-complaint-id': clock.complaintId,
        'data-clock': clock.clock,
        'data-due-at': clock.dueAt,
        'data-seconds-to-due': clock.secondsToDue,
      });
      const link = element('a', clock.complaintId, { href: `#complaint=${encodeURIComponent(clock.complaintId)}` });
      const idCell = element('td');
      idCell.append(link);
      row.append(
        idCell,
        element('td', clock.title || clock.clock),
        element('td', new Date(clock.dueAt).toLocaleString()),
        element('td', timeToBreach(clock.secondsToDue), { class: 'time-to-breach' }),
        element('td', clock.department ?? '—'),
        element('td', clock.grade ?? '—'),
      );
      return row;
    });
    if (rows.length === 0) rows.push(emptyRow(6, 'No running SLA clock is at risk.'));
    $('#at-risk tbody').replaceChildren(...rows);
    queueAnsweredAt = Date.now();
    panelSucceeded(section);
  } catch (error) {
    $('#at-risk tbody').replaceChildren();
    panelFailed(section, error);
  }
}

/** Counts every shown time to breach down from the API's answer; a clock passing its due time reads overdue. */
function countDownQueue() {
  const elapsedSeconds = (Date.now() - queueAnsweredAt) / 1000;
  for (const row of document.querySelectorAll('#at-risk tbody tr[data-seconds-to-due]')) {
    const seconds = Number(row.getAttribute('data-seconds-to-due')) - elapsedSeconds;
    $('.time-to-breach', row).textContent = timeToBreach(seconds);
    if (!row.classList.contains('breached')) row.classList.toggle('due-soon', seconds < 3600);
  }
}

function emptyRow(columns, text) {
  const row = element('tr');
  row.append(element('td', text, { colspan: columns, class: 'empty' }));
  return row;
}

const charts = new Map();

/** Draws (or redraws) a uPlot chart of one x series of period starts and the given y series over `range`. */
function drawChart(id, x, series, range) {
  charts.get(id)?.destroy();
  const target = document.getElementById(id);
  target.replaceChildren();
  const options = {
    width: Math.max(target.clientWidth, 320),
    height: 220,
    scales: { x: { time: true }, y: { range } },
    series: [{}, ...series.map(({ label, stroke, fill }) => ({ label, stroke, fill, width: 2, spanGaps: false }))],
  };
  charts.set(id, new uPlot(options, [x, ...series.map((line) => line.values)], target));
}

async function loadTrends() {
  const section = $('#trend-table').closest('section');
  const filters = new FormData($('#trend-filters'));
  const query = new URLSearchParams({ period: filters.get('period') || 'week', periods: '8' });
  if (filters.get('segment')) {
    query.set('segment', filters.get('segment'));
    query.set('value', filters.get('value') ?? '');
  }
  try {
    const trends = await api(`/dashboard/trends?${query}`);
    fillSegmentChoices(trends.dimensions);
    const x = trends.points.map((point) => Date.parse(`${point.from}T00:00:00Z`) / 1000);
    drawChart(
      'breach-chart',
      x,
      [
        { label: 'breached', stroke: '#c0392b', values: trends.points.map((point) => point.sla.breached) },
        { label: 'met', stroke: '#27ae60', values: trends.points.map((point) => point.sla.met) },
      ],
      (_chart, _min, max) => [0, Math.max(1, max)],
    );
    drawChart(
      'satisfaction-chart',
      x,
      [
        { label: 'CSAT top-2-box %', stroke: '#2c7be5', values: trends.points.map((point) => point.csatTop2Box.value) },
        { label: 'NPS', stroke: '#8e44ad', values: trends.points.map((point) => point.nps.value) },
        { label: 'CSI', stroke: '#e67e22', values: trends.points.map((point) => point.csi.value) },
      ],
      [-100, 100],
    );
    $('#trend-table tbody').replaceChildren(
      ...trends.points.map((point) => {
        const row = element('tr', undefined, { 'data-period': point.label });
        row.append(
          element('td', point.label),
          element('td', point.sla.breached, { 'data-figure': 'breached' }),
          element('td', point.sla.met, { 'data-figure': 'met' }),
          element('td', figure(point.csatTop2Box), { 'data-figure': 'csatTop2Box' }),
          element('td', figure(point.nps), { 'data-figure': 'nps' }),
          element('td', figure(point.csi), { 'data-figure': 'csi' }),
        );
        return row;
      }),
    );
    panelSucceeded(section);
  } catch (error) {
    panelFailed(section, error);
  }
}

/** A satisfaction figure with its sample; a small sample is marked, as the reports do. */
function figure({ value, n, lowSample }) {
  if (value === null) return '—';
  return `${plain(value)} (n=${n}${lowSample ? ', low sample' : ''})`;
}

function fillSegmentChoices(dimensions) {
  const select = $('#segment');
  if (select.options.length > 0) return;
  select.append(element('option', 'all responses', { value: '' }));
  for (const dimension of dimensions) select.append(element('option', dimension, { value: dimension }));
}

async function loadComplaint(id) {
  const section = $('#complaint');
  $('#complaint-id').textContent = id;
  $('#complaint-summary').replaceChildren();
  $('#timeline').replaceChildren();
  const verification = $('#verification');
  verification.textContent = 'verifying…';
  verification.className = 'verification';
  const path = `/complaints/${encodeURIComponent(id)}`;
  try {
    const [state, history, verdict] = await Promise.all([api(path), api(`${path}/history`), api(`${path}/verify`)]);
    const { complaint } = state;
    const summary = [
      ['Status', state.status],
      ['Revision', state.revision],
      ['Category', complaint.category],
      ['Grade', complaint.grade],
      ['Priority', complaint.priority],
      ['Department', complaint.department],
      ['Assignee', complaint.assignee],
      ['Received', complaint.receivedAt && new Date(complaint.receivedAt).toLocaleString()],
    ];
    $('#complaint-summary').replaceChildren(
      ...summary
        .filter(([, value]) => value !== null && value !== undefined)
        .flatMap(([term, value]) => [element('dt', term), element('dd', value, { 'data-field': term.toLowerCase() })]),
    );
    verification.dataset.valid = String(verdict.valid);
    verification.classList.add(verdict.valid ? 'valid' : 'broken');
    verification.textContent = verdict.valid
      ? `Intact: ${verdict.events} events chained, head hash ${verdict.headHash}`
      : `BROKEN at revision ${verdict.firstBreak?.revision}: ${verdict.firstBreak?.reason ?? 'the chain does not hold'}`;
    $('#timeline').replaceChildren(
      ...history.events.map((event) => {
        const item = element('li', undefined, { 'data-revision': event.revision, 'data-type': event.type });
        item.append(
          element('time', new Date(event.occurredAt).toLocaleString(), { datetime: event.occurredAt }),
          element('strong', event.type),
          element('span', event.description, { class: 'description' }),
          element('span', `by ${event.actor?.id ?? 'unknown'} (${event.actor?.role ?? '?'})`, { class: 'actor' }),
        );
        return item;
      }),
    );
    panelSucceeded(section);
  } catch (error) {
    verification.textContent = '';
    panelFailed(section, error);
  }
}

/** The view the address names: #complaint=<id> for a complaint, anything else for the overview. */
function route() {
  showNotice('');
  const hasKey = Boolean(sessionStorage.getItem(KEY_STORAGE));
  const complaintId = new URLSearchParams(window.location.hash.slice(1)).get('complaint');
  $('#overview').hidden = !hasKey || Boolean(complaintId);
  $('#complaint').hidden = !hasKey || !complaintId;
  if (!hasKey) {
    showNotice('Enter an API key to see the dashboard.');
    return;
  }
  if (complaintId) {
    loadComplaint(complaintId);
  } else {
    loadKpis();
    loadQueue();
    loadTrends();
  }
}

function start() {
  $('#api-key').value = sessionStorage.getItem(KEY_STORAGE) ?? '';
  $('#department').value = sessionStorage.getItem(DEPARTMENT_STORAGE) ?? '';
  $('#credentials').addEventListener('submit', (event) => {
    event.preventDefault();
    sessionStorage.setItem(KEY_STORAGE, $('#api-key').value.trim());
    sessionStorage.setItem(DEPARTMENT_STORAGE, $('#department').value.trim());
    route();
  });
  $('#forget-key').addEventListener('click', () => {
    sessionStorage.removeItem(KEY_STORAGE);
    $('#api-key').value = '';
    route();
  });
  $('#trend-filters').addEventListener('submit', (event) => {
    event.preventDefault();
    loadTrends();
  });
  window.addEventListener('hashchange', route);
  setInterval(countDownQueue, COUNTDOWN_TICK_MS);
  setInterval(() => {
    if (!$('#overview').hidden) loadQueue();
  }, QUEUE_REFRESH_MS);
  route();
}

start();
