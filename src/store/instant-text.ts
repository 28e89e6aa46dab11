// A timestamptz as the domain writes instants: both drivers hand back a Date, and a value that went through JSON
// (a record set, a cached row) comes back as text.

/** The ISO 8601 text (toISOString's form) of a stored instant. */
export const instantText = (value: unknown): string => (value instanceof Date ? value : new Date(String(value))).toISOString();
