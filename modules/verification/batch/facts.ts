// What counts as one fact for "is it new?": a vehicle by its plate, a business by its licence, a
// property by its certificate, a death by the person. Incomes are compared with the standard instead.
export const CHANGE_KINDS = { death: '死亡', vehicle: '新增机动车', business: '新增市场主体', income: '收入超过低保标准', property: '新增不动产' } as const;
export type ChangeKind = keyof typeof CHANGE_KINDS;

export function factKeyOf(f: { kind: string; reference: string; sourceCode: string; personId?: number }): string | null {
  switch (f.kind) {
    case 'vehicle': case 'business': case 'property': return `${f.kind}:${f.reference || f.sourceCode}`;
    case 'death': return f.personId ? `death:${f.personId}` : null;
    default: return null;
  }
}
