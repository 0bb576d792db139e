// For the finance tests: books on the real core, set up as the app sets them up.
import type { Role } from '../../api/bindings';
import { realCore } from '../../test/core';

/**
 * Books kept under PRC VAT with a customer, Tea House, signed in as `role` (the owner unless another is given).
 * The shop's day is this computer's, as the app sets it up: the forms' dates are the core's today.
 */
export async function books(role: Role = 'owner') {
  const backend = await realCore(role);
  await backend.run('finances.setup', {
    template: 'prc_small_business',
    utc_offset_minutes: -new Date().getTimezoneOffset(),
  });
  const taxes = await backend.run('finances.taxes.install_preset', { preset: 'prc_vat' });
  const vat = taxes.find((tax) => tax.name === '增值税 13%');
  if (!vat) throw new Error(`the PRC VAT preset has no 13% tax: ${taxes.map((tax) => tax.name).join(', ')}`);
  const customer = await backend.run('customers.create', { name: 'Tea House' });
  return { ...backend, vat, customer };
}

export type Books = Awaited<ReturnType<typeof books>>;
