/** A message that failed validation; consumers dead-letter it instead of crashing. */
export class InvalidMessageError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid wire message: ${issues.join('; ')}`);
  }
}
