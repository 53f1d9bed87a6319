import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { metaApi } from '../api/endpoints';
import type { CodeName, Enums } from '../api/types';

const EMPTY: Enums = {
  ethnicities: [],
  relations: [],
  disabilityCategories: [],
  labourCapacities: [],
  healthConditions: [],
  personStatuses: [
    { code: 'living', name: '在册' },
    { code: 'deceased', name: '已死亡' },
    { code: 'moved_out', name: '已迁出' },
  ],
  roles: [],
  urbanRural: [
    { code: 'urban', name: '城镇' },
    { code: 'rural', name: '农村' },
  ],
};

interface EnumsState extends Enums {
  loaded: boolean;
  label: (list: keyof Enums, code: string | null | undefined) => string;
  options: (list: keyof Enums) => { value: string; label: string }[];
}

const EnumsContext = createContext<EnumsState | null>(null);

export function EnumsProvider({ children }: { children: ReactNode }) {
  const [enums, setEnums] = useState<Enums>(EMPTY);
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    metaApi
      .enums()
      .then((e) => {
        const merged = { ...EMPTY };
        for (const k of Object.keys(EMPTY) as (keyof Enums)[]) if (e[k]?.length) merged[k] = e[k];
        setEnums(merged);
      })
      .catch((e) => console.warn('enums', e))
      .finally(() => setLoaded(true));
  }, []);
  const value = useMemo<EnumsState>(() => {
    const maps = new Map<keyof Enums, Map<string, string>>();
    for (const k of Object.keys(enums) as (keyof Enums)[]) {
      maps.set(k, new Map((enums[k] as CodeName[]).map((c) => [c.code, c.name])));
    }
    return {
      ...enums,
      loaded,
      label: (list, code) => (code == null || code === '' ? '—' : (maps.get(list)?.get(code) ?? code)),
      options: (list) => (enums[list] as CodeName[]).map((c) => ({ value: c.code, label: c.name })),
    };
  }, [enums, loaded]);
  return <EnumsContext.Provider value={value}>{children}</EnumsContext.Provider>;
}

export function useEnums(): EnumsState {
  const ctx = useContext(EnumsContext);
  if (!ctx) throw new Error('useEnums outside EnumsProvider');
  return ctx;
}
