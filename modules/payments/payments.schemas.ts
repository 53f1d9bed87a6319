import { z } from 'zod';

const id = z.coerce.number().int().positive();
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM');
const county = z.string().regex(/^\d{6}$/, '应为6位县（区）区划代码');
const programme = z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, '项目代码应为小写字母、数字和下划线');

export const idParams = z.object({ id });
export const jobParams = z.object({ jobId: id });

export const runCreate = z.object({ month, countyCode: county });
export const runQuery = z.object({ month: month.optional(), countyCode: county.optional() });
export const lineQuery = z.object({
  change: z.enum(['new', 'changed', 'unchanged', 'stopped']).optional(),
  programme: programme.optional(),
  divisionCode: z.string().regex(/^\d{6,12}$/).optional(),
  held: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const adjustmentCreate = z.object({
  householdId: z.number().int().positive(),
  programme,
  month,
  amountFen: z.number().int().refine((n) => n !== 0 && Number.isSafeInteger(n), '调整金额应为非零整数（分）'),
  reason: z.string().trim().min(1).max(500),
});

export const failureQuery = z.object({
  status: z.enum(['open', 'resolved']).optional(),
  householdId: id.optional(),
  runId: id.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export const failureResolve = z.object({ resolution: z.string().trim().min(1).max(500) });
