// @ts-check
import { api } from '../api.js';
import { h, replace, problemPanel, heading, loading } from '../dom.js';
import { dateTime } from '../dates.js';

/** @typedef {import('../main.js').ViewContext} ViewContext */

/** Screening figures per stage and Cohen's kappa per reviewer pair. @param {ViewContext} ctx */
export async function statisticsView(ctx) {
  const project = /** @type {NonNullable<ViewContext['project']>} */ (ctx.project);
  const body = h('div', null, loading('the agreement statistics'));
  replace(ctx.main, heading('Agreement and screening statistics'), body);
  const load = async () => {
    try {
      const { data } = await api.get(`/api/screening/projects/${project.id}/statistics`);
      const stagesRaw = data?.stages || [];
      const stages = Array.isArray(stagesRaw) ? stagesRaw : Object.entries(stagesRaw).map(([stage, s]) => ({ stage, ...(/** @type {any} */ (s)) }));
      const agreement = (data?.agreement || stages.flatMap((/** @type {any} */ s) => (s.agreement || []).map((/** @type {any} */ a) => ({ ...a, stage: s.stage })))).map(pair);
      const numberKeys = ['items', 'screened', 'awaiting', 'included', 'excluded', 'conflictsOpen', 'conflictsResolved', 'retracted', 'ineligibleByAutomation', 'estimatedRelevantRemaining'];
      replace(body,
        h('section', { 'aria-labelledby': 'kappa-title' },
          h('h2', { id: 'kappa-title' }, 'Agreement per reviewer pair (Cohen\'s kappa)'),
          agreement.length === 0 ? h('p', { class: 'hint' }, 'No two reviewers have decided the same record yet.') :
            h('div', { class: 'table-scroll' }, h('table', { class: 'data' },
              h('caption', { class: 'visually-hidden' }, 'Cohen\'s kappa per reviewer pair with 95% confidence interval'),
              h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Reviewers'), h('th', { scope: 'col', class: 'num' }, 'Records in common'), h('th', { scope: 'col', class: 'num' }, 'Kappa'), h('th', { scope: 'col', class: 'num' }, '95% CI'), h('th', { scope: 'col' }, 'Reading'))),
              h('tbody', null, agreement.map((/** @type {any} */ a) => h('tr', null,
                h('th', { scope: 'row' }, `${a.a} & ${a.b}`),
                h('td', { class: 'num' }, String(a.n ?? '—')),
                h('td', { class: 'num' }, a.kappa === null || a.kappa === undefined ? 'undefined' : a.kappa.toFixed(2)),
                h('td', { class: 'num' }, a.lo === null || a.lo === undefined ? '—' : `${a.lo.toFixed(2)} to ${a.hi.toFixed(2)}`),
                h('td', null, reading(a.kappa)))))))),
        h('section', { 'aria-labelledby': 'stage-title' },
          h('h2', { id: 'stage-title' }, 'Screening by stage'),
          stages.length === 0 ? h('p', { class: 'hint' }, 'No records to screen yet.') :
            h('div', { class: 'table-scroll' }, h('table', { class: 'data' },
              h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Figure'), stages.map((/** @type {any} */ s) => h('th', { scope: 'col', class: 'num' }, String(s.stage))))),
              h('tbody', null, numberKeys.filter((k) => stages.some((/** @type {any} */ s) => typeof s[k] === 'number')).map((k) => h('tr', null,
                h('th', { scope: 'row' }, k.replace(/([A-Z])/g, ' $1').toLowerCase()),
                stages.map((/** @type {any} */ s) => h('td', { class: 'num' }, typeof s[k] === 'number' ? (Number.isInteger(s[k]) ? String(s[k]) : s[k].toFixed(1)) : '—')))),
                h('tr', null, h('th', { scope: 'row' }, 'queue ordered by'), stages.map((/** @type {any} */ s) => h('td', { class: 'num' }, orderedBy(s.ranking)))))))));
    } catch (error) {
      replace(body, problemPanel(error, { what: 'Agreement statistics', retry: load }));
    }
  };
  await load();
}

/** What ordered a stage's queue at its last rerank, and when. @param {any} r */
function orderedBy(r) {
  if (!r) return 'import order (not ranked yet)';
  const at = dateTime(r.rankedAt);
  return r.basis === 'classifier'
    ? `classifier trained on ${r.labelledIncludes} includes, ${r.labelledExcludes} excludes (${at})${calibratedOn(r)}`
    : `highlight terms: no include and exclude yet (${at})`;
}

/** Which decisions the probabilities (the stopping estimate) were calibrated on, when not all of them. @param {any} r */
function calibratedOn(r) {
  const labelled = r.labelledIncludes + r.labelledExcludes;
  return r.calibratedOn && r.calibratedOn < labelled ? `; probabilities calibrated when ${r.calibratedOn} were decided` : '';
}

/** @param {any} a */
function pair(a) {
  const est = a.estimate || a;
  return {
    a: a.reviewerA || a.firstReviewerId || a.first, b: a.reviewerB || a.secondReviewerId || a.second,
    n: a.n ?? est.n, kappa: est.kappa ?? null, lo: est.ciLower ?? est.lower ?? null, hi: est.ciUpper ?? est.upper ?? null,
  };
}

/** Landis & Koch's words, as reviewers know them. @param {number | null} k */
function reading(k) {
  if (k === null || k === undefined) return 'one category only';
  if (k < 0) return 'poor';
  if (k <= 0.2) return 'slight';
  if (k <= 0.4) return 'fair';
  if (k <= 0.6) return 'moderate';
  if (k <= 0.8) return 'substantial';
  return 'almost perfect';
}
