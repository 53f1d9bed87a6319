import type { Actor, DivisionDirectory } from '#kernel';
import { inScope } from '#kernel';
import type { RuleContext } from './person.rules';

/** What the registry needs besides the database: the division tree and "today" (Asia/Shanghai). */
export interface RegistryDeps {
  divisions: DivisionDirectory;
  today(): string;
}

export const chinaToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

export function ruleContext(deps: RegistryDeps, actor: Actor): RuleContext {
  return {
    today: deps.today(),
    isVillage: (code) => deps.divisions.isVillageLevel(code),
    inScope: (code) => inScope(actor, code),
  };
}
