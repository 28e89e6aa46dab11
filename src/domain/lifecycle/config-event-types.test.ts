import { describe, expect, it } from 'vitest';
import { templateConfig } from '../../config/templates.ts';
import { configEventTypes } from './config-event-types.ts';

describe('configEventTypes', () => {
  it('lists the event types that stage criteria and score rules name, and nothing else', () => {
    const types = configEventTypes(templateConfig('classic'));
    expect(types).toEqual(expect.arrayContaining(['form_submitted', 'meeting_booked', 'deal_created', 'deal_won', 'page_view']));
    expect(types).not.toContain('email_opened');
    expect(new Set(types).size).toBe(types.length);
  });
});
