import { DomainError, notFound, validationFailed, type FieldError } from '#kernel';
import { monthLabel } from './months';

export const invalid = (errors: FieldError[]) => validationFailed(errors);

export const runNotFound = () => notFound('发放名册', 'PAYROLL_NOT_FOUND');
export const householdNotFound = () => notFound('家庭', 'HOUSEHOLD_NOT_FOUND');

export const alreadySigned = (month: string, countyCode: string) =>
  new DomainError('PAYROLL_ALREADY_SIGNED', `${monthLabel(month)}（${countyCode}）的发放名册已签发，不能重新生成；更正请在以后月份录入调整`, { status: 409 });

export const notSigned = () =>
  new DomainError('PAYROLL_NOT_SIGNED', '发放名册尚未签发，不能生成银行代发文件', { status: 409 });

/** A change that would reach into a month whose payroll is already signed. */
export const monthSigned = (month: string) =>
  new DomainError('PAYROLL_MONTH_SIGNED', `${monthLabel(month)}的发放名册已签发：变更只能从之后的月份生效，已发月份的差额请录入调整`, { status: 409 });

export const entitlementNotFound = () => notFound('待遇', 'ENTITLEMENT_NOT_FOUND');
