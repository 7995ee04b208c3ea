/** One problem found in a policy or calendar file. */
export interface PolicyIssue {
  file: string;
  /** JSON pointer to the offending value, e.g. /clocks/0/target/default. */
  path: string;
  /** 1-based position of that value in the file, when known. */
  line?: number;
  column?: number;
  message: string;
}

export function formatIssue(issue: PolicyIssue): string {
  const position = issue.line === undefined ? '' : `:${issue.line}:${issue.column ?? 1}`;
  return `${issue.file}${position} ${issue.path || '/'}: ${issue.message}`;
}

/** Thrown when a policy cannot be loaded; lists every problem found, one a line. */
export class PolicyValidationError extends Error {
  constructor(readonly issues: readonly PolicyIssue[]) {
    super(`Invalid SLA policy:\n${issues.map((issue) => `  ${formatIssue(issue)}`).join('\n')}`);
    this.name = 'PolicyValidationError';
  }
}
