// Events payments emits. It reacts to none yet: programmes call setEntitlement / stopEntitlement.

/** A county's payroll for a month was signed and may go to the bank. */
export const PAYROLL_SIGNED = 'payroll.signed';

export interface PayrollSignedPayload {
  runId: number;
  month: string;
  countyCode: string;
  lines: number;
  totalFen: number;
  payableFen: number;
  byProgramme: { programme: string; lines: number; totalFen: number }[];
}
