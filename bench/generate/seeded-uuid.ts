// Generated rows carry UUIDv7 ids like every other row, but made from the seed and the time the row claims
// to have been created, so the same seed gives the same workspace, id for id.

const hex = (value: number, digits: number): string => value.toString(16).padStart(digits, '0');

/** A UUIDv7 for the instant `ms`, its 74 random bits drawn from `random` (three 32-bit draws). */
export const seededUuidV7 = (ms: number, random: () => number): string => {
  const time = hex(Math.max(0, Math.floor(ms)), 12);
  const a = Math.floor(random() * 0x100000000);
  const b = Math.floor(random() * 0x100000000);
  const c = Math.floor(random() * 0x10000);
  return `${time.slice(0, 8)}-${time.slice(8)}-7${hex(a >>> 20, 3)}-${hex(0x8000 | (a & 0x3fff), 4)}-${hex(b, 8)}${hex(c, 4)}`;
};
