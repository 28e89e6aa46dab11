// Both drivers must hand back the same JavaScript values for the same SQL types.
// pg returns int8 and numeric as strings and dates as local-time Date objects; we want numbers and ISO dates.

export const INT8_OID = 20;
export const NUMERIC_OID = 1700;
export const DATE_OID = 1082;

export const parseInt8 = (value: string): number => Number(value);
export const parseNumeric = (value: string): number => Number(value);
export const parseDate = (value: string): string => value;
