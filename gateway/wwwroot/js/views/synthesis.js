// @ts-check
import { api } from '../api.js';
import { h, replace, problemPanel, heading, loading, svgFigure, asProblem } from '../dom.js';

/** @typedef {import('../main.js').ViewContext} ViewContext */

/** Synthesis dashboard: analyses per outcome (forest, funnel, subgroups), versions with what changed, PRISMA 2020. @param {ViewContext} ctx */
export async function synthesisView(ctx) {
  const project = /** @type {NonNullable<ViewContext['project']>} */ (ctx.project);
  const base = `/api/synthesis/projects/${project.id}`;
  const analysesArea = h('div', null, loading('the analyses'));
  const versionsArea = h('div', null, loading('the versions'));
  const prismaArea = h('div', null, loading('the PRISMA diagram'));
  replace(ctx.main, heading('Synthesis'),
    h('p', { class: 'lede' }, 'The meta-analysis recomputes itself whenever screening, extraction or risk of bias changes the evidence. Every version is kept.'),
    h('section', { 'aria-labelledby': 'analyses-title' }, h('h2', { id: 'analyses-title' }, 'Analyses per outcome'), analysesArea),
    h('section', { 'aria-labelledby': 'versions-title' }, h('h2', { id: 'versions-title' }, 'Versions: what changed'), versionsArea),
    h('section', { 'aria-labelledby': 'prisma-title' }, h('h2', { id: 'prisma-title' }, 'PRISMA 2020 flow diagram'), prismaArea));

  const loadAnalyses = async () => {
    try {
      const { data } = await api.get(`${base}/analyses`);
      const analyses = Array.isArray(data) ? data : (data?.analyses || []);
      if (analyses.length === 0) { replace(analysesArea, h('p', { class: 'notice', role: 'status' }, 'No analyses yet: they appear once finalised extractions report an outcome for two or more studies.')); return; }
      const csv = toCsv(analyses);
      replace(analysesArea,
        h('p', null, h('a', { class: 'button', href: URL.createObjectURL(new Blob([csv], { type: 'text/csv' })), download: 'analyses.csv' }, 'Download analyses (CSV)')),
        analyses.map((/** @type {any} */ a) => {
          const id = a.analysisId || a.id;
          const pooled = a.pooled || a.result || a;
          const subgroups = a.subgroups || [];
          return h('article', { class: 'card analysis', dataset: { analysisId: id } },
            h('h3', null, a.outcome || a.title || a.name || id),
            h('p', null, [
              a.effectMeasure || a.measure, a.model, `k = ${a.k ?? pooled.k ?? '?'}`,
              num(pooled.estimate) ? `pooled ${num(pooled.estimate)} [${num(pooled.ciLower)}, ${num(pooled.ciUpper)}]` : '',
              num(pooled.i2) ? `I² ${num(pooled.i2)}%` : '', num(pooled.tau2) ? `τ² ${num(pooled.tau2)}` : '',
            ].filter(Boolean).join(' · ')),
            h('div', { class: 'grid two' },
              svgFigure(`${base}/analyses/${id}/forest.svg`, `Forest plot: ${a.outcome || id}`, `forest-${id}.svg`, api.blob),
              svgFigure(`${base}/analyses/${id}/funnel.svg`, `Funnel plot: ${a.outcome || id}`, `funnel-${id}.svg`, api.blob)),
            subgroups.length ? h('table', { class: 'data' }, h('caption', null, 'Subgroups'),
              h('thead', null, h('tr', null, ['Subgroup', 'k', 'Estimate', '95% CI', 'I²'].map((t) => h('th', { scope: 'col' }, t)))),
              h('tbody', null, subgroups.map((/** @type {any} */ s) => h('tr', null, h('th', { scope: 'row' }, `${s.moderator ? `${s.moderator}: ` : ''}${s.level || s.name}`), h('td', { class: 'num' }, String(s.k ?? '')),
                h('td', { class: 'num' }, num(s.estimate)), h('td', { class: 'num' }, `${num(s.ciLower)} to ${num(s.ciUpper)}`), h('td', { class: 'num' }, num(s.i2)))))) : null);
        }));
    } catch (error) {
      replace(analysesArea, problemPanel(error, { what: 'Analyses', retry: loadAnalyses }));
    }
  };

  const loadVersions = async () => {
    try {
      const { data } = await api.get(`${base}/versions`);
      const versions = Array.isArray(data) ? data : (data?.versions || []);
      replace(versionsArea, versions.length === 0 ? h('p', { class: 'hint' }, 'No synthesis versions yet.') :
        h('ol', { class: 'history', reversed: true }, [...versions].reverse().map((/** @type {any} */ v) => h('li', null,
          h('strong', null, `Version ${v.version}`), v.createdAt || v.at ? ` — ${new Date(v.createdAt || v.at).toLocaleString()}` : '',
          h('ul', null, (v.whatChanged || v.changes || (v.summary ? [v.summary] : [])).map((/** @type {any} */ c) => h('li', null, typeof c === 'string' ? c : c.text || c.description || JSON.stringify(c))))))));
    } catch (error) {
      replace(versionsArea, problemPanel(error, { what: 'Synthesis versions', retry: loadVersions }));
    }
  };

  const loadPrisma = async () => {
    try {
      await api.get(`${base}/prisma`);
      replace(prismaArea, svgFigure(`${base}/prisma.svg`, 'PRISMA 2020 flow diagram', 'prisma-2020.svg', api.blob));
    } catch (error) {
      replace(prismaArea, problemPanel(error, { what: 'PRISMA diagram', retry: asProblem(error).missingEndpoint ? loadPrisma : undefined }));
    }
  };
  await Promise.all([loadAnalyses(), loadVersions(), loadPrisma()]);
}

/** @param {any} n */
function num(n) {
  return typeof n === 'number' ? (Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(2)) : '';
}

/** @param {any[]} analyses */
function toCsv(analyses) {
  const cols = ['analysisId', 'outcome', 'effectMeasure', 'model', 'k', 'estimate', 'ciLower', 'ciUpper', 'i2', 'tau2'];
  const cell = (/** @type {any} */ v) => { const s = v === undefined || v === null ? '' : String(v); return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s; };
  const rows = analyses.map((a) => { const p = a.pooled || a.result || a; return [a.analysisId || a.id, a.outcome, a.effectMeasure || a.measure, a.model, a.k ?? p.k, p.estimate, p.ciLower, p.ciUpper, p.i2, p.tau2].map(cell).join(','); });
  return [cols.join(','), ...rows].join('\r\n');
}
