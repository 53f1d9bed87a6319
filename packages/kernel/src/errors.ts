/** One invalid field: `field` is a dotted path into the request body (e.g. `members.0.relation`). */
export interface FieldError {
  field: string;
  code: string;
  message: string;
}

export interface DomainErrorOptions {
  status?: number;
  errors?: FieldError[];
  detail?: string;
}

/**
 * A refusal the user can act on: a stable `code` for programs and a zh-CN `message` for people.
 * Rendered as application/problem+json; raising one inside a transaction rolls it back.
 */
export class DomainError extends Error {
  readonly code: string;
  readonly status: number;
  readonly errors?: FieldError[];
  readonly detail?: string;

  constructor(code: string, message: string, opts: DomainErrorOptions = {}) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.status = opts.status ?? 400;
    this.errors = opts.errors;
    this.detail = opts.detail;
  }
}

export const notFound = (what: string, code = 'NOT_FOUND') =>
  new DomainError(code, `${what}不存在或不在您的管辖范围内`, { status: 404 });

export const forbidden = (message = '您没有执行此操作的权限') =>
  new DomainError('FORBIDDEN', message, { status: 403 });

export const validationFailed = (errors: FieldError[], message = '提交的信息有误，请按提示修改') =>
  new DomainError('VALIDATION_FAILED', message, { status: 422, errors });

export const versionConflict = () =>
  new DomainError('VERSION_CONFLICT', '该记录已被他人修改，请刷新后重试', { status: 409 });
