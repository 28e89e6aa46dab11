// Test fixture: a seeded population of realistic contacts with duplicates injected the ways real
// CRMs get them (typos, swapped names, missing fields, reformatted phones, gmail dot variants,
// nicknames), together with the ground truth the scan is measured against.

import { seededRandom } from '../predictive/seeded-random.ts';
import { emailMatchKey } from '../normalize/email.ts';

export type SyntheticPerson = {
  id: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  company: string | null;
  city: string | null;
  country: string;
};

export type SyntheticPopulation = {
  records: SyntheticPerson[];
  /** Every unordered pair of ids that are the same person, as `a|b` with a < b. */
  truePairs: Set<string>;
};

const FIRST_NAMES = [
  'James', 'Mary', 'John', 'Patricia', 'Robert', 'Jennifer', 'Michael', 'Linda', 'William', 'Elizabeth', 'David', 'Barbara',
  'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Charles', 'Karen', 'Christopher', 'Nancy', 'Daniel', 'Lisa',
  'Matthew', 'Margaret', 'Anthony', 'Betty', 'Mark', 'Sandra', 'Donald', 'Ashley', 'Steven', 'Kimberly', 'Paul', 'Emily',
  'Andrew', 'Donna', 'Joshua', 'Michelle', 'Kenneth', 'Carol', 'Kevin', 'Amanda', 'Brian', 'Melissa', 'George', 'Deborah',
  'Timothy', 'Stephanie', 'Ronald', 'Rebecca', 'Jason', 'Laura', 'Edward', 'Sharon', 'Jeffrey', 'Cynthia', 'Ryan', 'Kathleen',
  'Jacob', 'Amy', 'Gary', 'Shirley', 'Nicholas', 'Angela', 'Eric', 'Helen', 'Jonathan', 'Anna', 'Stephen', 'Brenda',
  'Larry', 'Pamela', 'Justin', 'Nicole', 'Scott', 'Samantha', 'Brandon', 'Katherine', 'Benjamin', 'Christine', 'Samuel', 'Debra',
  'Gregory', 'Rachel', 'Alexander', 'Catherine', 'Patrick', 'Carolyn', 'Frank', 'Janet', 'Raymond', 'Ruth', 'Jack', 'Maria',
  'Priya', 'Rahul', 'Wei', 'Mei', 'Hiroshi', 'Yuki', 'Carlos', 'Sofia', 'Mateo', 'Lucia', 'Ahmed', 'Fatima', 'Olga', 'Dmitri',
  'Lukas', 'Lena', 'Pierre', 'Camille', 'Giulia', 'Marco', 'Sven', 'Ingrid', 'Kwame', 'Amara', 'Siobhan', 'Niamh', 'Jean-Luc',
];

const NICKNAMES: Readonly<Record<string, string>> = {
  Robert: 'Bob', William: 'Bill', Richard: 'Rick', Elizabeth: 'Liz', Michael: 'Mike', James: 'Jim', Joseph: 'Joe',
  Thomas: 'Tom', Christopher: 'Chris', Daniel: 'Dan', Matthew: 'Matt', Anthony: 'Tony', Jennifer: 'Jen', Katherine: 'Kate',
  Margaret: 'Maggie', Patricia: 'Pat', Samantha: 'Sam', Alexander: 'Alex', Nicholas: 'Nick', Benjamin: 'Ben',
};

const LAST_NAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez', 'Lopez',
  'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Perez', 'Thompson', 'White',
  'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott',
  'Torres', 'Nguyen', 'Hill', 'Flores', 'Green', 'Adams', 'Nelson', 'Baker', 'Hall', 'Rivera', 'Campbell', 'Mitchell',
  'Carter', 'Roberts', 'Gomez', 'Phillips', 'Evans', 'Turner', 'Diaz', 'Parker', 'Cruz', 'Edwards', 'Collins', 'Reyes',
  'Stewart', 'Morris', 'Morales', 'Murphy', 'Cook', 'Rogers', 'Gutierrez', 'Ortiz', 'Morgan', 'Cooper', 'Peterson', 'Bailey',
  'Reed', 'Kelly', 'Howard', 'Ramos', 'Kim', 'Cox', 'Ward', 'Richardson', 'Watson', 'Brooks', 'Chavez', 'Wood', 'James',
  'Bennett', 'Gray', 'Mendoza', 'Ruiz', 'Hughes', 'Price', 'Alvarez', 'Castillo', 'Sanders', 'Patel', 'Myers', 'Long',
  'Ross', 'Foster', 'Jimenez', 'Powell', 'Jenkins', 'Perry', 'Russell', 'Sullivan', 'Bell', 'Coleman', 'Butler', 'Henderson',
  'Barnes', 'Gonzales', 'Fisher', 'Vasquez', 'Simmons', 'Romero', 'Jordan', 'Patterson', 'Alexander', 'Hamilton', 'Graham',
  'Reynolds', 'Griffin', 'Wallace', 'Moreno', 'West', 'Cole', 'Hayes', 'Bryant', 'Herrera', 'Gibson', 'Ellis', 'Tran',
  'Medina', 'Aguilar', 'Stevens', 'Murray', 'Ford', 'Castro', 'Marshall', 'Owens', 'Harrison', 'Fernandez', 'McDonald',
  'Woods', 'Washington', 'Kennedy', 'Wells', 'Vargas', 'Henry', 'Chen', 'Freeman', 'Webb', 'Tucker', 'Guzman', 'Burns',
  'Crawford', 'Olson', 'Simpson', 'Porter', 'Hunter', 'Gordon', 'Mendez', 'Silva', 'Shaw', 'Snyder', 'Mason', 'Dixon',
  'Muller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Wagner', 'Becker', 'Hoffmann', 'Dubois', 'Moreau', 'Laurent',
  'Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Sharma', 'Singh', 'Kumar', 'Gupta', 'Wang', 'Li', 'Zhang', 'Liu',
  'Tanaka', 'Suzuki', 'Sato', "O'Brien", 'Kowalski', 'Novak', 'Ivanov', 'Petrov', 'Andersson', 'Johansson', 'van der Berg',
];

const COMPANIES: readonly (readonly [string, string])[] = [
  ['Acme Corp', 'acme.com'], ['Globex', 'globex.com'], ['Initech', 'initech.com'], ['Umbrella Health', 'umbrellahealth.com'],
  ['Stark Industries', 'starkindustries.com'], ['Wayne Enterprises', 'wayne-ent.com'], ['Hooli', 'hooli.com'],
  ['Pied Piper', 'piedpiper.com'], ['Vandelay Industries', 'vandelay.com'], ['Soylent', 'soylent.io'], ['Cyberdyne', 'cyberdyne.com'],
  ['Tyrell', 'tyrell.com'], ['Wonka Foods', 'wonkafoods.com'], ['Gringotts', 'gringotts.co.uk'], ['Oscorp', 'oscorp.com'],
  ['Massive Dynamic', 'massivedynamic.com'], ['Aperture Labs', 'aperturelabs.com'], ['Black Mesa', 'blackmesa.org'],
  ['Dunder Mifflin', 'dundermifflin.com'], ['Prestige Worldwide', 'prestigeworldwide.com'], ['Sterling Cooper', 'sterlingcooper.com'],
  ['Bluth Company', 'bluth.com'], ['Los Pollos Hermanos', 'lospollos.com'], ['Nakatomi Trading', 'nakatomi.co.jp'],
  ['Weyland-Yutani', 'weyland.com'], ['Virtucon', 'virtucon.com'], ['Monarch Solutions', 'monarch.io'], ['Northwind Traders', 'northwind.com'],
  ['Contoso', 'contoso.com'], ['Fabrikam', 'fabrikam.com'], ['Tailspin Toys', 'tailspintoys.com'], ['Litware', 'litware.com'],
  ['Adventure Works', 'adventure-works.com'], ['Lakeshore Analytics', 'lakeshore.ai'], ['Brightline Software', 'brightline.dev'],
  ['Kestrel Logistics', 'kestrel-logistics.de'], ['Helios Energie', 'helios-energie.fr'], ['Nordlys Data', 'nordlys.no'],
  ['Quantia Partners', 'quantia.com'], ['Redwood Biotech', 'redwoodbio.com'], ['Summit Legal', 'summitlegal.com'],
  ['Blue Harbor Bank', 'blueharbor.com'], ['Cobalt Robotics', 'cobaltrobotics.com'], ['Evergreen Retail', 'evergreenretail.com'],
  ['Falcon Aerospace', 'falconaero.com'], ['Granite Insurance', 'graniteins.com'], ['Horizon Media', 'horizonmedia.com'],
  ['Ironclad Security', 'ironcladsec.com'], ['Juniper Learning', 'juniperlearning.com'], ['Keystone Health', 'keystonehealth.org'],
];

const COMPANY_FORMS = [' Inc.', ', Inc', ' LLC', ' Ltd', ' GmbH', ''];

const CITIES: readonly (readonly [string, string])[] = [
  ['New York', 'US'], ['San Francisco', 'US'], ['Chicago', 'US'], ['Austin', 'US'], ['Boston', 'US'], ['Seattle', 'US'],
  ['Denver', 'US'], ['Atlanta', 'US'], ['St. Louis', 'US'], ['Los Angeles', 'US'], ['Miami', 'US'], ['Toronto', 'CA'],
  ['London', 'GB'], ['Manchester', 'GB'], ['Edinburgh', 'GB'], ['Berlin', 'DE'], ['Munich', 'DE'], ['Hamburg', 'DE'],
  ['Paris', 'FR'], ['Lyon', 'FR'], ['Madrid', 'ES'], ['Barcelona', 'ES'], ['Milan', 'IT'], ['Amsterdam', 'NL'],
  ['Stockholm', 'SE'], ['Dublin', 'IE'], ['Zurich', 'CH'], ['Sydney', 'AU'], ['Singapore', 'SG'], ['Bangalore', 'IN'],
];

const FREE_MAIL = ['gmail.com', 'gmail.com', 'gmail.com', 'yahoo.com', 'outlook.com', 'hotmail.com', 'icloud.com'];

type Random = () => number;

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

/** Skewed pick: early entries are more common (the first of 200 about 1.7%), as with real names. */
function pickSkewed<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() ** 1.3 * items.length)] as T;
}

function digits(random: Random, count: number): string {
  let s = '';
  for (let i = 0; i < count; i++) s += String(Math.floor(random() * 10));
  return s;
}

type PhoneNumber = { country: string; national: string };

function makePhone(random: Random, country: string): PhoneNumber {
  if (country === 'US' || country === 'CA') return { country: '1', national: `${2 + Math.floor(random() * 8)}${digits(random, 2)}${2 + Math.floor(random() * 8)}${digits(random, 6)}` };
  if (country === 'GB') return { country: '44', national: `20${digits(random, 8)}` };
  if (country === 'DE') return { country: '49', national: `30${digits(random, 8)}` };
  if (country === 'FR') return { country: '33', national: `1${digits(random, 8)}` };
  return { country: '34', national: `9${digits(random, 8)}` };
}

/** The same number in one of the ways people write it. */
function formatPhone(random: Random, phone: PhoneNumber): string {
  const n = phone.national;
  if (phone.country === '1') {
    return pick(random, [
      `(${n.slice(0, 3)}) ${n.slice(3, 6)}-${n.slice(6)}`, `${n.slice(0, 3)}-${n.slice(3, 6)}-${n.slice(6)}`,
      `+1 ${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`, `${n.slice(0, 3)}.${n.slice(3, 6)}.${n.slice(6)}`, `+1${n}`,
    ]);
  }
  return pick(random, [`+${phone.country} ${n.slice(0, 2)} ${n.slice(2, 6)} ${n.slice(6)}`, `0${n.slice(0, 2)} ${n.slice(2)}`, `00${phone.country}${n}`, `+${phone.country}${n}`]);
}

function asciiLocal(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z]/g, '');
}

function makeEmail(random: Random, first: string, last: string, domain: string | null): string {
  const f = asciiLocal(first);
  const l = asciiLocal(last);
  if (domain === null) {
    return `${pick(random, [`${f}.${l}`, `${f}${l}`, `${f}${l}${digits(random, 2)}`, `${f.charAt(0)}${l}${digits(random, 3)}`])}@${pick(random, FREE_MAIL)}`;
  }
  return `${pick(random, [`${f}.${l}`, `${f}.${l}`, `${f.charAt(0)}${l}`, `${f}`, `${f}${l.charAt(0)}`])}@${domain}`;
}

type Person = SyntheticPerson & { phoneNumber: PhoneNumber | null; companyName: string | null };

function typo(random: Random, word: string): string {
  if (word.length < 4) return word;
  const i = 1 + Math.floor(random() * (word.length - 2));
  const kind = pick(random, ['transpose', 'delete', 'substitute', 'insert'] as const);
  const letter = pick(random, [...'aeioulnrst']);
  switch (kind) {
    case 'transpose': return word.slice(0, i) + (word[i + 1] ?? '') + (word[i] ?? '') + word.slice(i + 2);
    case 'delete': return word.slice(0, i) + word.slice(i + 1);
    case 'substitute': return word.slice(0, i) + letter + word.slice(i + 1);
    case 'insert': return word.slice(0, i) + letter + word.slice(i);
  }
}

/** A gmail address written another way that reaches the same mailbox. */
function gmailVariant(random: Random, email: string): string {
  const [local = '', domain = ''] = email.split('@');
  const undotted = local.replaceAll('.', '');
  const dotted = undotted.length > 3 ? `${undotted.slice(0, 2)}.${undotted.slice(2)}` : undotted;
  return `${pick(random, [dotted, `${local}+${pick(random, ['news', 'crm', 'work'])}`, local.toUpperCase()])}@${pick(random, [domain, 'googlemail.com'])}`;
}

const CHANGES = [
  'typo_first', 'typo_last', 'swap_names', 'drop_email', 'drop_phone', 'drop_company', 'drop_city',
  'reformat_phone', 'email_variant', 'other_email', 'nickname', 'company_form', 'upper_case',
] as const;
type Change = (typeof CHANGES)[number];

const NAME_CHANGES: ReadonlySet<Change> = new Set(['typo_first', 'typo_last', 'nickname']);

function chooseChanges(random: Random): Set<Change> {
  const changes = new Set<Change>();
  const count = 1 + Math.floor(random() * 3);
  while (changes.size < count) changes.add(pick(random, CHANGES));
  changes.add('reformat_phone');
  // Without a shared address or number, a person is only recognizable by an intact name.
  const losesIdentifiers = (changes.has('drop_email') || changes.has('other_email')) && changes.has('drop_phone');
  if (losesIdentifiers) for (const c of NAME_CHANGES) changes.delete(c);
  return changes;
}

/**
 * A copy that shares no address, no number and no employer with its original is, to anyone,
 * a namesake: keep the original's address then, so the ground truth stays recognizable.
 */
function keepsIdentity(original: Person, copy: SyntheticPerson): SyntheticPerson {
  const sharesPhone = copy.phone !== null && original.phone !== null;
  const sharesCompany = copy.company !== null && original.company !== null;
  const sharesEmail = copy.email !== null && emailMatchKey(copy.email) === emailMatchKey(original.email ?? '');
  return sharesPhone || sharesCompany || sharesEmail ? copy : { ...copy, email: original.email };
}

function duplicateOf(random: Random, original: Person, id: string, usedEmails: Set<string>): SyntheticPerson {
  const changes = chooseChanges(random);
  let firstName = original.firstName;
  let lastName = original.lastName;
  if (changes.has('nickname') && firstName !== null) firstName = NICKNAMES[firstName] ?? typo(random, firstName);
  if (changes.has('typo_first') && firstName !== null) firstName = typo(random, firstName);
  if (changes.has('typo_last') && lastName !== null) lastName = typo(random, lastName);
  if (changes.has('upper_case')) {
    firstName = firstName?.toUpperCase() ?? null;
    lastName = lastName?.toUpperCase() ?? null;
  }
  if (changes.has('swap_names')) [firstName, lastName] = [lastName, firstName];
  let email = original.email;
  if (changes.has('email_variant') && email !== null && email.endsWith('@gmail.com')) email = gmailVariant(random, email);
  if (changes.has('other_email')) email = uniqueEmail(random, makeEmail(random, original.firstName ?? '', original.lastName ?? '', null), usedEmails);
  if (changes.has('drop_email')) email = null;
  const phone = changes.has('drop_phone') || original.phoneNumber === null ? null : formatPhone(random, original.phoneNumber);
  let company = original.companyName;
  if (changes.has('company_form') && company !== null) company = `${company}${pick(random, COMPANY_FORMS)}`;
  if (changes.has('drop_company')) company = null;
  const city = changes.has('drop_city') ? null : original.city;
  return keepsIdentity(original, { id, firstName, lastName, email, phone, company, city, country: original.country });
}

/** Two people never share a mailbox, also not through gmail's dot folding. */
function uniqueEmail(random: Random, candidate: string, used: Set<string>): string {
  let email = candidate;
  while (used.has(emailMatchKey(email) ?? email)) email = email.replace('@', digits(random, 1) + '@');
  used.add(emailMatchKey(email) ?? email);
  return email;
}

function makePerson(random: Random, id: string, usedEmails: Set<string>): Person {
  const firstName = pickSkewed(random, FIRST_NAMES);
  const lastName = pickSkewed(random, LAST_NAMES);
  const [city, country] = pick(random, CITIES);
  const employed = random() < 0.75;
  const [companyName, domain] = employed ? pick(random, COMPANIES) : [null, null];
  const email = uniqueEmail(random, makeEmail(random, firstName, lastName, domain), usedEmails);
  const phoneNumber = random() < 0.7 ? makePhone(random, country) : null;
  return {
    id, firstName, lastName, email, phoneNumber, companyName,
    phone: phoneNumber === null ? null : formatPhone(random, phoneNumber),
    company: companyName,
    city: random() < 0.9 ? city : null,
    country,
  };
}

function pairKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

/** `size` records of which about `duplicateShare` are extra copies of other people, shuffled. */
export function generatePopulation(size: number, duplicateShare: number, seed: number): SyntheticPopulation {
  const random = seededRandom(seed);
  const usedEmails = new Set<string>();
  const originalsCount = Math.round(size * (1 - duplicateShare));
  const originals = Array.from({ length: originalsCount }, (_, i) => makePerson(random, `p${i}`, usedEmails));
  const clusters = new Map<string, string[]>(originals.map((p) => [p.id, [p.id]]));
  const duplicates: SyntheticPerson[] = [];
  for (let i = 0; duplicates.length < size - originalsCount; i++) {
    const original = pick(random, originals);
    const duplicate = duplicateOf(random, original, `d${i}`, usedEmails);
    duplicates.push(duplicate);
    clusters.get(original.id)?.push(duplicate.id);
  }
  const records: SyntheticPerson[] = [
    ...originals.map(({ phoneNumber: _p, companyName: _c, ...person }) => person),
    ...duplicates,
  ];
  for (let i = records.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [records[i], records[j]] = [records[j] as SyntheticPerson, records[i] as SyntheticPerson];
  }
  const truePairs = new Set<string>();
  for (const ids of clusters.values()) {
    for (let x = 0; x < ids.length; x++) {
      for (let y = x + 1; y < ids.length; y++) truePairs.add(pairKey(ids[x] as string, ids[y] as string));
    }
  }
  return { records, truePairs };
}
