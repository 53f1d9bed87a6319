import {
  SYSTEM_ACTOR, findParameter, forbidden, recordAudit, setParameter, validationFailed,
  type Actor, type Executor, type IsoDate, type SetParameterResult,
} from '#kernel';
import { ASSISTANCE_PARAMETERS, decodeParameter, isAssistanceKey, type ParamKey } from './parameters';
import { TEKUN_DIBAO_PAIRS, validateTekunStandard } from './tekun.rules';

export interface AssistanceStandardInput {
  key: string;
  divisionCode: string;
  effectiveFrom: IsoDate;
  effectiveTo?: IsoDate | null;
  value: unknown;
  note?: string | null;
  source?: string | null;
  isSample?: boolean;
  reason?: string | null;
}

/**
 * City staff set a dated assistance standard for their area: the value is checked against its key's
 * rule and the tekun ≥ 1.3 × dibao rule (both ways), written through the kernel, and audited.
 */
export async function setAssistanceStandard(tx: Executor, actor: Actor, input: AssistanceStandardInput): Promise<SetParameterResult> {
  const key = input.key;
  if (!isAssistanceKey(key)) {
    throw validationFailed([{ field: 'key', code: 'ASSISTANCE_PARAMETER_UNKNOWN', message: `“${key}”不是社会救助参数` }]);
  }
  const mayWrite = actor === SYSTEM_ACTOR
    || (actor.role === 'city_admin' && input.divisionCode !== '' && input.divisionCode.startsWith(actor.divisionCode));
  if (!mayWrite) throw forbidden('只有市级管理员可以设定本辖区的救助标准');
  const value = decodeParameter(key, input.value, 'value');
  await checkTekunRule(tx, key, input.divisionCode, input.effectiveFrom, value);

  const before = await findParameter(tx, key, { divisionCode: input.divisionCode, date: input.effectiveFrom });
  const result = await setParameter(tx, {
    key, divisionCode: input.divisionCode, effectiveFrom: input.effectiveFrom, effectiveTo: input.effectiveTo ?? null,
    value, note: input.note ?? null, source: input.source ?? null, isSample: input.isSample ?? false, createdBy: actor.userId || null,
  });
  if (result.action !== 'unchanged') {
    await recordAudit(tx, actor, {
      action: 'assistance.standard.set', entityType: 'parameter', entityId: result.row.id, divisionCode: input.divisionCode,
      reason: input.reason ?? null,
      before: before ? { key, divisionCode: before.row.divisionCode, effectiveFrom: before.row.effectiveFrom, effectiveTo: before.row.effectiveTo, value: before.value } : null,
      after: { key, title: ASSISTANCE_PARAMETERS[key].title, divisionCode: result.row.divisionCode, effectiveFrom: result.row.effectiveFrom, effectiveTo: result.row.effectiveTo, value, closed: result.closed },
    });
  }
  return result;
}

/** A tekun basic standard must stay ≥ 1.3 × 12 × the dibao standard of the same area on the same day. */
async function checkTekunRule(tx: Executor, key: ParamKey, divisionCode: string, date: IsoDate, value: unknown) {
  const q = { divisionCode, date };
  const multiple = await findParameter<string>(tx, 'tekun.basicStandard.minMultipleOfDibao', q);
  if (!multiple) return;
  for (const pair of TEKUN_DIBAO_PAIRS) {
    if (key !== pair.tekun && key !== pair.dibao) continue;
    const tekun = key === pair.tekun ? (value as number) : (await findParameter<number>(tx, pair.tekun, q))?.value;
    const dibao = key === pair.dibao ? (value as number) : (await findParameter<number>(tx, pair.dibao, q))?.value;
    if (tekun === undefined || dibao === undefined) continue;
    validateTekunStandard({ tekunAnnualFen: tekun, dibaoMonthlyFen: dibao, multiple: multiple.value, area: pair.area, entering: key === pair.tekun ? 'tekun' : 'dibao' });
  }
}
