/**
 * Errors a user can fix. Each carries one paragraph that says what was wrong, where, and what to
 * do; front ends (CLI, extension) show `message` as is and never a stack trace.
 */
export class UserError extends Error {
  override readonly name: string = 'UserError';
}

/** An experiment config field that is missing, of the wrong type, or out of range. */
export class ConfigError extends UserError {
  override readonly name = 'ConfigError';
  constructor(
    /** Each problem as "path: what was found; what is allowed". */
    readonly problems: readonly string[],
    source = 'the experiment config',
  ) {
    super(
      `${source} has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}:\n` +
        problems.map((p) => `  - ${p}`).join('\n') +
        '\nFix the field(s) named above; the JSON schema in engine/schema/experiment.schema.json lists every field.',
    );
  }
}

/** A dataset that cannot be read; `file`, `line` and `column` say where when they apply. */
export class DatasetError extends UserError {
  override readonly name = 'DatasetError';
  constructor(
    message: string,
    readonly where: { file?: string; line?: number; column?: number } = {},
  ) {
    super(DatasetError.locate(message, where));
  }

  private static locate(message: string, where: { file?: string; line?: number; column?: number }): string {
    if (!where.file && where.line === undefined) return message;
    const parts = [where.file ?? 'dataset'];
    if (where.line !== undefined) parts.push(`line ${where.line}`);
    if (where.column !== undefined) parts.push(`column ${where.column}`);
    return `${parts.join(', ')}: ${message}`;
  }
}

/** Whether `e` is an error the user can fix (shown plainly) rather than a bug (reported). */
export function isUserError(e: unknown): e is UserError {
  return e instanceof UserError;
}

/** A feature expansion refused before anything was expanded: how many terms and bytes it would take. */
export class FeatureSizeError extends UserError {
  override readonly name = 'FeatureSizeError';
  constructor(message: string, readonly terms: number, readonly bytes: number) {
    super(message);
  }
}
