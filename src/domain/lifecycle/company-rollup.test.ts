import { describe, expect, it } from 'vitest';
import { rollUpCompany } from './company-rollup.ts';
import { config } from './lifecycle-fixture.ts';

const contact = (lifecycleStage: string | null, customerStatus: string | null = null) => ({ lifecycleStage, customerStatus });
const noStatus = { customerStatus: null };

describe('rollUpCompany', () => {
  it('one customer contact makes its company a customer while its other contacts keep their own stages', () => {
    const contacts = [contact('lead'), contact('customer', 'active'), contact('marketing_qualified')];
    expect(rollUpCompany({ company: noStatus, contacts, deals: [] }, config)).toEqual({
      lifecycleStage: 'customer',
      customerStatus: 'active',
    });
    // The rollup returns the company's values only: nothing for the contacts to take.
    expect(contacts.map((person) => person.lifecycleStage)).toEqual(['lead', 'customer', 'marketing_qualified']);
  });

  it('takes the furthest stage among contacts and deals: open deal → opportunity, won deal → customer', () => {
    const contacts = [contact('lead')];
    expect(rollUpCompany({ company: noStatus, contacts, deals: [{ status: 'lost' }] }, config).lifecycleStage).toBe('lead');
    expect(rollUpCompany({ company: noStatus, contacts, deals: [{ status: 'open' }] }, config)).toEqual({
      lifecycleStage: 'opportunity',
      customerStatus: null,
    });
    expect(rollUpCompany({ company: noStatus, contacts, deals: [{ status: 'won' }] }, config)).toEqual({
      lifecycleStage: 'customer',
      customerStatus: 'inactive',
    });
  });

  it('ignores off-path contacts and has no stage without contacts or deals', () => {
    expect(rollUpCompany({ company: noStatus, contacts: [contact('other')], deals: [] }, config)).toEqual({
      lifecycleStage: null,
      customerStatus: null,
    });
  });

  it('is an active customer while one contact is, inactive once none is but it was a customer', () => {
    const churned = [contact('customer', 'inactive'), contact('evangelist', 'inactive')];
    expect(rollUpCompany({ company: { customerStatus: 'active' }, contacts: churned, deals: [] }, config)).toEqual({
      lifecycleStage: 'evangelist',
      customerStatus: 'inactive',
    });
    const oneActive = [...churned, contact('evangelist', 'active')];
    expect(rollUpCompany({ company: { customerStatus: 'inactive' }, contacts: oneActive, deals: [] }, config).customerStatus).toBe(
      'active',
    );
    // A company that lost its customer contacts (deleted, moved by an admin) stays a former customer.
    expect(rollUpCompany({ company: { customerStatus: 'active' }, contacts: [contact('lead')], deals: [] }, config).customerStatus).toBe(
      'inactive',
    );
  });
});
