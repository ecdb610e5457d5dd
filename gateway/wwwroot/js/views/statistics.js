// @ts-check
import { replace, heading } from '../dom.js';
/** @param {import('../main.js').ViewContext} ctx */
export async function statisticsView(ctx) {
  replace(ctx.main, heading('Agreement'));
}
