// @ts-check
import { api, upload, ApiProblem } from '../api.js';
import { savedSearches } from './imports-searches.js';
import { h, replace, field, showFormProblem, clearFormProblem, problemPanel, heading, loading, announce } from '../dom.js';
import { dateTime } from '../dates.js';

/** @typedef {import('../main.js').ViewContext} ViewContext */

/** Uploads with a progress bar and the import report; saved PubMed searches with their runs. @param {ViewContext} ctx */
export async function importsView(ctx) {
  const project = /** @type {NonNullable<ViewContext['project']>} */ (ctx.project);
  const base = `/api/ingestion/projects/${project.id}`;
  const canImport = ctx.role === 'lead' || ctx.role === 'methodologist';
  const history = h('div', null, loading('past imports'));
  const report = h('div', { class: 'import-report', 'aria-live': 'polite' });
  const searches = savedSearches(base, canImport, project.protocol?.savedSearch || '');

  /** @type {HTMLElement | null} */
  let uploadForm = null;
  if (canImport) {
    const file = field({ label: 'Citation file', name: 'file', type: 'file', required: true, hint: 'PubMed XML (.xml), RIS (.ris), MEDLINE/nbib (.nbib, .txt) or CSV (.csv); gzip is fine.', attrs: { accept: '.xml,.ris,.nbib,.txt,.csv,.gz' } });
    const source = field({ label: 'Source name', name: 'source', hint: 'Shown in the PRISMA identification box, e.g. "Embase 2025-06". Optional.', attrs: { maxlength: 100 } });
    const bar = h('progress', { max: 100, value: 0, 'aria-label': 'Upload progress', hidden: true });
    const barText = h('span', { class: 'hint', 'aria-live': 'polite' });
    const submit = h('button', { type: 'submit', class: 'primary' }, 'Upload and import');
    uploadForm = h('form', { class: 'card', novalidate: true, 'aria-labelledby': 'upload-title' },
      h('h2', { id: 'upload-title' }, 'Upload a file'), file.wrapper, source.wrapper, h('div', { class: 'actions' }, submit, bar, barText));
    const form = uploadForm;
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearFormProblem(form);
      const chosen = /** @type {HTMLInputElement} */ (file.control).files?.[0];
      if (!chosen) {
        showFormProblem(form, new ApiProblem(400, { title: 'No file chosen', errors: { file: ['Choose a file to upload.'] } }));
        return;
      }
      submit.setAttribute('disabled', '');
      bar.hidden = false;
      bar.setAttribute('value', '0');
      try {
        const sourceName = /** @type {HTMLInputElement} */ (source.control).value.trim();
        const { data } = await upload(`${base}/imports`, chosen, sourceName ? { source: sourceName } : {}, (loaded, total) => {
          const pct = total ? Math.round((loaded / total) * 100) : 0;
          bar.setAttribute('value', String(pct));
          barText.textContent = `Uploading ${chosen.name}: ${pct}%`;
        });
        barText.textContent = `Uploaded ${chosen.name}; reading records…`;
        announce('Upload complete; the import is running.');
        await follow(data.importId, chosen.name);
        // The bar stays full: it shows what was sent until the next upload starts.
        bar.setAttribute('value', '100');
        barText.textContent = `${chosen.name} uploaded (${(chosen.size / 1024).toFixed(1)} kB); report below.`;
        /** @type {HTMLInputElement} */ (file.control).value = '';
        await loadHistory();
      } catch (error) {
        bar.hidden = true;
        barText.textContent = '';
        showFormProblem(form, error);
      } finally {
        submit.removeAttribute('disabled');
      }
    });
  }

  /** Polls the import until it completes, showing its report as it fills. @param {string} importId @param {string} name */
  async function follow(importId, name) {
    for (let i = 0; i < 600; i++) {
      const { data } = await api.get(`${base}/imports/${importId}`);
      renderReport(data, name);
      const status = String(data.status).toLowerCase();
      if (status === 'completed' || status === 'failed') {
        announce(status === 'completed' ? `Import finished: ${data.recordsImported} new records, ${data.duplicates} duplicates, ${data.errorCount ?? (data.errors || []).length} errors.` : `Import failed: ${data.message || ''}`);
        return;
      }
      await new Promise((r) => setTimeout(r, i < 20 ? 250 : 1000));
    }
  }

  /** @param {any} d @param {string} name */
  function renderReport(d, name) {
    const status = String(d.status).toLowerCase();
    const errors = d.errors || [];
    replace(report, h('section', { class: `card report ${status}`, 'aria-labelledby': 'report-title', dataset: { status } },
      h('h2', { id: 'report-title' }, `Import report: ${d.fileName || name}`),
      h('p', null, h('span', { class: `badge ${status === 'completed' ? 'include' : status === 'failed' ? 'exclude' : ''}` }, status)),
      h('dl', { class: 'progress-numbers report-numbers' },
        h('dt', null, 'Records read'), h('dd', { dataset: { stat: 'read' } }, String(d.recordsRead ?? 0)),
        h('dt', null, 'New records imported'), h('dd', { dataset: { stat: 'imported' } }, String(d.recordsImported ?? 0)),
        h('dt', null, 'Duplicates'), h('dd', { dataset: { stat: 'duplicates' } }, String(d.duplicates ?? 0)),
        h('dt', null, 'Records with errors'), h('dd', { dataset: { stat: 'errors' } }, String(d.errorCount ?? errors.length))),
      d.message ? h('p', { class: 'notice problem' }, d.message) : null,
      errors.length ? h('details', null, h('summary', null, `Records that could not be read (${errors.length})`),
        h('table', { class: 'data' }, h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Record'), h('th', { scope: 'col' }, 'Line'), h('th', { scope: 'col' }, 'Reason'))),
          h('tbody', null, errors.map((/** @type {any} */ e) => h('tr', null, h('td', null, String((e.recordIndex ?? 0) + 1)), h('td', null, e.line ? String(e.line) : '—'), h('td', null, e.reason)))))) : null));
  }

  async function loadHistory() {
    try {
      const { data } = await api.get(`${base}/imports`);
      const imports = data || [];
      replace(history, imports.length === 0 ? h('p', { class: 'hint' }, 'No imports yet.') :
        h('div', { class: 'table-scroll' }, h('table', { class: 'data' },
          h('caption', { class: 'visually-hidden' }, 'Past imports'),
          h('thead', null, h('tr', null, ['File', 'Source', 'Status', 'Read', 'New', 'Duplicates', 'Errors', 'By', 'When'].map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', null, imports.map((/** @type {any} */ i) => h('tr', null,
            h('th', { scope: 'row' }, i.fileName || '—'), h('td', null, i.source), h('td', null, String(i.status)),
            h('td', { class: 'num' }, String(i.recordsRead)), h('td', { class: 'num' }, String(i.recordsImported)), h('td', { class: 'num' }, String(i.duplicates)),
            h('td', { class: 'num' }, String(i.errorCount)), h('td', null, i.createdBy), h('td', null, dateTime(i.createdAt))))))));
    } catch (error) {
      replace(history, problemPanel(error, { what: 'Past imports', retry: loadHistory }));
    }
  }

  replace(ctx.main, heading('Imports'),
    canImport ? null : h('p', { class: 'notice', role: 'note' }, 'Leads and methodologists add records; you can read the import history.'),
    uploadForm, report,
    h('section', { 'aria-labelledby': 'history-title' }, h('h2', { id: 'history-title' }, 'Past imports'), history),
    h('section', { 'aria-labelledby': 'searches-title' }, h('h2', { id: 'searches-title' }, 'Saved PubMed searches'), searches));
  await loadHistory();
}
