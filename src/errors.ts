/**
 * The one error type the project throws on purpose: API misuse, bad configuration, bad user files.
 * `code` is stable so callers and tests can branch on it without parsing messages.
 */
export class MirrorscopeError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.code = code;
    this.name = 'MirrorscopeError';
  }
}
