import type { Fen } from '#kernel';
import type { ExplanationStep } from './explain';

/** What every programme's rule answers; the calculator adds the programme and the parameters used. */
export interface Outcome {
  eligible: boolean;
  category: 'dibao' | 'near_dibao' | 'tekun' | 'temporary' | 'none';
  inclusion?: 'household' | 'single_person';
  membersCounted: number;
  membersPaid: number;
  standardFen: Fen;
  householdIncomeFen: Fen;
  perCapitaIncomeFen: Fen;
  monthlyAmountFen: Fen;
  totalAmountFen?: Fen;
  addOnsFen?: Fen;
  reviewIntervalMonths?: number;
  requiredApprovingLevel?: 'township' | 'county';
  explanation: ExplanationStep[];
}
