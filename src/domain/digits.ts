/** The number the digits of `text` from `from` up to `to` spell, or -1 when one of them is not a digit. */
export const digitsAt = (text: string, from: number, to: number): number => {
  let value = 0;
  for (let i = from; i < to; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
};

/**
 * The date and time fields of `YYYY-MM-DD?HH:MM:SS…` read by position (the separators are the caller's to check),
 * each -1 where its digits are not digits.
 */
export const dateTimeDigits = (text: string) => ({
  year: digitsAt(text, 0, 4),
  month: digitsAt(text, 5, 7),
  day: digitsAt(text, 8, 10),
  hour: digitsAt(text, 11, 13),
  minute: digitsAt(text, 14, 16),
  second: digitsAt(text, 17, 19),
});
