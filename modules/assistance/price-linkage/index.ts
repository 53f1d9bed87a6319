// Price linkage (物价补贴联动) and periodic reviews (定期复核, with the taper): what the module exports.
export {
  recordPriceIndex, runPriceLinkage, priceLinkageMonth, priceLinkageWorkbook, permilleOf, ratioOfPermille,
  type PriceIndexInput, type RunOutcome, type HouseholdSubsidy, type CoveredPerson,
} from './price-linkage.service';
export { priceIndices, priceLinkageRuns, priceLinkagePayments } from './price-linkage.schema';
export { priceLinkageAndReviewRoutes } from './routes';
export * from '../reviews'; // periodic reviews, with their verification
