import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestWorkspace, openTestDatabase } from '../../../test/databases.ts';
import { SYSTEM_ACTOR } from '../../store/audit.ts';
import type { Database } from '../../store/database.ts';
import { newId } from '../../store/ids.ts';
import { insertPropertyDefinition } from '../../store/property-definitions.ts';
import type { RequestContext } from '../context.ts';
import { type ImportOptions, type RejectedRow, runImport } from './run-import.ts';

const csv = (lines: string[]) => Readable.from([`${lines.join('\n')}\n`]);

const people = (count: number, from = 0) =>
  Array.from({ length: count }, (_, i) => `person${from + i}@acme-${(from + i) % 7}.com,First${from + i},Last${from + i},Germany`);

describe.each(backends)('CSV import (%s)', (kind) => {
  let db: Database;
  const ctxFor = async (): Promise<RequestContext> => ({ db, workspaceId: await createTestWorkspace(db), actor: SYSTEM_ACTOR });
  const importText = async (ctx: RequestContext, lines: string[], options: Partial<ImportOptions> = {}) => {
    const rejected: RejectedRow[] = [];
    const summary = await runImport(ctx, csv(lines), { objectType: 'contact', fileName: 'people.csv', fileSize: null, onRejected: (r) => rejected.push(r), ...options });
    return { summary, rejected };
  };
  const contactsOf = (ctx: RequestContext) =>
    db.query(
      `SELECT c.email, c.first_name, c.last_name, c.country, c.lifecycle_stage, co.domain
       FROM contacts c LEFT JOIN companies co ON co.workspace_id = c.workspace_id AND co.id = c.company_id
       WHERE c.workspace_id = $1 ORDER BY c.email`,
      [ctx.workspaceId],
    );

  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(async () => db.close());

  it('imports the good rows of a file with 5% bad rows and lists each bad row with its line and reason', async () => {
    const ctx = await ctxFor();
    const rows = people(190);
    const bad = ['not-an-email,A,B,Germany', 'x@y.com,A,B,Atlantis', 'too,few', ',No,Email,France', 'bob@acme.com,Bob,B,Germany,extra'];
    const lines = ['E-mail,First Name,Last Name,Country'];
    // Every 20th data row is bad: 10 of 200.
    for (let i = 0, b = 0; i < 200; i++) lines.push(i % 20 === 19 ? bad[b++ % bad.length]! : rows.shift()!);
    const { summary, rejected } = await importText(ctx, lines);
    expect(summary).toMatchObject({ status: 'completed', rows: 200, created: 190, updated: 0, unchanged: 0, rejected: 10 });
    expect(rejected.map((r) => r.line)).toEqual([21, 41, 61, 81, 101, 121, 141, 161, 181, 201]);
    expect(rejected.slice(0, 5).map((r) => r.reason)).toEqual([
      'email: "not-an-email" is not a valid email address',
      'country: "Atlantis" is not a known country',
      'expected 4 columns, found 2',
      'email is missing (the import key)',
      'expected 4 columns, found 5',
    ]);
    expect(rejected[0]!.columns).toEqual(['not-an-email', 'A', 'B', 'Germany']);
    const stored = await contactsOf(ctx);
    expect(stored).toHaveLength(190);
    expect(stored[0]).toMatchObject({ email: 'person0@acme-0.com', first_name: 'First0', country: 'DE', domain: 'acme-0.com' });
    // Imported contacts go through the lifecycle: none is left without a stage.
    expect(new Set(stored.map((c) => c.lifecycle_stage))).toEqual(new Set(['subscriber']));
  });

  it('changes nothing when the same file is imported again', async () => {
    const ctx = await ctxFor();
    const lines = ['Email,First Name,Last Name,Country', ...people(30)];
    await importText(ctx, lines);
    const before = await db.query('SELECT id, updated_at FROM contacts WHERE workspace_id = $1 ORDER BY id', [ctx.workspaceId]);
    const { summary } = await importText(ctx, lines);
    expect(summary).toMatchObject({ created: 0, updated: 0, unchanged: 30, rejected: 0 });
    expect(await db.query('SELECT id, updated_at FROM contacts WHERE workspace_id = $1 ORDER BY id', [ctx.workspaceId])).toEqual(before);
    const audits = await db.query(`SELECT changes FROM audit_log WHERE workspace_id = $1 AND action = 'contact.import'`, [ctx.workspaceId]);
    expect(audits).toHaveLength(2);
  });

  it('upserts by email: a changed row updates, the same email twice in one batch is folded', async () => {
    const ctx = await ctxFor();
    await importText(ctx, ['Email,First Name,Job Title', 'ann@globex.com,Ann,Engineer']);
    const { summary } = await importText(ctx, ['Email Address,First Name,Job Title', 'ANN@globex.com ,Anne,', 'new@globex.com,New,', 'new@globex.com,,CTO']);
    expect(summary).toMatchObject({ created: 1, updated: 2, unchanged: 0 });
    const stored = await db.query('SELECT email, first_name, job_title FROM contacts WHERE workspace_id = $1 ORDER BY email', [ctx.workspaceId]);
    expect(stored).toEqual([
      { email: 'ann@globex.com', first_name: 'Anne', job_title: 'Engineer' },
      { email: 'new@globex.com', first_name: 'New', job_title: 'CTO' },
    ]);
  });

  it('ends an import interrupted after two batches and run again with exactly the rows of one full run', async () => {
    const lines = ['Email,First Name,Last Name,Country', ...people(95), 'broken,row', ...people(50, 95)];
    const full = await ctxFor();
    const once = await importText(full, lines, { batchSize: 20 });
    const ctx = await ctxFor();
    const controller = new AbortController();
    let batches = 0;
    const first = await importText(ctx, lines, {
      batchSize: 20,
      signal: controller.signal,
      onProgress: () => {
        if (++batches === 2) controller.abort();
      },
    });
    expect(first.summary).toMatchObject({ status: 'interrupted', rows: 40 });
    expect(await contactsOf(ctx)).toHaveLength(40);
    const second = await importText(ctx, lines, { batchSize: 20 });
    expect(second.summary).toMatchObject({ status: 'completed', resumedAfterLine: 41, importId: first.summary.importId });
    const { importId: _a, resumedAfterLine: _b, ...resumedCounts } = second.summary;
    const { importId: _c, resumedAfterLine: _d, ...fullCounts } = once.summary;
    expect(resumedCounts).toEqual(fullCounts);
    expect(await contactsOf(ctx)).toEqual(await contactsOf(full));
  });

  it('links a contact to its email domain\'s company, else to the oldest company of the name it gives', async () => {
    const ctx = await ctxFor();
    const company = (name: string, domain: string | null, createdAt: string) =>
      db.query<{ id: string }>('INSERT INTO companies (workspace_id, id, name, domain, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id', [ctx.workspaceId, newId(), name, domain, createdAt]);
    const [younger] = await company('Initech', null, '2024-02-01T00:00:00Z');
    const [older] = await company('INITECH', null, '2024-01-01T00:00:00Z');
    const [hooli] = await company('Hooli Inc', 'hooli.com', '2024-01-01T00:00:00Z');
    const { summary } = await importText(ctx, [
      'Email,Company',
      'peter@gmail.com,initech',
      'gavin@hooli.com,Initech',
      'erlich@gmail.com,Aviato',
      'jared@gmail.com,',
      'monica@raviga.com,Raviga Capital',
    ]);
    expect(summary).toMatchObject({ created: 5, companiesCreated: 1 });
    const linked = await db.query<{ email: string; company_id: string | null; name: string | null }>(
      `SELECT c.email, c.company_id, co.name FROM contacts c LEFT JOIN companies co ON co.workspace_id = c.workspace_id AND co.id = c.company_id
       WHERE c.workspace_id = $1 ORDER BY c.email`,
      [ctx.workspaceId],
    );
    expect(linked.map((c) => [c.email, c.company_id, c.name])).toEqual([
      ['erlich@gmail.com', null, null],
      ['gavin@hooli.com', hooli!.id, 'Hooli Inc'],
      ['jared@gmail.com', null, null],
      ['monica@raviga.com', expect.any(String), 'Raviga Capital'],
      ['peter@gmail.com', older!.id, 'INITECH'],
    ]);
    expect(younger!.id).not.toBe(older!.id);
  });

  // On the shared PostgreSQL test database the table's size depends on the other tests; a fresh PGlite starts empty.
  it.runIf(kind === 'pglite')('leaves the planner statistics of a bulk-loaded table fresh for the re-evaluation', async () => {
    const ctx = await ctxFor();
    const reltuples = async () => (await db.query<{ n: number }>(`SELECT reltuples::float8 AS n FROM pg_class WHERE oid = 'contacts'::regclass`))[0]!.n;
    expect(await reltuples()).toBeLessThan(1000);
    await importText(ctx, ['Email,First Name,Last Name,Country', ...people(1000)]);
    expect(await reltuples()).toBeGreaterThanOrEqual(1000);
  });

  it('reports unknown columns once and maps columns matching custom properties', async () => {
    const ctx = await ctxFor();
    await insertPropertyDefinition(db, ctx.workspaceId, { objectType: 'contact', name: 'seats', type: 'number', label: 'Seat count', options: [], protected: false });
    const { summary, rejected } = await importText(ctx, ['Email,Seat Count,Favourite Colour', 'a@initech.com,"1,200",blue', 'b@initech.com,many,red']);
    expect(summary.unknownColumns).toEqual(['Favourite Colour']);
    expect(rejected.map((r) => r.reason)).toEqual(['properties.seats must be a number']);
    expect(await db.query('SELECT properties FROM contacts WHERE workspace_id = $1', [ctx.workspaceId])).toEqual([{ properties: { seats: 1200 } }]);
  });

  it('follows --map over the detected mapping and refuses a map naming an unknown field', async () => {
    const ctx = await ctxFor();
    const { summary } = await importText(ctx, ['Mail,Nom', 'z@hooli.com,Zed'], { map: { Mail: 'email', Nom: 'lastName' } });
    expect(summary).toMatchObject({ created: 1, unknownColumns: [] });
    await expect(importText(ctx, ['Mail'], { map: { Mail: 'shoeSize' } })).rejects.toThrow(/"shoeSize" is not an importable contact field/);
  });

  it('validates and counts in a dry run without writing anything', async () => {
    const ctx = await ctxFor();
    const { summary, rejected } = await importText(ctx, ['Email', 'a@x.com', 'bad', 'a@x.com'], { dryRun: true });
    expect(summary).toMatchObject({ dryRun: true, importId: null, created: 1, unchanged: 1, rejected: 1 });
    expect(rejected).toHaveLength(1);
    expect(await db.query('SELECT 1 FROM contacts WHERE workspace_id = $1', [ctx.workspaceId])).toEqual([]);
    expect(await db.query('SELECT 1 FROM imports WHERE workspace_id = $1', [ctx.workspaceId])).toEqual([]);
  });

  it('reads a HubSpot contacts export: stages, sources, and stage history dates', async () => {
    const ctx = await ctxFor();
    const { summary, rejected } = await importText(
      ctx,
      [
        'Record ID,First Name,Last Name,Email,Phone Number,Lifecycle Stage,Lead Status,Original Source,Original Source Drill-Down 1,Create Date,Associated Company,Job Title,Country/Region,City,Become a Lead Date,Become a Marketing Qualified Lead Date,Become a Sales Qualified Lead Date,Become an Opportunity Date,Become a Customer Date',
        '101,Maria,Lopez,maria@umbrella.com,+1 415 555 0132,salesqualifiedlead,ATTEMPTED_TO_CONTACT,PAID_SEARCH,google,2024-01-05 09:00,Umbrella Health,VP Marketing,United States,Boston,2024-01-05 09:00,2024-02-01 10:00,2024-03-01 11:30,,',
        '102,Li,Wang,li.wang@gmail.com,,customer,,ORGANIC_SEARCH,,2023-06-01 08:00,,,Germany,,2023-06-01 08:00,,,2023-07-01 00:00,2023-08-15 00:00',
        '103,Bad,Stage,bad@x.com,,prospect,,,,,,,,,,,,,',
      ],
      { preset: 'hubspot' },
    );
    expect(summary).toMatchObject({ created: 2, rejected: 1, unknownColumns: ['Record ID'] });
    expect(rejected[0]!.reason).toMatch(/lifecycle stage "prospect" is not a stage/);
    const [maria] = await db.query<Record<string, unknown>>(
      `SELECT c.lifecycle_stage, c.lead_status, c.original_source, c.created_at, c.stage_entered_at, c.phone, co.name AS company
       FROM contacts c LEFT JOIN companies co ON co.workspace_id = c.workspace_id AND co.id = c.company_id WHERE c.workspace_id = $1 AND c.email = 'maria@umbrella.com'`,
      [ctx.workspaceId],
    );
    expect(maria).toMatchObject({ lifecycle_stage: 'sales_qualified', lead_status: 'attempting', phone: '+14155550132', company: 'Umbrella Health' });
    expect(maria!.original_source).toMatchObject({ channel: 'paid_search', source: 'google', at: '2024-01-05T09:00:00.000Z' });
    expect(new Date(maria!.created_at as string).toISOString()).toBe('2024-01-05T09:00:00.000Z');
    expect(new Date(maria!.stage_entered_at as string).toISOString()).toBe('2024-03-01T11:30:00.000Z');
    const history = await db.query<{ email: string; from_stage: string | null; to_stage: string; entered_at: Date; exited_at: Date | null }>(
      `SELECT c.email, t.from_stage, t.to_stage, t.entered_at, t.exited_at FROM stage_transitions t JOIN contacts c ON c.workspace_id = t.workspace_id AND c.id = t.contact_id
       WHERE t.workspace_id = $1 AND t.cause_type = 'import' ORDER BY c.email, t.entered_at`,
      [ctx.workspaceId],
    );
    const iso = (d: Date | null) => (d === null ? null : new Date(d).toISOString().slice(0, 10));
    expect(history.map((h) => [h.email, h.from_stage, h.to_stage, iso(h.entered_at), iso(h.exited_at)])).toEqual([
      ['li.wang@gmail.com', null, 'lead', '2023-06-01', '2023-07-01'],
      ['li.wang@gmail.com', 'lead', 'opportunity', '2023-07-01', '2023-08-15'],
      ['li.wang@gmail.com', 'opportunity', 'customer', '2023-08-15', null],
      ['maria@umbrella.com', null, 'lead', '2024-01-05', '2024-02-01'],
      ['maria@umbrella.com', 'lead', 'marketing_qualified', '2024-02-01', '2024-03-01'],
      ['maria@umbrella.com', 'marketing_qualified', 'sales_qualified', '2024-03-01', null],
    ]);
  });

  it('rolls a company up from the stages a file gives its contacts, and never pushes it down to them', async () => {
    const ctx = await ctxFor();
    const header = 'Email,First Name,Lifecycle Stage,Company Domain';
    await importText(ctx, [header, 'ann@initech.com,Ann,customer,initech.com', 'bob@initech.com,Bob,lead,initech.com', 'cy@hooli.com,Cy,marketingqualifiedlead,hooli.com'], { preset: 'hubspot' });
    const companies = () =>
      db.query<{ domain: string; lifecycle_stage: string | null; customer_status: string | null }>(
        'SELECT domain, lifecycle_stage, customer_status FROM companies WHERE workspace_id = $1 ORDER BY domain',
        [ctx.workspaceId],
      );
    expect(await companies()).toEqual([
      { domain: 'hooli.com', lifecycle_stage: 'marketing_qualified', customer_status: null },
      { domain: 'initech.com', lifecycle_stage: 'customer', customer_status: 'active' },
    ]);
    expect((await contactsOf(ctx)).map((c) => [c.email, c.lifecycle_stage])).toEqual([
      ['ann@initech.com', 'customer'],
      ['bob@initech.com', 'lead'],
      ['cy@hooli.com', 'marketing_qualified'],
    ]);
    // A corrected file sets Ann back to lead: her company follows from all of its people again.
    await importText(ctx, [header, 'ann@initech.com,Ann,lead,initech.com'], { preset: 'hubspot' });
    expect((await companies())[1]).toEqual({ domain: 'initech.com', lifecycle_stage: 'lead', customer_status: 'inactive' });
  });

  it('moves the contacts of imported deals as deals made through the API do, and records nothing new when run again', async () => {
    const ctx = await ctxFor();
    await importText(ctx, ['Email,First Name,Company Domain', 'rita@acme.com,Rita,acme.com', 'sam@acme.com,Sam,acme.com', 'tia@globex.com,Tia,globex.com', 'uma@globex.com,Uma,globex.com']);
    const lines = [
      'Deal ID,Deal Name,Amount,Deal Stage,Status,Create Date,Close Date,Company Domain,Contact Email',
      'D1,Acme expansion,1000,closedwon,won,2024-03-01,2024-04-15,acme.com,rita@acme.com',
      'D2,Globex pilot,500,proposal,open,2024-05-01,,globex.com,tia@globex.com',
    ];
    const first = await runImport(ctx, csv(lines), { objectType: 'deal', fileName: 'd.csv', fileSize: null });
    expect(first).toMatchObject({ created: 2, rejected: 0 });
    const stages = () =>
      db.query<{ email: string; lifecycle_stage: string; company_stage: string }>(
        `SELECT c.email, c.lifecycle_stage, co.lifecycle_stage AS company_stage FROM contacts c JOIN companies co ON co.workspace_id = c.workspace_id AND co.id = c.company_id
          WHERE c.workspace_id = $1 ORDER BY c.email`,
        [ctx.workspaceId],
      );
    expect((await stages()).map((r) => [r.email, r.lifecycle_stage, r.company_stage])).toEqual([
      ['rita@acme.com', 'customer', 'customer'],
      ['sam@acme.com', 'subscriber', 'customer'],
      ['tia@globex.com', 'opportunity', 'opportunity'],
      ['uma@globex.com', 'subscriber', 'opportunity'],
    ]);
    // The milestones happened when the file says: the deal was made on March 1st and won on April 15th. (Rita's
    // stage rows are stamped no earlier than her import, when she entered her first stage.)
    const ritas = await db.query<{ type: string; occurred_at: Date; deal: string }>(
      `SELECT e.type, e.occurred_at, d.external_id AS deal FROM events e JOIN contacts c ON c.workspace_id = e.workspace_id AND c.id = e.contact_id
         JOIN deals d ON d.workspace_id = e.workspace_id AND d.id::text = e.properties ->> 'dealId'
        WHERE e.workspace_id = $1 AND c.email = 'rita@acme.com' ORDER BY e.occurred_at`,
      [ctx.workspaceId],
    );
    expect(ritas.map((e) => [e.type, new Date(e.occurred_at).toISOString().slice(0, 10), e.deal])).toEqual([
      ['deal_created', '2024-03-01', 'D1'],
      ['deal_won', '2024-04-15', 'D1'],
    ]);
    const milestones = () => db.query(`SELECT count(*)::int AS n FROM events WHERE workspace_id = $1 AND type LIKE 'deal_%'`, [ctx.workspaceId]);
    expect(await milestones()).toEqual([{ n: 3 }]);
    const transitions = () => db.query(`SELECT count(*)::int AS n FROM stage_transitions WHERE workspace_id = $1`, [ctx.workspaceId]);
    const before = await transitions();
    const again = await runImport(ctx, csv(lines), { objectType: 'deal', fileName: 'd.csv', fileSize: null });
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    expect(await milestones()).toEqual([{ n: 3 }]);
    expect(await transitions()).toEqual(before);
    // The pilot is won later: only its won milestone is new.
    await runImport(ctx, csv([lines[0]!, 'D2,Globex pilot,500,closedwon,won,2024-05-01,2024-06-30,globex.com,tia@globex.com']), { objectType: 'deal', fileName: 'd2.csv', fileSize: null });
    expect(await milestones()).toEqual([{ n: 4 }]);
    expect((await stages()).map((r) => [r.email, r.lifecycle_stage, r.company_stage])[2]).toEqual(['tia@globex.com', 'customer', 'customer']);
  });

  it('imports companies by domain, deals by id with their contacts, and events by contact email', async () => {
    const ctx = await ctxFor();
    const companies = await runImport(ctx, csv(['Company Name,Website,Number of Employees', 'Acme,https://www.acme.com/about,250', 'Nope,not a domain,3']), {
      objectType: 'company', fileName: 'c.csv', fileSize: null,
    });
    expect(companies).toMatchObject({ created: 1, rejected: 1 });
    await importText(ctx, ['Email,First Name', 'rita@acme.com,Rita']);
    const deals = await runImport(ctx, csv(['Deal ID,Deal Name,Amount,Deal Stage,Company Domain,Contact Email', 'D1,Acme renewal,"12,500.00",proposal,acme.com,rita@acme.com']), {
      objectType: 'deal', fileName: 'd.csv', fileSize: null,
    });
    expect(deals).toMatchObject({ created: 1 });
    const [deal] = await db.query<{ amount: number; external_id: string; company: string; contacts: number }>(
      `SELECT d.amount::int AS amount, d.external_id, co.name AS company, (SELECT count(*)::int FROM deal_contacts dc WHERE dc.workspace_id = d.workspace_id AND dc.deal_id = d.id) AS contacts
       FROM deals d JOIN companies co ON co.workspace_id = d.workspace_id AND co.id = d.company_id WHERE d.workspace_id = $1`,
      [ctx.workspaceId],
    );
    expect(deal).toEqual({ amount: 1250000, external_id: 'D1', company: 'Acme', contacts: 1 });
    const eventLines = ['Event Type,Email,Timestamp,Page URL', 'page_view,rita@acme.com,2024-05-01T10:00:00Z,https://acme.com/pricing', 'page_view,ghost@acme.com,2024-05-01T10:00:00Z,', 'teleported,rita@acme.com,2024-05-01,'];
    const rejected: RejectedRow[] = [];
    const events = await runImport(ctx, csv(eventLines), { objectType: 'event', fileName: 'e.csv', fileSize: null, onRejected: (r) => rejected.push(r) });
    expect(events).toMatchObject({ created: 1, rejected: 2 });
    expect(rejected.map((r) => [r.line, r.reason])).toEqual([
      [4, 'type "teleported" is not an event type'],
      [3, 'no contact has the email ghost@acme.com'],
    ]);
    const again = await runImport(ctx, csv(eventLines), { objectType: 'event', fileName: 'e.csv', fileSize: null });
    expect(again).toMatchObject({ created: 0, unchanged: 1 });
  });
});
