// @ts-check
import { api } from '../api.js';
import { h, replace, field, showFormProblem, problemPanel, heading, announce } from '../dom.js';

/** @typedef {import('../main.js').ViewContext} ViewContext */

const roles = [
  { value: 'reviewer', label: 'Reviewer — screens and extracts' },
  { value: 'methodologist', label: 'Methodologist — resolves conflicts, assesses risk of bias' },
  { value: 'lead', label: 'Lead — everything, including the team and protocol' },
  { value: 'observer', label: 'Observer — reads only' },
];

/** @param {ViewContext} ctx */
export async function teamView(ctx) {
  const project = /** @type {NonNullable<ViewContext['project']>} */ (ctx.project);
  const isLead = ctx.role === 'lead';
  const status = h('div', { class: 'team-status', 'aria-live': 'polite' });
  /** @type {{username: string, role: string, joinedAt?: string}[]} */
  let members = project.members;
  try {
    members = (await api.get(`/api/reviews/projects/${project.id}/members`)).data;
  } catch (error) {
    replace(status, problemPanel(error, { what: 'Team' }));
  }
  const tableBody = h('tbody');
  const table = h('table', { class: 'data team' },
    h('caption', { class: 'visually-hidden' }, 'Team members and their roles'),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Member'), h('th', { scope: 'col' }, 'Role'), isLead ? h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')) : null)),
    tableBody);

  const fill = () => replace(tableBody, members.map((m) => {
    if (!isLead) return h('tr', null, h('th', { scope: 'row' }, m.username), h('td', null, h('span', { class: `badge role role-${m.role}` }, m.role)));
    const selectId = `role-${m.username}`;
    const select = h('select', { id: selectId, 'aria-label': `Role of ${m.username}`, dataset: { field: 'role' } },
      roles.map((r) => h('option', { value: r.value, selected: r.value === m.role }, r.value)));
    select.addEventListener('change', () => change(() => api.put(`/api/reviews/projects/${project.id}/members/${encodeURIComponent(m.username)}`, { role: /** @type {HTMLSelectElement} */ (select).value }), `${m.username} is now ${/** @type {HTMLSelectElement} */ (select).value}.`));
    return h('tr', null,
      h('th', { scope: 'row' }, m.username, m.username === ctx.user ? h('span', { class: 'hint' }, ' (you)') : null),
      h('td', null, select),
      h('td', null, h('button', { type: 'button', class: 'danger', 'aria-label': `Remove ${m.username}`, onclick: () => {
        if (confirm(`Remove ${m.username} from this project? Their decisions stay recorded.`)) change(() => api.del(`/api/reviews/projects/${project.id}/members/${encodeURIComponent(m.username)}`), `${m.username} removed.`);
      } }, 'Remove')));
  }));

  /** @param {() => Promise<{data: any}>} call @param {string} done */
  async function change(call, done) {
    replace(status);
    try {
      members = (await call()).data;
      await ctx.refreshProject();
      announce(done);
      replace(status, h('p', { class: 'notice ok', role: 'status' }, done));
    } catch (error) {
      replace(status, problemPanel(error, { what: 'Changing the team' }));
    }
    fill();
  }

  fill();
  /** @type {HTMLElement | null} */
  let addForm = null;
  if (isLead) {
    const username = field({ label: 'Username', name: 'username', required: true, autocomplete: 'off' });
    const role = field({ label: 'Role', name: 'role', options: roles, value: 'reviewer' });
    const submit = h('button', { type: 'submit', class: 'primary' }, 'Add member');
    addForm = h('form', { class: 'card', novalidate: true, 'aria-labelledby': 'add-title' },
      h('h2', { id: 'add-title' }, 'Add a member'), h('div', { class: 'inline-fields' }, username.wrapper, role.wrapper), h('div', { class: 'actions' }, submit));
    addForm.addEventListener('submit', async (e) => {
      e.preventDefault();
      const form = /** @type {HTMLElement} */ (addForm);
      try {
        const name = /** @type {HTMLInputElement} */ (username.control).value.trim();
        members = (await api.post(`/api/reviews/projects/${project.id}/members`, { username: name, role: /** @type {HTMLSelectElement} */ (role.control).value })).data;
        await ctx.refreshProject();
        fill();
        /** @type {HTMLInputElement} */ (username.control).value = '';
        form.querySelector('.error-summary')?.setAttribute('hidden', '');
        replace(status, h('p', { class: 'notice ok', role: 'status' }, `${name} added.`));
        announce(`${name} added.`);
        /** @type {HTMLInputElement} */ (username.control).focus();
      } catch (error) {
        showFormProblem(form, error);
      }
    });
  }
  replace(ctx.main, heading('Team and roles'),
    isLead ? null : h('p', { class: 'notice', role: 'note' }, 'Only a project lead can change the team.'),
    status, table, addForm);
}
