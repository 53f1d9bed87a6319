import { z } from 'zod';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const code12 = z.string().regex(/^\d{12}$/, '应为12位村（社区）区划代码');
const id = z.coerce.number().int().positive();

export const idParams = z.object({ id });
export const memberParams = z.object({ id, personId: id });

export const personQuery = z.object({
  divisionCode: z.string().regex(/^\d{2,12}$/).optional(),
  q: z.string().max(40).optional(),
  status: z.enum(['living', 'deceased', 'moved_out']).optional(),
  gender: z.enum(['M', 'F']).optional(),
  ageMin: z.coerce.number().int().min(0).max(150).optional(),
  ageMax: z.coerce.number().int().min(0).max(150).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  sort: z.enum(['name', 'birthDate', 'updatedAt', 'idNumber']).default('name'),
  order: z.enum(['asc', 'desc']).default('asc'),
});

export const disability = z.object({
  category: z.string().describe('visual | hearing | speech | physical | intellectual | psychiatric | multiple'),
  grade: z.number().int().describe('1–4'),
  certificateNo: z.string().nullish(),
});

const personFields = {
  idNumber: z.string().describe('GB 11643 公民身份号码, 18 characters'),
  name: z.string(),
  gender: z.enum(['M', 'F']).nullish().describe('must agree with the ID number'),
  birthDate: isoDate.nullish().describe('must agree with the ID number'),
  ethnicity: z.string().nullish().describe('GB 3304 code, default 01 汉族'),
  phone: z.string().nullish(),
  urbanRural: z.enum(['urban', 'rural']),
  residenceDivisionCode: code12.nullish(),
  address: z.string().max(200).nullish(),
  disability: disability.nullish(),
  healthConditions: z.array(z.string()).nullish(),
  labourCapacity: z.enum(['full', 'partial', 'none']).nullish(),
};

export const personCreate = z.object({
  ...personFields,
  divisionCode: code12.describe('户籍地: village-level division code'),
  householdId: z.number().int().positive().optional().describe('join this household'),
  relation: z.string().optional().describe('GB/T 4761 relation to the head, with householdId'),
});

export const personPatch = z.object(personFields).omit({ gender: true, birthDate: true }).partial()
  .extend({ version: z.number().int().describe('the version you read; a stale one answers 409') });

export const reveal = z.object({ field: z.enum(['idNumber', 'phone']), reason: z.string().max(200) });
export const death = z.object({ deathDate: isoDate });
export const move = z.object({ divisionCode: code12, residenceDivisionCode: code12.nullish(), address: z.string().max(200).nullish(), movedOn: isoDate });

const bank = {
  bankName: z.string().max(60).nullish(),
  bankAccount: z.string().nullish(),
  bankAccountName: z.string().max(40).nullish(),
};
export const householdCreate = z.object({
  headPersonId: z.number().int().positive(),
  address: z.string().max(200).nullish(),
  urbanRural: z.enum(['urban', 'rural']).optional(),
  formedOn: isoDate.optional(),
  ...bank,
});
export const householdPatch = z.object({
  version: z.number().int(),
  address: z.string().max(200).nullish(),
  urbanRural: z.enum(['urban', 'rural']).optional(),
  ...bank,
});
export const memberAdd = z.object({ personId: z.number().int().positive(), relation: z.string(), joinedOn: isoDate });
export const memberLeave = z.object({ leftOn: isoDate, reason: z.string().min(1).max(100) });
export const split = z.object({ personIds: z.array(z.number().int().positive()).min(1), headPersonId: z.number().int().positive(), splitOn: isoDate, address: z.string().max(200).nullish() });
export const merge = z.object({ intoHouseholdId: z.number().int().positive(), mergedOn: isoDate, relations: z.record(z.string(), z.string()) });
