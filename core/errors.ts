/** Error codes every function returns; the HTTP status each maps to on the local server. */
export enum ErrorCode {
  INVALID_ARGUMENT = 'INVALID_ARGUMENT',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  PERMISSION_DENIED = 'PERMISSION_DENIED',
  NOT_FOUND = 'NOT_FOUND',
  ALREADY_EXISTS = 'ALREADY_EXISTS',
  FAILED_PRECONDITION = 'FAILED_PRECONDITION',
  RESOURCE_EXHAUSTED = 'RESOURCE_EXHAUSTED',
  INTERNAL = 'INTERNAL',
}

/** HTTP status for each error code (local server and docs). */
export const httpStatusOf: Record<ErrorCode, number> = {
  [ErrorCode.INVALID_ARGUMENT]: 400,
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.PERMISSION_DENIED]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.ALREADY_EXISTS]: 409,
  [ErrorCode.FAILED_PRECONDITION]: 412,
  [ErrorCode.RESOURCE_EXHAUSTED]: 429,
  [ErrorCode.INTERNAL]: 500,
};

/** A domain error with a stable code and a message fit to show a user. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** Shorthands so handlers read as sentences. */
export const invalid = (message: string, details?: unknown) =>
  new AppError(ErrorCode.INVALID_ARGUMENT, message, details);
export const denied = (message = '没有权限执行此操作') => new AppError(ErrorCode.PERMISSION_DENIED, message);
export const notFound = (message: string) => new AppError(ErrorCode.NOT_FOUND, message);
export const conflict = (message: string) => new AppError(ErrorCode.ALREADY_EXISTS, message);
export const precondition = (message: string) => new AppError(ErrorCode.FAILED_PRECONDITION, message);
export const exhausted = (message: string) => new AppError(ErrorCode.RESOURCE_EXHAUSTED, message);

/** The envelope every function answers with, on CloudBase and on the local server alike. */
export type Envelope<T> =
  { ok: true; data: T } | { ok: false; error: { code: ErrorCode; message: string; details?: unknown } };

/** Turn anything thrown into an error envelope; unknown errors become INTERNAL without leaking internals. */
export function toErrorEnvelope(err: unknown): Envelope<never> {
  if (err instanceof AppError) {
    return {
      ok: false,
      error: {
        code: err.code,
        message: err.message,
        ...(err.details ? { details: err.details } : {}),
      },
    };
  }
  return { ok: false, error: { code: ErrorCode.INTERNAL, message: '服务器内部错误，请稍后再试' } };
}
