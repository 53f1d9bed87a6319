// How every assistance procedure leaves economic verification for the investigation: the caseworker
// registers a manual verification record, or the verification service's report arrives and the system
// registers it (verification.events.ts). Dibao, tekun and temporary assistance share these two steps.
import type { TransitionDef } from '#kernel';
import { manualVerification } from './applications.schemas';
import { applicationOf, updateApplication } from './applications.service';
import { verificationReportRef } from './verification.events';

const township = { roles: ['township_caseworker'] as const, level: 'township' as const };

export function verificationOutcomes(): TransitionDef<'verifying' | 'investigating'>[] {
  return [
    {
      name: 'attachReport', from: ['verifying'], to: 'investigating', label: '登记核对结果', ...township,
      requires: manualVerification,
      effects: async ({ tx, instance, input }) => {
        const app = await applicationOf(tx, instance);
        await updateApplication(tx, app.id, { verification: { method: 'manual', ...input } });
      },
    },
    {
      name: 'receiveReport', from: ['verifying'], to: 'investigating', label: '核对报告已出具（系统）', ...township,
      requires: verificationReportRef,
      system: true,
      effects: async ({ tx, instance, input }) => {
        const app = await applicationOf(tx, instance);
        await updateApplication(tx, app.id, { verification: { method: 'report', ...input } });
      },
    },
  ];
}
