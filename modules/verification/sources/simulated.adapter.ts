// 模拟部门: answers as the departments would about the demo world, deterministically from each ID
// number (the same person always gets the same answer, in every report, batch run and scan): a
// few people own a car or a second home, a few run a business, some died last month, and the wage
// sources (tax, social insurance, housing fund) agree with one another about who works.
import { createHash } from 'node:crypto';
import { addDays, ageOn } from '#kernel';
import type { QueryPerson, SourceAdapter, SourceFinding } from './adapter';
import type { FindingKind } from './catalogue';

const h = (id: string, salt: string) => parseInt(createHash('sha256').update(`${salt}:${id}`).digest('hex').slice(0, 8), 16);
const birthOf = (id: string) => `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
const between = (n: number, lo: number, hi: number) => lo + (n % (hi - lo + 1));
const yuan = (n: number) => n * 100;

function lastMonthDay(today: string, n: number): string {
  const first = `${today.slice(0, 7)}-01`;
  const lastOfPrev = addDays(first, -1);
  return `${lastOfPrev.slice(0, 8)}${String(1 + (n % Number(lastOfPrev.slice(8)))).padStart(2, '0')}`;
}

type Fact = Omit<SourceFinding, 'idNumber'>;
const fact = (kind: FindingKind, f: Partial<Fact>): Fact => ({ kind, reference: '', monthlyIncomeFen: 0, amountFen: 0, eventDate: null, detail: '', ...f });

/** Everything the demo world's departments know about one person, by source. */
export function simulatedFacts(sourceCode: string, p: Pick<QueryPerson, 'idNumber'>, today: string): Fact[] {
  const id = p.idNumber;
  const age = ageOn(birthOf(id), today);
  const working = age >= 18 && age < 60;
  const works = working && h(id, 'work') % 6 === 0;
  const wage = yuan(between(h(id, 'wage'), 1800, 3800));
  const died = h(id, 'death') % 157 === 0;
  switch (sourceCode) {
    case 'household_registration':
      return died ? [fact('death', { eventDate: lastMonthDay(today, h(id, 'day')), detail: '户籍已注销（死亡）' })] : [];
    case 'death_cremation':
      return died ? [fact('death', { eventDate: lastMonthDay(today, h(id, 'day')), reference: `HH${h(id, 'cre') % 1_000_000}`, detail: '已火化' })] : [];
    case 'social_insurance': {
      const out: Fact[] = [];
      if (works) out.push(fact('income', { monthlyIncomeFen: wage, detail: '城镇职工养老保险在缴，缴费基数' }));
      if (age >= 60 && h(id, 'pension') % 9 === 0) out.push(fact('pension', { monthlyIncomeFen: yuan(between(h(id, 'pamt'), 1100, 2600)), detail: '企业职工基本养老金' }));
      if (working && !works && h(id, 'unemp') % 23 === 0) out.push(fact('unemployment', { eventDate: addDays(today, -between(h(id, 'ud'), 5, 60)), detail: '失业登记' }));
      return out;
    }
    case 'tax':
      return works ? [fact('income', { monthlyIncomeFen: wage, detail: '工资薪金所得' })] : [];
    case 'housing_fund':
      return works && h(id, 'fund') % 2 === 0 ? [fact('housing_fund', { monthlyIncomeFen: wage, detail: '住房公积金正常缴存，缴存基数' })] : [];
    case 'medical_insurance':
      return h(id, 'med') % 13 === 0
        ? [fact('medical_expense', { amountFen: yuan(between(h(id, 'medamt'), 8_000, 60_000)), eventDate: addDays(today, -between(h(id, 'md'), 3, 90)), detail: '住院，个人自付费用' })]
        : [];
    case 'real_estate':
      return h(id, 'house') % 29 === 0
        ? [fact('property', { reference: `晋(2024)阳泉市不动产权第${String(h(id, 'cert') % 10_000_000).padStart(7, '0')}号`, amountFen: yuan(between(h(id, 'hv'), 150_000, 600_000)), eventDate: addDays(today, -between(h(id, 'hd'), 10, 700)), detail: '住宅' })]
        : [];
    case 'vehicles':
      return h(id, 'car') % 41 === 0
        ? [fact('vehicle', { reference: `晋C${String(h(id, 'plate') % 100_000).padStart(5, '0')}`, amountFen: yuan(between(h(id, 'cv'), 30_000, 120_000)), eventDate: addDays(today, -between(h(id, 'cd'), 5, 60)), detail: '小型轿车' })]
        : [];
    case 'business_registration':
      return h(id, 'biz') % 211 === 0
        ? [fact('business', { reference: `91140300MA${String(h(id, 'lic') % 100_000_000).padStart(8, '0')}`, monthlyIncomeFen: yuan(between(h(id, 'bi'), 2_500, 6_000)), eventDate: addDays(today, -between(h(id, 'bd'), 5, 60)), detail: '个体工商户营业执照' })]
        : [];
    case 'bank_deposits': {
      const out: Fact[] = [];
      if (h(id, 'dep') % 3 === 0) out.push(fact('deposit', { amountFen: yuan(between(h(id, 'da'), 500, 40_000)), detail: '活期及定期存款余额' }));
      if (h(id, 'sec') % 37 === 0) out.push(fact('securities', { amountFen: yuan(between(h(id, 'sa'), 10_000, 80_000)), detail: '证券账户市值' }));
      return out;
    }
    default:
      return [];
  }
}

export const simulatedAdapter: SourceAdapter = {
  kind: 'simulated',
  async query({ source, persons, today }) {
    return persons.flatMap((p) => simulatedFacts(source.code, p, today).map((f) => ({ ...f, idNumber: p.idNumber })));
  },
};
