// @ts-check
import { api } from '../api.js';
import { h, replace, field, showFormProblem, clearFormProblem, problemPanel, loading, announce, asProblem } from '../dom.js';
import { dateTime } from '../dates.js';

/** How often the page asks for a started run's progress, and for how long at most. */
const pollEveryMs = 1000;
const pollForMs = 5 * 60 * 1000;

/**
 * Saved PubMed searches with their run history (GET .../searches/{id}/runs, newest first): "Run
 * now" starts a run and the page follows it until it ends, then shows found / new / duplicates /
 * errors. Leads and methodologists save searches; everyone reads them.
 * @param {string} base @param {boolean} canImport @param {string} defaultQuery
 */
export function savedSearches(base, canImport, defaultQuery) {
  const area = h('div', null, loading('saved searches'));

  async function load() {
    try {
      const { data } = await api.get(`${base}/searches`);
      const list = Array.isArray(data) ? data : (data?.searches || []);
      replace(area,
        list.length === 0 ? h('p', { class: 'hint' }, 'No saved searches yet.') : list.map((/** @type {any} */ s) => searchCard(s)),
        canImport ? newSearchForm() : null);
    } catch (error) {
      replace(area, problemPanel(error, { what: 'Saved PubMed searches', retry: load }));
    }
  }

  /** @param {any} s */
  function searchCard(s) {
    const status = h('div', { 'aria-live': 'polite' });
    const history = h('div', null, loading('the run history'));
    const title = s.name || 'PubMed search';

    /** @returns {Promise<any[]>} */
    async function showRuns() {
      const { data } = await api.get(`${base}/searches/${s.id}/runs`);
      const runs = Array.isArray(data) ? data : [];
      replace(history, runs.length ? runTable(title, runs) : h('p', { class: 'hint' }, 'Not run yet.'));
      return runs;
    }
    showRuns().catch((error) => replace(history, problemPanel(error, { what: 'Run history', retry: showRuns })));

    const runButton = canImport ? h('button', { type: 'button', onclick: runNow }, `Run ${title} now`) : null;
    async function runNow() {
      const button = /** @type {HTMLButtonElement} */ (runButton);
      button.disabled = true;
      try {
        replace(status, h('p', { role: 'status' }, 'Starting the run…'));
        const { data } = await api.post(`${base}/searches/${s.id}/run`, {});
        replace(status, h('p', { role: 'status' }, 'Searching PubMed and importing what it finds…'));
        const finished = await follow(data?.runId);
        if (finished) {
          const summary = `${runStatusWords(finished.status).toLowerCase()}: ${finished.found} found, ${finished.new} new, ${count(finished.duplicates, 'duplicate')}, ${count(finished.errorCount, 'error')}.`;
          replace(status, h('p', { class: `notice ${isFailed(finished.status) ? 'problem' : 'ok'}`, role: 'status' }, `Run ${summary}`));
          announce(`Search run ${summary}`);
        } else {
          replace(status, h('p', { class: 'notice', role: 'status' }, 'The run is still going; its row below updates when you reload this page.'));
        }
      } catch (error) {
        const problem = asProblem(error);
        replace(status, problemPanel(error, { what: problem.status === 409 ? 'Running the search (a run is already going; wait for it to end)' : 'Running the search' }));
      } finally {
        button.disabled = false;
      }
    }

    /** Polls the run history until the run has ended. @param {string | undefined} runId */
    async function follow(runId) {
      const until = Date.now() + pollForMs;
      while (Date.now() < until) {
        const runs = await showRuns();
        const run = runs.find((r) => r.runId === runId) || runs[0];
        if (run && !isRunning(run.status)) return run;
        await new Promise((resolve) => setTimeout(resolve, pollEveryMs));
      }
      return null;
    }

    // A run paused it (a day with more hits than PubMed lists): say why, the three ways the pause ends
    // (a completed Run now ends it too, since 187be7d), and let a lead take it up again.
    const enableButton = canImport && s.pauseReason ? h('button', { type: 'button', onclick: enableAgain }, `Enable ${title} again`) : null;
    async function enableAgain() {
      const button = /** @type {HTMLButtonElement} */ (enableButton);
      button.disabled = true;
      try {
        await api.put(`${base}/searches/${s.id}`, { enabled: true });
        announce(`${title} is enabled again.`);
        await load();
      } catch (error) {
        replace(status, problemPanel(error, { what: 'Enabling the search again' }));
        button.disabled = false;
      }
    }

    // The pause notice tells the lead to edit the query, so the card lets them; a new query ends a pause.
    const editArea = h('div');
    const editButton = canImport ? h('button', { type: 'button', 'aria-expanded': 'false', onclick: editQuery }, `Edit the query of ${title}`) : null;
    async function editQuery() {
      const button = /** @type {HTMLButtonElement} */ (editButton);
      try {
        // The PUT must apply to the version edited: If-Match with the search's ETag, as the API expects.
        const { data, headers } = await api.get(`${base}/searches/${s.id}`);
        replace(editArea, queryForm(data?.query ?? s.query, headers.get('ETag'), button));
        button.setAttribute('aria-expanded', 'true');
        /** @type {HTMLTextAreaElement | null} */ (editArea.querySelector('textarea'))?.focus();
      } catch (error) {
        replace(status, problemPanel(error, { what: 'Opening the query to edit' }));
      }
    }

    /** @param {string} current @param {string | null} etag @param {HTMLButtonElement} button */
    function queryForm(current, etag, button) {
      const query = field({ label: 'PubMed query', name: 'query', multiline: true, required: true, value: current,
        hint: 'A new query searches from the beginning again, and ends a pause.' });
      const close = () => { replace(editArea); button.setAttribute('aria-expanded', 'false'); button.focus(); };
      const form = h('form', { class: 'edit-query', novalidate: true, 'aria-label': `Edit the query of ${title}` },
        query.wrapper,
        h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Save the query'), h('button', { type: 'button', onclick: close }, 'Cancel')));
      form.addEventListener('submit', async (e) => {
        e.preventDefault();
        clearFormProblem(form);
        try {
          await api.put(`${base}/searches/${s.id}`, { query: /** @type {HTMLTextAreaElement} */ (query.control).value }, etag ? { 'If-Match': etag } : {});
          announce(`The query of ${title} is saved.`);
          await load();
        } catch (error) {
          // The API's problem beside the field (an empty query), or at the top (412: changed meanwhile).
          showFormProblem(form, error);
        }
      });
      return form;
    }

    return h('article', { class: 'card saved-search', 'aria-label': `Saved search ${title}` },
      h('h3', null, title),
      h('pre', { class: 'query' }, s.query || ''),
      h('p', { class: 'hint' }, [
        s.enabled ? `Runs on its own${s.schedule ? ` every ${s.schedule}` : ''}` : s.pauseReason ? 'Paused' : 'Runs only when started',
        s.enabled && s.nextRunAt ? `next ${dateTime(s.nextRunAt)}` : '',
        s.lastRunAt ? `last ${dateTime(s.lastRunAt)} (${runStatusWords(s.lastRunStatus)})` : '',
      ].filter(Boolean).join(' · ')),
      s.pauseReason ? h('p', { class: 'notice problem', dataset: { paused: '' } },
        `Paused: ${s.pauseReason} The pause ends when its query is edited, when it is enabled again, or when Run now completes once NCBI lists that day in full.`) : null,
      canImport ? h('div', { class: 'actions' }, enableButton, runButton, editButton) : null, editArea, status, history);
  }

  function newSearchForm() {
    const name = field({ label: 'Name', name: 'name', value: 'MSC-EV PubMed alert' });
    const query = field({ label: 'PubMed query', name: 'query', multiline: true, required: true, value: defaultQuery });
    const schedule = field({ label: 'Run every', name: 'schedule', hint: 'An ISO 8601 duration: P1D is daily, P7D weekly, PT6H every six hours. Leave empty to run it only with "Run now".' });
    const submit = h('button', { type: 'submit' }, 'Save search');
    const form = h('form', { class: 'card', novalidate: true, 'aria-labelledby': 'new-search-title' },
      h('h3', { id: 'new-search-title' }, 'Save a PubMed search'), name.wrapper, query.wrapper, schedule.wrapper, h('div', { class: 'actions' }, submit));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearFormProblem(form);
      const every = /** @type {HTMLInputElement} */ (schedule.control).value.trim();
      try {
        await api.post(`${base}/searches`, {
          name: /** @type {HTMLInputElement} */ (name.control).value,
          query: /** @type {HTMLTextAreaElement} */ (query.control).value,
          ...(every ? { schedule: every, enabled: true } : {}),
        });
        announce('Search saved.');
        await load();
      } catch (error) {
        showFormProblem(form, error);
      }
    });
    return form;
  }

  load();
  return area;
}

/** @param {string} title @param {any[]} runs */
function runTable(title, runs) {
  return h('div', { class: 'table-scroll' }, h('table', { class: 'data runs' },
    h('caption', null, `Run history of ${title}`),
    h('thead', null, h('tr', null, ['Started', 'Trigger', 'Status', 'Found', 'New', 'Duplicates', 'Errors', 'Notes'].map((t) => h('th', { scope: 'col', class: ['Found', 'New', 'Duplicates', 'Errors'].includes(t) ? 'num' : null }, t)))),
    h('tbody', null, runs.map((/** @type {any} */ r) => h('tr', { dataset: { status: String(r.status).toLowerCase() } },
      h('th', { scope: 'row' }, dateTime(r.startedAt)),
      h('td', null, r.trigger === 'manual' ? 'Run now' : r.trigger === 'schedule' ? 'Schedule' : String(r.trigger ?? '')),
      h('td', null, runStatusWords(r.status)),
      h('td', { class: 'num', dataset: { stat: 'found' } }, String(r.found ?? '—')),
      h('td', { class: 'num', dataset: { stat: 'new' } }, String(r.new ?? '—')),
      h('td', { class: 'num', dataset: { stat: 'duplicates' } }, String(r.duplicates ?? '—')),
      h('td', { class: 'num', dataset: { stat: 'errors' } }, String(r.errorCount ?? 0)),
      h('td', null, [r.message, ...(r.errors || [])].filter(Boolean).join('; ') || '—'))))));
}

/** @param {unknown} status */
const isRunning = (status) => String(status).toLowerCase() === 'running';
/** @param {unknown} status */
const isFailed = (status) => String(status).toLowerCase() === 'failed';
/** @param {unknown} status */
const runStatusWords = (status) => ({ running: 'Running', completed: 'Completed', failed: 'Failed' })[String(status).toLowerCase()] || String(status ?? '');
/** @param {number} n @param {string} noun */
const count = (n, noun) => `${n} ${noun}${n === 1 ? '' : 's'}`;
