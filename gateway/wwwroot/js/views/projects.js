// @ts-check
import { api } from '../api.js';
import { h, replace, field, showFormProblem, loading, problemPanel, heading, announce } from '../dom.js';

/** @typedef {import('../main.js').ViewContext} ViewContext */

/** @param {ViewContext} ctx */
export async function projectListView(ctx) {
  const list = h('div', null, loading('your projects'));
  replace(ctx.main,
    h('div', { class: 'title-row' }, heading('Your projects'), h('a', { class: 'button primary', href: '#/projects/new' }, 'New project')),
    list);
  try {
    const { data } = await api.get('/api/reviews/projects');
    /** @type {{id: string, title: string, role: string, protocolVersion: number, template?: string}[]} */
    const projects = data || [];
    if (projects.length === 0) {
      replace(list, h('div', { class: 'empty card' },
        h('p', null, 'You are not in any project yet.'),
        h('p', null, 'Start one from the MSC-EV template, or ask a project lead to add you to theirs.'),
        h('a', { class: 'button primary', href: '#/projects/new' }, 'Create a project')));
      return;
    }
    replace(list, h('table', { class: 'data' },
      h('caption', { class: 'visually-hidden' }, 'Projects you are a member of'),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Project'), h('th', { scope: 'col' }, 'Your role'), h('th', { scope: 'col' }, 'Protocol'))),
      h('tbody', null, projects.map((p) => h('tr', null,
        h('th', { scope: 'row' }, h('a', { href: `#/p/${p.id}` }, p.title)),
        h('td', null, h('span', { class: `badge role role-${p.role}` }, p.role)),
        h('td', null, `version ${p.protocolVersion}`, p.template ? ` · ${p.template}` : ''))))));
  } catch (error) {
    replace(list, problemPanel(error, { what: 'Your projects', retry: () => projectListView(ctx) }));
  }
}

const templateLabels = /** @type {Record<string, string>} */ ({
  'msc-ev-neurodegeneration': 'MSC-derived extracellular vesicles for neurodegenerative diseases (MSC-EV)',
});

/** @param {ViewContext} ctx */
export async function createProjectView(ctx) {
  /** @type {string[]} */
  let templates = [];
  try {
    templates = (await api.get('/api/reviews/templates')).data || [];
  } catch {
    templates = [];
  }
  const template = field({
    label: 'Start from', name: 'template', value: templates[0] || '',
    options: [...templates.map((t) => ({ value: t, label: `Template: ${templateLabels[t] || t}` })), { value: '', label: 'A blank protocol' }],
    hint: 'A template fills in the question, eligibility, exclusion reasons, highlight terms, extraction form and synthesis plan. You can amend them later.',
  });
  const title = field({ label: 'Title', name: 'title', hint: 'Leave empty to use the template\'s title.', attrs: { maxlength: 300 } });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Create project');
  const form = h('form', { class: 'card', novalidate: true }, template.wrapper, title.wrapper,
    h('div', { class: 'actions' }, submit, h('a', { href: '#/projects', class: 'button' }, 'Cancel')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    submit.setAttribute('disabled', '');
    try {
      const body = { title: /** @type {HTMLInputElement} */ (title.control).value.trim() || null, template: /** @type {HTMLSelectElement} */ (template.control).value || null };
      const { data } = await api.post('/api/reviews/projects', body);
      announce(`Project "${data.title}" created.`);
      ctx.navigate(`#/p/${data.id}`);
    } catch (error) {
      showFormProblem(form, error);
    } finally {
      submit.removeAttribute('disabled');
    }
  });
  replace(ctx.main, heading('New project'), form);
}
