import { describe, expect, it } from 'vitest';
import { mermaidDiagram, textListing } from './diagram.ts';
import { templateConfig } from './templates.ts';

describe('mermaidDiagram', () => {
  const classic = mermaidDiagram(templateConfig('classic'));

  it('draws every stage as a node and the path as arrows labelled with entry criteria', () => {
    const lines = classic.split('\n');
    expect(lines[0]).toBe('flowchart LR');
    expect(lines).toContain('  marketing_qualified["Marketing qualified lead (MQL)<br/>bdr<br/>SLA 24 h, alert bdr"]');
    expect(lines).toContain('  lead -->|"fitScore #gt;= 40 and engagementScore #gt;= 60"| marketing_qualified');
    expect(lines).toContain('  opportunity -->|"deal_won"| customer');
  });

  it('draws recycling as dashed arrows back to the target and keeps `other` apart', () => {
    const lines = classic.split('\n');
    expect(lines.filter((line) => line.includes('-.->|"recycle"| lead'))).toEqual([
      '  marketing_qualified -.->|"recycle"| lead',
      '  sales_qualified -.->|"recycle"| lead',
      '  opportunity -.->|"recycle"| lead',
    ]);
    expect(lines.some((line) => line.startsWith('  start -.->') && line.endsWith('| other'))).toBe(true);
    expect(lines).toContain('  class other offPath');
  });

  it('feeds an entry point from the start and into the next main stage', () => {
    const lines = mermaidDiagram(templateConfig('waterfall')).split('\n');
    expect(lines).toContain('  start -->|"leadOrigin = #quot;outbound#quot;"| sales_generated');
    expect(lines.some((line) => line.startsWith('  sales_generated -->') && line.endsWith('| sales_qualified'))).toBe(true);
    expect(lines.some((line) => line.startsWith('  sales_accepted -->') && line.endsWith('| sales_qualified'))).toBe(true);
  });
});

describe('textListing', () => {
  it('lists each stage with its definition, criteria, required fields and SLA, then the recycle loop', () => {
    const text = textListing(templateConfig('classic'));
    expect(text).toContain('  40  sales_qualified — Sales qualified lead (SQL) [ae]\n      Asked for a sales conversation');
    expect(text).toContain('      entry: form_submitted where formId contains "demo" or meeting_booked\n      required: email, company.name\n      SLA 168 h, alert ae\n');
    expect(text).toContain(' 100  other — Other [marketing, off path]');
    expect(text).toContain('Recycle: back to lead with lead status recycled, keeping 50% of engagement');
  });
});
