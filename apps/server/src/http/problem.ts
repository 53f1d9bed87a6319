import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DomainError, type FieldError } from '#kernel';

const WHERE: Record<string, string> = { body: '', querystring: 'query.', params: 'path.' };

/** Every error leaves as application/problem+json with a stable code and a zh-CN title. */
export function sendProblem(err: FastifyError | DomainError | Error, req: FastifyRequest, reply: FastifyReply) {
  let status = 500;
  let code = 'INTERNAL_ERROR';
  let title = '系统内部错误，请稍后重试；如持续出现请联系管理员';
  let errors: FieldError[] | undefined;
  let detail: string | undefined;

  if (err instanceof DomainError) {
    ({ status, code, errors, detail } = err);
    title = err.message;
  } else if (hasZodFastifySchemaValidationErrors(err)) {
    status = 422;
    code = 'VALIDATION_FAILED';
    title = '提交的信息有误，请按提示修改';
    const prefix = WHERE[err.validationContext ?? 'body'] ?? '';
    errors = err.validation.map((v) => ({
      field: prefix + v.instancePath.replace(/^\//, '').replace(/\//g, '.'),
      code: 'INVALID_' + String(v.params?.issue && (v.params.issue as { code?: string }).code || v.keyword || 'value').toUpperCase(),
      message: v.message ?? '格式不正确',
    }));
  } else if ('statusCode' in err && typeof err.statusCode === 'number' && err.statusCode < 500) {
    status = err.statusCode;
    code = (err as FastifyError).code ?? 'BAD_REQUEST';
    title = status === 413 ? '上传的文件过大' : status === 415 ? '不支持的内容类型' : status === 404 ? '请求的资源不存在' : '请求格式不正确';
    detail = err.message;
  } else {
    req.log.error({ err }, 'unhandled error');
  }
  return reply.status(status).type('application/problem+json').send({
    type: `https://minzheng.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`,
    title, status, code, ...(detail ? { detail } : {}), ...(errors ? { errors } : {}),
  });
}
