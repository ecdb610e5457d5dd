// @ts-check
import { api } from '../api.js';
import { h, replace, problemPanel, heading, loading, svgFigure, downloadLink, asProblem, announce } from '../dom.js';
import { dateTime } from '../dates.js';

/** @typedef {import('../main.js').ViewContext} ViewContext */

/** Synthesis dashboard: analyses per outcome (forest, funnel, subgroups), versions with what changed, PRISMA 2020. @param {ViewContext} ctx */
export async function synthesisView(ctx) {
  const project = /** @type {NonNullable<ViewContext['project']>} */ (ctx.project);
  const base = `/api/synthesis/projects/${project.id}`;
  /** The version the analyses on the page show. @type {number} */
  let shownVersion = 0;
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
      shownVersion = data?.version ?? shownVersion;
      if (analyses.length === 0) { replace(analysesArea, h('p', { class: 'notice', role: 'status' }, 'No analyses yet: they appear once finalised extractions report an outcome for two or more studies.')); return; }
      const csv = toCsv(analyses);
      replace(analysesArea,
        h('p', { class: 'current-version', dataset: { version: String(data.version) } }, `Showing version ${data.version}`, data.createdAt ? ` of ${dateTime(data.createdAt)}` : '', '. ',
          downloadLink('Download analyses (CSV)', `analyses-v${data.version}.csv`, () => new Blob([csv], { type: 'text/csv' }), { class: 'button' })),
        analyses.map((/** @type {any} */ a) => {
          const id = a.id;
          const pooled = a.result || {};
          const studies = a.studies || [];
          return h('article', { class: 'card analysis', dataset: { analysisId: id }, 'aria-labelledby': `analysis-${id}` },
            h('h3', { id: `analysis-${id}` }, a.outcome, a.unit ? ` (${a.unit})` : ''),
            h('p', { class: 'pooled' }, [
              `${a.measure}, ${a.method}${a.test ? ` (${a.test})` : ''}`, `k = ${pooled.k ?? studies.length}`,
              typeof pooled.estimate === 'number' ? `pooled ${num(pooled.estimate)} [${num(pooled.ciLower)}, ${num(pooled.ciUpper)}]` : '',
              typeof pooled.i2 === 'number' ? `I² ${pooled.i2.toFixed(0)}%` : '', typeof pooled.tau2 === 'number' ? `τ² ${pooled.tau2.toFixed(3)}` : '',
            ].filter(Boolean).join(' · ')),
            a.error ? h('p', { class: 'notice problem' }, problemText(a.error)) : null,
            a.sensitivity ? h('p', { class: 'hint' }, `Sensitivity (${a.sensitivity.rule}): `,
              a.sensitivity.result ? `${num(a.sensitivity.result.estimate)} [${num(a.sensitivity.result.ciLower)}, ${num(a.sensitivity.result.ciUpper)}]` : a.sensitivity.note || 'not estimable',
              a.sensitivity.excluded?.length ? ` Left out: ${a.sensitivity.excluded.join(', ')}.` : '') : null,
            // The forest plot is wide (labels, weights, intervals): it gets the full width; the funnel sits below.
            a.error ? null : svgFigure(`${base}/analyses/${encodeURIComponent(id)}/forest.svg?version=${data.version}`, `Forest plot: ${a.outcome}, version ${data.version}`, `forest-${id}-v${data.version}.svg`, api.blob),
            a.error ? null : h('div', { class: 'funnel' }, svgFigure(`${base}/analyses/${encodeURIComponent(id)}/funnel.svg?version=${data.version}`, `Funnel plot: ${a.outcome}, version ${data.version}`, `funnel-${id}-v${data.version}.svg`, api.blob)),
            (a.subgroups || []).map((/** @type {any} */ sg) => (sg.groups || []).length === 0
              ? h('p', { class: 'hint subgroup-note' }, `Subgroups by ${sg.field}: ${problemText(sg.error) || 'none'}`)
              : h('div', { class: 'table-scroll' }, h('table', { class: 'data' }, h('caption', null, `Subgroups by ${sg.field}`, typeof sg.qBetweenP === 'number' ? ` (test for differences: p = ${sg.qBetweenP.toFixed(3)})` : ''),
                h('thead', null, h('tr', null, ['Subgroup', 'k', 'Estimate', '95% CI', 'I²'].map((t) => h('th', { scope: 'col', class: t === 'Subgroup' ? null : 'num' }, t)))),
                h('tbody', null, sg.groups.map((/** @type {any} */ g) => h('tr', null, h('th', { scope: 'row' }, g.name), h('td', { class: 'num' }, String(g.k ?? '')),
                  h('td', { class: 'num' }, num(g.estimate)), h('td', { class: 'num' }, `${num(g.ciLower)} to ${num(g.ciUpper)}`), h('td', { class: 'num' }, typeof g.i2 === 'number' ? `${g.i2.toFixed(0)}%` : ''))))))),
            (a.notes || []).length ? h('ul', { class: 'hint' }, a.notes.map((/** @type {string} */ n) => h('li', null, n))) : null);
        }));
    } catch (error) {
      replace(analysesArea, problemPanel(error, { what: 'Analyses', retry: loadAnalyses }));
    }
  };

  /** @returns {Promise<number>} the newest version number (0 before the first) */
  const loadVersions = async () => {
    try {
      const { data } = await api.get(`${base}/versions`);
      const versions = Array.isArray(data) ? data : (data?.versions || []);
      replace(versionsArea, versions.length === 0 ? h('p', { class: 'hint' }, 'No synthesis versions yet.') :
        h('ol', { class: 'history versions', reversed: true }, [...versions].reverse().map((/** @type {any} */ v) => h('li', { dataset: { version: String(v.version) } },
          h('strong', null, `Version ${v.version}`), v.createdAt ? ` — ${dateTime(v.createdAt)}` : '',
          v.cause ? h('span', { class: 'hint' }, ` · because of ${v.cause}`) : null,
          h('ul', null, (Array.isArray(v.summary) ? v.summary : v.summary ? [v.summary] : []).map((/** @type {string} */ c) => h('li', null, c)))))));
      return versions.length ? versions[versions.length - 1].version : 0;
    } catch (error) {
      replace(versionsArea, problemPanel(error, { what: 'Synthesis versions', retry: loadVersions }));
      return shownVersion;
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

  // The synthesis changes through events, not through this page: look for a new version now and
  // then, and redraw (and say so) when one appears.
  let polling = true;
  ctx.onLeave(() => { polling = false; });
  const poll = async () => {
    if (!polling) return;
    try {
      const { data } = await api.get(`${base}/versions`);
      const newest = Array.isArray(data) && data.length ? data[data.length - 1].version : 0;
      if (polling && newest > shownVersion) {
        await Promise.all([loadAnalyses(), loadVersions(), loadPrisma()]);
        announce(`Synthesis version ${newest} is in.`);
      }
    } catch {
      // A failed check is shown by the next real load; polling just tries again.
    }
    if (polling) setTimeout(poll, 3000);
  };
  setTimeout(poll, 3000);
}

/** An analysis or subgroup error: {kind, detail} from the engine, or text. @param {any} e */
function problemText(e) {
  if (!e) return '';
  return typeof e === 'string' ? e : e.detail || e.kind || '';
}

/** @param {any} n */
function num(n) {
  return typeof n === 'number' ? (Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(2)) : '';
}

/** @param {any[]} analyses */
export function toCsv(analyses) {
  // One row per study and analysis: the effect sizes as analysed (sign flipped where higher is
  // worse) with their Wald intervals, so the numbers behind each forest plot can be reused.
  const cols = ['analysis', 'outcome', 'measure', 'study', 'year', 'time_point', 'comparison', 'yi', 'vi', 'ci_lower', 'ci_upper', 'high_risk_of_bias', 'retracted'];
  // Labels, outcomes and comparisons come from imported records and extraction forms: a text cell
  // starting with = + - @ (or a tab or CR) would run as a formula when the file is opened in a
  // spreadsheet (OWASP "CSV injection"), so it gets a leading apostrophe. Numbers stay numbers.
  const cell = (/** @type {any} */ v) => {
    let s = v === undefined || v === null ? '' : String(v);
    if (typeof v !== 'number' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const rows = analyses.flatMap((a) => {
    const z = normalQuantile(1 - (1 - (a.level ?? 95) / 100) / 2);
    return (a.studies || []).map((/** @type {any} */ x) => [a.id, a.outcome, a.measure, x.label, x.year, x.timePoint, x.comparison, x.yi, x.vi,
      x.yi - z * Math.sqrt(x.vi), x.yi + z * Math.sqrt(x.vi), x.highRisk == null ? '' : x.highRisk ? 'yes' : 'no', x.retracted ? 'yes' : 'no'].map(cell).join(','));
  });
  return [cols.join(','), ...rows].join('\r\n') + '\r\n';
}

/** The standard normal quantile (Acklam's rational approximation, |error| < 1.2e-9), for the analysis's level. @param {number} p */
function normalQuantile(p) {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const tail = (/** @type {number} */ q) => (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5, r = q * q;
  return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}
