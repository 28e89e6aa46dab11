// Date#toISOString was the generator's single largest cost (millions of timestamps); the day part is cached
// and the time of day is assembled from lookup tables instead.

const DAY_MS = 86_400_000;
const PAD2 = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, '0'));
const PAD3 = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, '0'));
const days = new Map<number, string>();

/** The same text as `new Date(ms).toISOString()` for whole or fractional milliseconds (truncated). */
export const isoInstant = (ms: number): string => {
  const whole = Math.floor(ms);
  const day = Math.floor(whole / DAY_MS);
  let date = days.get(day);
  if (date === undefined) {
    date = new Date(day * DAY_MS).toISOString().slice(0, 11);
    days.set(day, date);
  }
  const inDay = whole - day * DAY_MS;
  const seconds = Math.floor(inDay / 1000);
  return `${date}${PAD2[Math.floor(seconds / 3600)]}:${PAD2[Math.floor(seconds / 60) % 60]}:${PAD2[seconds % 60]}.${PAD3[inDay % 1000]}Z`;
};
