import { DomainError, type FieldError } from '#kernel';

export const sourceUnknown = (code: string) => new DomainError('SOURCE_UNKNOWN', `数据来源“${code}”不存在`, { status: 404 });
export const extractRejected = (errors: FieldError[]) =>
  new DomainError('EXTRACT_REJECTED', `文件未导入：共 ${errors.length} 处错误，请修改后重新提交（本次未作任何更改）`, { status: 422, errors });
export const consentsMissing = (errors: FieldError[]) =>
  new DomainError('CONSENT_MISSING', `缺少 ${errors.length} 名成年家庭成员的核对授权书，不能发起核对：${errors.map((e) => e.message).join('；')}`, { status: 422, errors });
