// @ts-check
import { replace, heading } from '../dom.js';
/** @param {import('../main.js').ViewContext} ctx */
export async function riskOfBiasView(ctx) {
  replace(ctx.main, heading('Risk of bias'));
}
