import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { formatConfigErrors, loadConfigFile, parseConfig, parseConfigYaml, type ConfigResult } from './load-config.ts';
import { defaultScoringConfig } from './scoring-default.ts';
import { templateDocument } from './template-files.ts';

const errorsOf = (result: ConfigResult) => (result.ok ? [] : result.errors);

type ConfigDocument = {
  stages: Record<string, unknown>[];
  leadStatuses: string[];
  recycle: Record<string, unknown>;
  milestones: unknown;
};

/** The classic template as a document, with `change` applied to a deep copy. */
const classicWith = (change: (document: ConfigDocument) => void): unknown => {
  const document = structuredClone(templateDocument('classic')) as ConfigDocument;
  change(document);
  return document;
};

describe('parseConfig: field errors carry paths', () => {
  it('config validation errors carry paths down into filters', () => {
    const result = parseConfig(
      classicWith((document) => {
        document.stages[3]!.entry = { all: [{ property: 'fitScore', op: 'greater', value: 40 }] };
        document.stages[1]!.team = 'sales';
      }),
    );
    expect(errorsOf(result).map((error) => error.path)).toEqual(['stages.1.team', 'stages.3.entry.all.0.op']);
    expect(errorsOf(result)[0]!.message).toMatch(/marketing/);
  });

  it('rejects unknown keys, so a misspelt setting is not silently ignored', () => {
    const result = parseConfig(classicWith((document) => (document.stages[0]!.requiredField = ['email'])));
    expect(errorsOf(result)).toEqual([{ path: 'stages.0', message: expect.stringContaining('requiredField') }]);
  });

  it('checks numbers and required sections', () => {
    const result = parseConfig(
      classicWith((document) => {
        document.recycle.engagementResetFraction = 1.5;
        delete document.stages[2]!.label;
      }),
    );
    expect(errorsOf(result).map((error) => error.path)).toEqual(['stages.2.label', 'recycle.engagementResetFraction']);
  });
});

describe('parseConfig: cross-checks', () => {
  it('refuses duplicate stage ids and orders', () => {
    const result = parseConfig(
      classicWith((document) => {
        document.stages[2]!.id = 'lead';
        document.stages[3]!.order = 10;
      }),
    );
    expect(errorsOf(result)).toEqual(
      expect.arrayContaining([
        { path: 'stages.1.id', message: 'duplicate stage id "lead"' },
        { path: 'stages.2.id', message: 'duplicate stage id "lead"' },
        { path: 'stages.0.order', message: 'order 10 is used by another stage' },
        { path: 'stages.3.order', message: 'order 10 is used by another stage' },
      ]),
    );
  });

  it('refuses a recycle target that is not a stage, and one off the path', () => {
    expect(errorsOf(parseConfig(classicWith((document) => (document.recycle.targetStage = 'nurture'))))).toEqual([
      { path: 'recycle.targetStage', message: 'recycle target "nurture" is not a stage' },
    ]);
    expect(errorsOf(parseConfig(classicWith((document) => (document.recycle.targetStage = 'other'))))).toEqual([
      { path: 'recycle.targetStage', message: 'recycle target "other" must be on the path, not off it' },
    ]);
  });

  it('refuses implausible required fields, suggesting the field meant', () => {
    const result = parseConfig(
      classicWith((document) => (document.stages[3]!.requiredFields = ['Email', 'job_title', 'fitScore', 'company.name', 'budget', 'has space'])),
    );
    expect(errorsOf(result)).toEqual([
      { path: 'stages.3.requiredFields.0', message: 'unknown field "Email"; did you mean "email"?' },
      { path: 'stages.3.requiredFields.1', message: 'unknown field "job_title"; did you mean "jobTitle"?' },
      { path: 'stages.3.requiredFields.2', message: '"fitScore" is set by the engine; it cannot be required' },
      {
        path: 'stages.3.requiredFields.5',
        message: '"has space" is not a field name (a contact field, company.<field> or a custom property)',
      },
    ]);
  });

  it('refuses lead statuses that are not in the list', () => {
    const result = parseConfig(
      classicWith((document) => {
        document.stages[2]!.leadStatusOnEntry = 'fresh';
        document.leadStatuses = document.leadStatuses.filter((status) => status !== 'recycled');
      }),
    );
    expect(errorsOf(result)).toEqual([
      { path: 'stages.2.leadStatusOnEntry', message: '"fresh" is not in leadStatuses' },
      { path: 'recycle.leadStatus', message: '"recycled" is not in leadStatuses' },
    ]);
  });

  it('refuses milestones out of order', () => {
    const result = parseConfig(classicWith((document) => (document.milestones = { opportunity: 'customer', customer: 'opportunity' })));
    expect(errorsOf(result)).toContainEqual({
      path: 'milestones.customer',
      message: 'the customer milestone must come after the opportunity milestone',
    });
  });
});

describe('parseConfig: defaults and templates', () => {
  it('inherits the sections a config naming a template leaves out, and the default scoring', () => {
    const result = parseConfig({ template: 'waterfall', recycle: { reasons: ['bad_timing'], targetStage: 'raw', engagementResetFraction: 0.25 } });
    if (!result.ok) throw new Error(formatConfigErrors(result.errors));
    expect(result.config.stages.map((stage) => stage.id)).toContain('sales_generated');
    expect(result.config.recycle).toEqual({ reasons: ['bad_timing'], targetStage: 'raw', engagementResetFraction: 0.25, leadStatus: 'recycled' });
    expect(result.config.scoring).toEqual(defaultScoringConfig);
  });

  it('requires the stages of a config that names no shipped template', () => {
    expect(errorsOf(parseConfig({ template: 'mine' })).map((error) => error.path)).toEqual(['stages', 'leadStatuses', 'recycle']);
  });

  it('fills stage defaults: no criteria, no required fields, no SLA, on the path', () => {
    const result = parseConfig(
      classicWith((document) => (document.stages[0] = { id: 'subscriber', label: 'Subscriber', order: 10, team: 'marketing', description: 'Opted in.' })),
    );
    expect(result.ok && result.config.stages[0]).toEqual({
      id: 'subscriber',
      label: 'Subscriber',
      order: 10,
      team: 'marketing',
      description: 'Opted in.',
      entry: null,
      exit: null,
      requiredFields: [],
      sla: null,
      leadStatusOnEntry: null,
      entryPoint: false,
      offPath: false,
    });
  });
});

describe('parseConfigYaml and loadConfigFile', () => {
  it('points errors at their line in the file', () => {
    const text = stringify(classicWith((document) => (document.stages[1]!.sla = { maxHours: -1, alert: 'bdr' })));
    const [error] = errorsOf(parseConfigYaml(text));
    expect(error).toMatchObject({ path: 'stages.1.sla.maxHours' });
    expect(text.split('\n')[error!.line! - 1]).toMatch(/maxHours: -1/);
  });

  it('reports YAML syntax errors with their line', () => {
    const result = parseConfigYaml('template: classic\nstages: [\n  - id: lead\n');
    expect(errorsOf(result)[0]).toMatchObject({ path: '', message: expect.stringMatching(/^YAML: /) });
    expect(errorsOf(result)[0]!.line).toBeGreaterThan(0);
  });

  it('reads a file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'leadcycle-config-')), 'leadcycle.config.yaml');
    writeFileSync(file, 'template: classic\n');
    const result = await loadConfigFile(file);
    expect(result.ok && result.config.template).toBe('classic');
  });

  it('formats errors one per line for the CLI', () => {
    expect(formatConfigErrors([{ path: 'stages.1.team', message: 'bad team', line: 12 }, { path: '', message: 'YAML: oops' }])).toBe(
      'stages.1.team (line 12): bad team\n(file): YAML: oops',
    );
  });
});
