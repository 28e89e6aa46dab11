// Companies with a Zipf-like size mix: rank 1 is an enterprise with thousands of people in the CRM's reach,
// the long tail are small firms. Names and domains are built from word lists, unique per workspace.

import { gaussian } from '../../src/domain/predictive/seeded-random.ts';

export type GeneratedCompany = { name: string; domain: string; industry: string; employees: number; country: string; city: string };

const FIRST = ['North', 'Blue', 'Bright', 'Iron', 'Silver', 'Cedar', 'Quantum', 'Summit', 'Harbor', 'Nova', 'Apex', 'Granite', 'Atlas', 'Falcon', 'Lumen', 'Vertex', 'Maple', 'Orbit', 'Pioneer', 'Redwood', 'Sterling', 'Tidal', 'Union', 'Vista', 'Willow'];
const SECOND = ['Labs', 'Systems', 'Health', 'Logistics', 'Analytics', 'Software', 'Partners', 'Retail', 'Energy', 'Capital', 'Robotics', 'Media', 'Foods', 'Security', 'Learning', 'Works', 'Cloud', 'Bio', 'Legal', 'Motors'];
const INDUSTRIES = ['software', 'financial_services', 'healthcare', 'retail', 'manufacturing', 'education', 'media', 'logistics', 'energy', 'professional_services'];
const PLACES: readonly (readonly [string, string, string])[] = [
  ['New York', 'US', 'com'], ['San Francisco', 'US', 'com'], ['Austin', 'US', 'io'], ['Chicago', 'US', 'com'], ['Boston', 'US', 'com'],
  ['Toronto', 'CA', 'ca'], ['London', 'GB', 'co.uk'], ['Berlin', 'DE', 'de'], ['Munich', 'DE', 'de'], ['Paris', 'FR', 'fr'],
  ['Madrid', 'ES', 'es'], ['Amsterdam', 'NL', 'nl'], ['Stockholm', 'SE', 'se'], ['Dublin', 'IE', 'ie'], ['Sydney', 'AU', 'com.au'], ['Singapore', 'SG', 'sg'],
];

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/** `count` companies by rank; employee counts fall with rank as a power law, with log-normal noise. */
export const generateCompanies = (count: number, random: () => number): GeneratedCompany[] => {
  const usedDomains = new Set<string>();
  return Array.from({ length: count }, (_, rank) => {
    const base = `${pick(random, FIRST)} ${pick(random, SECOND)}`;
    const [city, country, tld] = pick(random, PLACES);
    let slug = base.toLowerCase().replace(/[^a-z]/g, '');
    let domain = `${slug}.${tld}`;
    for (let n = 2; usedDomains.has(domain); n++) domain = `${slug}${n}.${tld}`;
    usedDomains.add(domain);
    slug = domain.slice(0, domain.indexOf('.'));
    const name = slug === base.toLowerCase().replace(/[^a-z]/g, '') ? base : `${base} ${slug.replace(/^\D+/, '')}`;
    const employees = Math.max(1, Math.round((50_000 / (rank + 1) ** 0.9) * Math.exp(0.6 * gaussian(random))));
    return { name, domain, industry: pick(random, INDUSTRIES), employees, country, city };
  });
};
