import { DomainError } from '#kernel';

export const signInRequired = () => new DomainError('CITIZEN_AUTH_REQUIRED', '请先登录（登录已超时，请重新获取验证码）', { status: 401 });
export const noHousehold = () =>
  new DomainError('CITIZEN_NO_HOUSEHOLD', '您还没有登记在任何家庭户中；请到户籍所在村（社区）或乡镇（街道）窗口办理家庭登记', { status: 409 });
