// @ts-check
import { api } from '../api.js';
import { h, replace, field, showFormProblem, clearFormProblem, asProblem, loading, problemPanel, heading, announce } from '../dom.js';
import { dateTime } from '../dates.js';

/** @typedef {import('../main.js').ViewContext} ViewContext */

/** @param {ViewContext} ctx */
export async function protocolView(ctx) {
  const project = /** @type {NonNullable<ViewContext['project']>} */ (ctx.project);
  const p = project.protocol || {};
  const q = p.question || {};
  const history = h('section', { 'aria-labelledby': 'history-title' }, h('h2', { id: 'history-title' }, 'Protocol history'), loading('the protocol history'));
  replace(ctx.main,
    heading(project.title),
    h('p', { class: 'lede' }, `Protocol version ${project.protocolVersion}. Created by ${project.createdBy}.`),
    h('div', { class: 'grid two' },
      h('section', { class: 'card', 'aria-labelledby': 'pico-title' },
        h('h2', { id: 'pico-title' }, 'Question (PICO)'),
        h('dl', { class: 'pico' },
          h('dt', null, 'Population'), h('dd', null, q.population || '—'),
          h('dt', null, 'Intervention'), h('dd', null, q.intervention || '—'),
          h('dt', null, 'Comparator'), h('dd', null, q.comparator || '—'),
          h('dt', null, 'Outcomes'), h('dd', null, (q.outcomes || []).length ? h('ul', null, q.outcomes.map((/** @type {string} */ o) => h('li', null, o))) : '—'))),
      h('section', { class: 'card', 'aria-labelledby': 'elig-title' },
        h('h2', { id: 'elig-title' }, 'Eligibility'),
        h('h3', null, 'Include'), list(p.eligibility?.include),
        h('h3', null, 'Exclude'), list(p.eligibility?.exclude),
        h('h3', null, 'Exclusion reasons (keys 1–9 while screening)'),
        h('ol', { class: 'reasons' }, (p.exclusionReasons || []).map((/** @type {string} */ r) => h('li', null, r))))),
    h('div', { class: 'grid two' },
      h('section', { class: 'card', 'aria-labelledby': 'hl-title' },
        h('h2', { id: 'hl-title' }, 'Highlight terms'),
        h('p', null, h('span', { class: 'term-label' }, 'Include: '), (p.highlightTerms?.include || []).map((/** @type {string} */ t) => h('mark', { class: 'hl-include' }, t)), ' '),
        h('p', null, h('span', { class: 'term-label' }, 'Exclude: '), (p.highlightTerms?.exclude || []).map((/** @type {string} */ t) => h('mark', { class: 'hl-exclude' }, t))),
        h('p', { class: 'hint' }, 'Green marks include terms, red with a dotted underline marks exclude terms.')),
      h('section', { class: 'card', 'aria-labelledby': 'scr-title' },
        h('h2', { id: 'scr-title' }, 'Screening and risk of bias'),
        h('dl', null,
          h('dt', null, 'Reviewers per record'), h('dd', null, String(p.screening?.reviewersPerRecord ?? '—')),
          h('dt', null, 'Blinded'), h('dd', null, p.screening?.blinded ? 'Yes: reviewers do not see each other\'s decisions until a record is final' : 'No'),
          h('dt', null, 'Full-text stage'), h('dd', null, p.screening?.fullTextStage ? 'Yes' : 'No'),
          h('dt', null, 'Risk-of-bias tool by design'),
          h('dd', null, h('ul', null, Object.entries(p.riskOfBiasTools || {}).map(([d, t]) => h('li', null, `${d}: ${t}`))))))),
    p.savedSearch ? h('section', { class: 'card', 'aria-labelledby': 'search-title' }, h('h2', { id: 'search-title' }, 'Saved PubMed search'), h('pre', { class: 'query' }, p.savedSearch)) : null,
    ctx.role === 'lead' ? amendmentForm(ctx) : null,
    history);
  try {
    const { data } = await api.get(`/api/reviews/projects/${project.id}/protocol/versions`);
    replace(history, h('h2', { id: 'history-title' }, 'Protocol history'),
      h('ol', { class: 'history', reversed: true }, [...(data || [])].reverse().map((/** @type {any} */ v) => h('li', null,
        h('strong', null, `Version ${v.version}`), ` — ${v.publishedBy}, ${dateTime(v.publishedAt)}`,
        v.amendmentNote ? h('p', null, v.amendmentNote) : null))));
  } catch (error) {
    replace(history, h('h2', { id: 'history-title' }, 'Protocol history'), problemPanel(error, { what: 'Protocol history' }));
  }
}

/** @param {string[] | undefined} items */
function list(items) {
  return items && items.length ? h('ul', null, items.map((i) => h('li', null, i))) : h('p', { class: 'hint' }, 'None listed.');
}

/**
 * A lead amends the question and eligibility (a project started from a blank protocol has neither,
 * and the API will not publish without them) and the parts reviewers feel most: exclusion reasons
 * and highlight terms. Field names follow the API's ("question.population" for
 * protocol.question.population), so each 400 lands under its own field.
 * @param {ViewContext} ctx
 */
function amendmentForm(ctx) {
  const project = /** @type {NonNullable<ViewContext['project']>} */ (ctx.project);
  const p = project.protocol;
  const q = p.question || {};
  const population = field({ label: 'Population', name: 'question.population', multiline: true, value: q.population || '' });
  const intervention = field({ label: 'Intervention', name: 'question.intervention', multiline: true, value: q.intervention || '' });
  const comparator = field({ label: 'Comparator', name: 'question.comparator', value: q.comparator || '' });
  const outcomes = field({ label: 'Outcomes, one per line', name: 'question.outcomes', multiline: true, value: (q.outcomes || []).join('\n') });
  const eligibleIn = field({ label: 'Inclusion criteria, one per line', name: 'eligibility.include', multiline: true, value: (p.eligibility?.include || []).join('\n') });
  const eligibleOut = field({ label: 'Exclusion criteria, one per line', name: 'eligibility.exclude', multiline: true, value: (p.eligibility?.exclude || []).join('\n') });
  const reasons = field({ label: 'Exclusion reasons, one per line', name: 'exclusionReasons', multiline: true, value: (p.exclusionReasons || []).join('\n') });
  const include = field({ label: 'Include highlight terms, comma-separated', name: 'include', value: (p.highlightTerms?.include || []).join(', ') });
  const exclude = field({ label: 'Exclude highlight terms, comma-separated', name: 'exclude', value: (p.highlightTerms?.exclude || []).join(', ') });
  const note = field({ label: 'Amendment note', name: 'amendmentNote', required: true, hint: 'What changed and why; it stays in the protocol history.' });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Publish amendment');
  const status = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'card', novalidate: true, 'aria-labelledby': 'amend-title' },
    h('h2', { id: 'amend-title' }, 'Amend the protocol'),
    population.wrapper, intervention.wrapper, comparator.wrapper, outcomes.wrapper, eligibleIn.wrapper, eligibleOut.wrapper,
    reasons.wrapper, include.wrapper, exclude.wrapper, note.wrapper, status, h('div', { class: 'actions' }, submit));
  const value = (/** @type {{ control: HTMLElement }} */ f) => /** @type {HTMLInputElement | HTMLTextAreaElement} */ (f.control).value;
  const split = (/** @type {string} */ s, /** @type {RegExp} */ sep) => s.split(sep).map((x) => x.trim()).filter(Boolean);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    submit.setAttribute('disabled', '');
    replace(status);
    try {
      const protocol = {
        ...p,
        question: { ...q, population: value(population).trim(), intervention: value(intervention).trim(), comparator: value(comparator).trim(), outcomes: split(value(outcomes), /\n/) },
        eligibility: { include: split(value(eligibleIn), /\n/), exclude: split(value(eligibleOut), /\n/) },
        exclusionReasons: split(value(reasons), /\n/),
        highlightTerms: { include: split(value(include), /,/), exclude: split(value(exclude), /,/) },
      };
      // The whole protocol goes back, so it must be the version this page shows: If-Match makes a
      // page older than another lead's amendment a 412 instead of quietly undoing that amendment.
      await api.put(`/api/reviews/projects/${project.id}/protocol`, { protocol, amendmentNote: value(note) }, project.etag ? { 'If-Match': project.etag } : {});
      await ctx.refreshProject();
      announce('Amendment published.');
      ctx.navigate(`#/p/${project.id}`);
    } catch (error) {
      const problem = asProblem(error);
      if (problem.status === 400 && Object.keys(problem.errors).length) showFormProblem(form, error);
      else {
        clearFormProblem(form);
        replace(status, problemPanel(error, {
          what: problem.status === 412 ? 'Publishing the amendment (the project changed since you opened it)' : 'Publishing the amendment',
          // Reloading shows what the other lead published; the amendment is then made on top of it.
          retry: problem.status === 412 || problem.status === 409 ? async () => { await ctx.refreshProject(); ctx.navigate(`#/p/${project.id}`); } : undefined,
        }));
      }
    } finally {
      submit.removeAttribute('disabled');
    }
  });
  return h('details', { class: 'amend' }, h('summary', null, 'Amend the protocol'), form);
}
