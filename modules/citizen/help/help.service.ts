import { todayInChina, type Executor } from '#kernel';
import { calculateWithParameters, PROGRAMMES, type CalculationResult } from '#assistance';
import { householdDetail, type RegistryDeps } from '#registry';
import type { OwnHousehold } from '../household/household.service';
import { candidateInputs, type HelpAnswers } from './help.rules';

/** Programmes that apply online from the phone (others: at the window). */
const ONLINE = new Set(['dibao', 'temporary', 'tekun']);

/** Likely programmes for the household with the estimated amount and the calculator's explanation. */
export async function suggestProgrammes(exec: Executor, deps: RegistryDeps, own: OwnHousehold, answers: HelpAnswers) {
  const h = await householdDetail(exec, deps, own.reader, own.householdId);
  const ages = h.members.filter((m) => m.status === 'living').map((m) => m.age);
  const month = todayInChina().slice(0, 7);
  const facts = { divisionCode: h.divisionCode, urbanRural: h.urbanRural as 'urban' | 'rural', ages };
  const out = [];
  for (const c of candidateInputs(facts, answers, month)) {
    let result: CalculationResult | null = null;
    try { result = await calculateWithParameters(exec, c.input); } catch { result = null; }
    out.push({
      programme: c.programme, name: PROGRAMMES[c.programme], why: c.why,
      likely: !!result?.eligible && (result.monthlyAmountFen > 0 || (result.totalAmountFen ?? 0) > 0),
      monthlyAmountFen: result?.monthlyAmountFen ?? null, totalAmountFen: result?.totalAmountFen ?? null,
      explanation: result ? result.explanation.map((s) => s.text) : ['暂时无法估算，请到乡镇（街道）窗口咨询'],
      applyOnline: ONLINE.has(c.programme),
    });
  }
  return { month, members: ages.length, items: out };
}
