import { DomainError, type FieldError } from '#kernel';

export const answersInvalid = (errors: FieldError[]) =>
  new DomainError('ASSESSMENT_ANSWERS_INVALID', errors.map((e) => e.message).join('；'), { status: 422, errors });

export const notOlderPerson = (name: string, age: number) =>
  new DomainError('NOT_OLDER_PERSON', `${name} 现年 ${age} 岁，未满 60 周岁，不在老年人名册内`, { status: 422 });

export const personNotLiving = (name: string) =>
  new DomainError('PERSON_NOT_LIVING', `${name} 已登记死亡或注销，不能办理此事项`, { status: 422 });

export const assessedInFuture = () =>
  new DomainError('VALIDATION_FAILED', '评估日期不能晚于今天', { status: 422, errors: [{ field: 'assessedOn', code: 'DATE_IN_FUTURE', message: '评估日期不能晚于今天' }] });
