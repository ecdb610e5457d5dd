// @ts-check
import { signIn } from '../api.js';
import { h, replace, field, showFormProblem, announce } from '../dom.js';

/** @param {{ main: HTMLElement, returnTo: string, navigate: (hash: string) => void, reason: string | null }} ctx */
export async function signInView(ctx) {
  const username = field({ label: 'Username', name: 'username', required: true, autocomplete: 'username' });
  const password = field({ label: 'Password', name: 'password', type: 'password', required: true, autocomplete: 'current-password' });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const form = h('form', { class: 'card narrow', novalidate: true, 'aria-labelledby': 'signin-title' },
    username.wrapper, password.wrapper, submit);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    submit.setAttribute('disabled', '');
    submit.textContent = 'Signing in…';
    try {
      const user = await signIn(/** @type {HTMLInputElement} */ (username.control).value.trim(), /** @type {HTMLInputElement} */ (password.control).value);
      announce(`Signed in as ${user}.`);
      const target = ctx.returnTo && !ctx.returnTo.startsWith('#/signin') ? ctx.returnTo : '#/projects';
      ctx.navigate(target);
    } catch (error) {
      /** @type {HTMLInputElement} */ (password.control).value = '';
      showFormProblem(form, error);
    } finally {
      submit.removeAttribute('disabled');
      submit.textContent = 'Sign in';
    }
  });
  replace(ctx.main,
    h('div', { class: 'signin' },
      h('h1', { id: 'signin-title', class: 'screen-title', tabindex: '-1' }, 'Sign in to EvSysReview'),
      ctx.reason === 'expired' ? h('p', { class: 'notice', role: 'status' }, 'Your sign-in ended. Sign in again to continue where you were.') : null,
      h('p', { class: 'lede' }, 'Living systematic reviews: screening, extraction, risk of bias and a meta-analysis that updates itself.'),
      form,
      h('p', { class: 'hint' }, 'You stay signed in only while this tab is open: the page keeps your sign-in in memory, not on disk.')));
  /** @type {HTMLInputElement} */ (username.control).focus();
}
