import { CHANNELS, type Channel } from '../../domain/attribution/channel.ts';
import type { SourceTouch } from '../../domain/contact.ts';
import { normalizeContact } from '../../domain/normalize/normalize-contact.ts';
import { readCustomProperties, readInstant } from './cell-values.ts';
import { hubspotLeadStatus, hubspotSource, hubspotStage } from './hubspot.ts';
import { type ImportSetup, type Prepared, reject } from './import-setup.ts';

export type TransitionRow = { from_stage: string | null; to_stage: string; entered_at: string; exited_at: string | null };

/** A contact row in the shape of the batch statement's record set (snake_case columns). */
export type ContactRow = {
  email: string;
  first_name: string | null;
  last_name: string | null;
  phone: string | null;
  job_title: string | null;
  country: string | null;
  city: string | null;
  company_domain: string | null;
  company_name: string | null;
  lifecycle_stage: string | null;
  lead_status: string | null;
  stage_entered_at: string | null;
  original_source: SourceTouch | null;
  properties: Record<string, unknown>;
  created_at: string | null;
  transitions: TransitionRow[];
};

const asId = (value: string): string => value.trim().toLowerCase().replace(/[\s-]+/g, '_');

const readStage = (text: string, setup: ImportSetup): string | null => {
  const stage = setup.preset === 'hubspot' ? (hubspotStage(text) ?? asId(text)) : asId(text);
  return setup.stages.includes(stage) ? stage : null;
};

const readLeadStatus = (text: string, setup: ImportSetup): string | null => {
  const status = setup.preset === 'hubspot' ? (hubspotLeadStatus(text) ?? asId(text)) : asId(text);
  return setup.leadStatuses.includes(status) ? status : null;
};

const readChannel = (text: string, setup: ImportSetup): Channel | null => {
  const channel = setup.preset === 'hubspot' ? (hubspotSource(text) ?? asId(text)) : asId(text);
  return (CHANNELS as readonly string[]).includes(channel) ? (channel as Channel) : null;
};

const STAGE_DATE = 'stageDate.';

/** "Become a … Date" cells as a chain of transitions, oldest first; each stage exits when the next is entered. */
const readStageDates = (cells: Readonly<Record<string, string>>, setup: ImportSetup): TransitionRow[] | string => {
  let any = false;
  for (const field in cells) if (field.startsWith(STAGE_DATE)) any = true;
  if (!any) return [];
  const dated: { stage: string; at: string }[] = [];
  for (const stage of setup.stages) {
    const text = cells[`${STAGE_DATE}${stage}`];
    if (text === undefined) continue;
    const at = readInstant(text);
    if (at === null) return `the ${stage} date "${text}" is not a date`;
    dated.push({ stage, at });
  }
  dated.sort((a, b) => a.at.localeCompare(b.at) || setup.stages.indexOf(a.stage) - setup.stages.indexOf(b.stage));
  return dated.map((d, i) => ({
    from_stage: dated[i - 1]?.stage ?? null,
    to_stage: d.stage,
    entered_at: d.at,
    exited_at: dated[i + 1]?.at ?? null,
  }));
};

/** Normalizes and checks one contact row; any unusable value rejects the row, so nothing is half-imported. */
export const prepareContact = (cells: Readonly<Record<string, string>>, setup: ImportSetup): Prepared<ContactRow> => {
  const { contact, problems } = normalizeContact({
    email: cells.email,
    firstName: cells.firstName,
    lastName: cells.lastName,
    fullName: cells.fullName,
    phone: cells.phone,
    country: cells.country,
    city: cells.city,
    jobTitle: cells.jobTitle,
    website: cells.website,
  });
  if (problems.some((p) => p.severity === 'error')) {
    return reject(problems.filter((p) => p.severity === 'error').map((p) => `${p.field}: ${p.message}`).join('; '));
  }
  if (contact.email === null) return reject('email is missing (the import key)');

  const lifecycleStage = cells.lifecycleStage === undefined ? null : readStage(cells.lifecycleStage, setup);
  if (cells.lifecycleStage !== undefined && lifecycleStage === null) return reject(`lifecycle stage "${cells.lifecycleStage}" is not a stage (${setup.stages.join(', ')})`);
  const leadStatus = cells.leadStatus === undefined ? null : readLeadStatus(cells.leadStatus, setup);
  if (cells.leadStatus !== undefined && leadStatus === null) return reject(`lead status "${cells.leadStatus}" is not one of ${setup.leadStatuses.join(', ')}`);
  const channel = cells.originalSource === undefined ? null : readChannel(cells.originalSource, setup);
  if (cells.originalSource !== undefined && channel === null) return reject(`original source "${cells.originalSource}" is not a channel (${CHANNELS.join(', ')})`);
  const createdAt = cells.createdAt === undefined ? null : readInstant(cells.createdAt);
  if (cells.createdAt !== undefined && createdAt === null) return reject(`create date "${cells.createdAt}" is not a date`);
  const transitions = readStageDates(cells, setup);
  if (typeof transitions === 'string') return reject(transitions);
  const custom = readCustomProperties(cells, setup.properties);
  if (custom.problems.length > 0) return reject(custom.problems.join('; '));

  const stage = lifecycleStage ?? transitions[transitions.length - 1]?.to_stage ?? null;
  return {
    ok: true,
    key: contact.email,
    row: {
      email: contact.email,
      first_name: contact.firstName,
      last_name: contact.lastName,
      phone: contact.phone,
      job_title: contact.jobTitle,
      country: contact.country,
      city: contact.city,
      company_domain: contact.companyDomain,
      company_name: cells.company?.replace(/\s+/g, ' ') ?? null,
      lifecycle_stage: stage,
      lead_status: leadStatus,
      stage_entered_at: transitions.find((t) => t.to_stage === stage)?.entered_at ?? null,
      original_source:
        channel === null
          ? null
          : {
              channel,
              source: cells.sourceDetail1 ?? null,
              campaign: cells.sourceDetail2 ?? null,
              medium: null,
              term: null,
              referrerDomain: null,
              at: createdAt ?? transitions[0]?.entered_at ?? setup.startedAt,
            },
      properties: custom.values,
      created_at: createdAt,
      transitions,
    },
  };
};
