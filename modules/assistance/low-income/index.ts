// The low-income register (低收入人口): what the assistance module exports of it.
export {
  recogniseHousehold, renewRecognition, cancelRecognition, assessRecognition, listRecognitions, getRecognition,
  recognitionsOfHousehold, listNearDibaoHouseholds, validityOf, EXPIRING_DAYS,
  type LowIncomeDeps, type Assessment, type NearDibaoHousehold,
} from './low-income.service';
export { CATEGORIES as LOW_INCOME_CATEGORIES, recognitionInput, renewalInput, type RecognitionInput, type RenewalInput } from './low-income.schemas';
export { lowIncomeRecognitions, type RecognitionRow } from './low-income.schema';
export { lowIncomeRoutes } from './routes';
