import { DomainError } from '#kernel';

export const noStandard = (what: string, divisionCode: string, month: string) =>
  new DomainError('ASSISTANCE_NO_STANDARD', `区划 ${divisionCode} 在 ${month} 没有在用的${what}，无法计算；请管理员先设定标准`, {
    status: 422,
    detail: JSON.stringify({ divisionCode, month }),
  });

export const parameterMissing = (key: string, title: string, divisionCode: string) =>
  new DomainError('ASSISTANCE_PARAMETER_MISSING', `参数“${title}”（${key}）在区划 ${divisionCode} 没有设定值，请管理员补充`, {
    status: 422,
    detail: JSON.stringify({ key, divisionCode }),
  });

export const parameterInvalid = (key: string, message: string, field = `parameterOverrides.${key}`) =>
  new DomainError('ASSISTANCE_PARAMETER_INVALID', `参数 ${key} 的取值有误：${message}`, {
    status: 422,
    errors: [{ field, code: 'ASSISTANCE_PARAMETER_INVALID', message }],
  });

export const tekunBelowDibao = (message: string, detail: object) =>
  new DomainError('TEKUN_STANDARD_TOO_LOW', message, {
    status: 422,
    errors: [{ field: 'value', code: 'TEKUN_STANDARD_TOO_LOW', message }],
    detail: JSON.stringify(detail),
  });
