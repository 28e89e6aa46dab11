/** A failure the user can act on; printed as one plain line. */
export class CliError extends Error {}
