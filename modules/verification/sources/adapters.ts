import type { SourceAdapter } from './adapter';
import type { AdapterKind } from './catalogue';
import { fileAdapter } from './file.adapter';
import { httpAdapter } from './http.adapter';
import { simulatedAdapter } from './simulated.adapter';

export const ADAPTERS: Record<AdapterKind, SourceAdapter> = { file: fileAdapter, http: httpAdapter, simulated: simulatedAdapter };
