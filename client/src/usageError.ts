/** A mistake in the command line (exit 2), as opposed to a failed lookup or call (exit 1). */
export class UsageError extends Error {}
