// @ts-check
import { api, idempotencyKey } from '../api.js';
import { h, replace, field, showFormProblem, problemPanel, heading, loading, announce } from '../dom.js';

/** @typedef {import('../main.js').ViewContext} ViewContext */

/** The conflicts queue: both decisions side by side, and a resolution with a note. @param {ViewContext} ctx */
export async function conflictsView(ctx) {
  const project = /** @type {NonNullable<ViewContext['project']>} */ (ctx.project);
  const reasons = project.protocol?.exclusionReasons || [];
  const base = `/api/screening/projects/${project.id}`;
  const canResolve = ctx.role === 'lead' || ctx.role === 'methodologist';
  const list = h('div', null, loading('the conflicts'));
  replace(ctx.main, heading('Conflicts'),
    h('p', { class: 'lede' }, 'Records where the reviewers disagree (or one said maybe). Read both decisions, then resolve with a note; the note stays in the record\'s history.'),
    canResolve ? null : h('p', { class: 'notice', role: 'note' }, 'Only methodologists and leads resolve conflicts.'),
    list);

  async function load() {
    replace(list, loading('the conflicts'));
    try {
      const { data } = await api.get(`${base}/conflicts`);
      const conflicts = Array.isArray(data) ? data : (data?.items || data?.conflicts || []);
      if (conflicts.length === 0) {
        replace(list, h('p', { class: 'notice ok', role: 'status' }, 'No open conflicts.'));
        return;
      }
      replace(list, h('p', { role: 'status' }, `${conflicts.length} open conflict${conflicts.length === 1 ? '' : 's'}.`),
        conflicts.map((/** @type {any} */ c) => conflictCard(c)));
    } catch (error) {
      replace(list, problemPanel(error, { what: 'Conflicts', retry: load }));
    }
  }

  /** @param {any} c */
  function conflictCard(c) {
    const citation = c.citation || c.record || c;
    const decisions = c.decisions || c.otherDecisions || [];
    const titleId = `conflict-${c.itemId}`;
    const decision = field({ label: 'Final decision', name: 'decision', options: [{ value: 'include', label: 'Include' }, { value: 'exclude', label: 'Exclude' }] });
    const reason = field({ label: 'Exclusion reason', name: 'reason', options: [{ value: '', label: '(none)' }, ...reasons.map((/** @type {string} */ r) => ({ value: r, label: r }))] });
    const note = field({ label: 'Note', name: 'note', multiline: true, required: true, hint: 'Why this decision; reviewers and the audit trail read it.' });
    const submit = h('button', { type: 'submit', class: 'primary' }, 'Resolve');
    const form = h('form', { novalidate: true, 'aria-label': `Resolve: ${citation.title || c.itemId}` },
      h('div', { class: 'inline-fields' }, decision.wrapper, reason.wrapper), note.wrapper, h('div', { class: 'actions' }, submit));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      submit.setAttribute('disabled', '');
      try {
        const body = { decision: /** @type {HTMLSelectElement} */ (decision.control).value, note: /** @type {HTMLTextAreaElement} */ (note.control).value };
        const r = /** @type {HTMLSelectElement} */ (reason.control).value;
        if (r) Object.assign(body, { reason: r });
        await api.post(`${base}/conflicts/${c.itemId}/resolution`, body, { 'Idempotency-Key': idempotencyKey() });
        announce('Conflict resolved.');
        await load();
        /** @type {HTMLElement | null} */ (list.querySelector('form select, [role=status]'))?.focus();
      } catch (error) {
        showFormProblem(form, error);
      } finally {
        submit.removeAttribute('disabled');
      }
    });
    return h('article', { class: 'card conflict', 'aria-labelledby': titleId, dataset: { itemId: c.itemId } },
      h('h2', { id: titleId }, citation.title || `Item ${c.itemId}`),
      h('p', { class: 'hint' }, [c.stage ? `Stage: ${c.stage}` : '', c.reason ? `Conflict: ${c.reason}` : ''].filter(Boolean).join(' · ')),
      h('div', { class: 'compare', role: 'group', 'aria-label': 'The two decisions' }, decisions.map((/** @type {any} */ d) => h('section', { class: `card decision-${String(d.kind || d.decision).toLowerCase()}` },
        h('h3', null, d.reviewerId || d.reviewer || 'Reviewer'),
        h('p', null, h('strong', null, String(d.kind || d.decision)), d.reason ? ` — ${d.reason}` : ''),
        d.note ? h('p', null, d.note) : null))),
      canResolve ? form : null);
  }

  await load();
}
