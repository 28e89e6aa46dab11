import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CustomerStatus, type DealStatus, rollUpCompany, rollUpForwardMoves } from './company-rollup.ts';
import { config } from './lifecycle-fixture.ts';
import { isCustomerStage, pathIndex, pathStages } from './path.ts';

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

describe('rollUpForwardMoves', () => {
  const stages = [null, 'subscriber', 'lead', 'marketing_qualified', 'sales_qualified', 'opportunity', 'customer', 'evangelist', 'other'];
  const person = fc.record({ lifecycleStage: fc.constantFrom(...stages), customerStatus: fc.constantFrom(null, 'active', 'inactive') });
  const deal = fc.record({ status: fc.constantFrom<DealStatus>('open', 'won', 'lost') });

  it('gives what a roll-up over every contact and deal gives, after any forward moves', () => {
    fc.assert(
      fc.property(
        fc.array(person, { maxLength: 8 }),
        fc.array(deal, { maxLength: 3 }),
        fc.constantFrom<CustomerStatus | null>(null, 'active', 'inactive'),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 5 }),
        (before, deals, previous, moves) => {
          // The stored roll-up, consistent with the company's people and deals.
          const stored = rollUpCompany({ company: { customerStatus: previous }, contacts: before, deals }, config);
          const after = before.map((p) => ({ ...p }));
          const moved = new Set<number>();
          for (const [who, steps] of moves) {
            if (after.length === 0) break;
            const index = who % after.length;
            const current = pathIndex(config, after[index]!.lifecycleStage);
            if (after[index]!.lifecycleStage === 'other') continue;
            const path = pathStages(config);
            const target = path[Math.min(path.length - 1, Math.max(current, -1) + 1 + (steps % 3))]!;
            if (pathIndex(config, target.id) <= current) continue;
            after[index]!.lifecycleStage = target.id;
            // Entering a customer stage activates a contact with no customer status, as enterStage does.
            if (isCustomerStage(config, target.id) && after[index]!.customerStatus === null) after[index]!.customerStatus = 'active';
            moved.add(index);
          }
          const full = rollUpCompany({ company: { customerStatus: stored.customerStatus }, contacts: after, deals }, config);
          expect(rollUpForwardMoves(stored, [...moved].map((i) => after[i]!), config)).toEqual(full);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
