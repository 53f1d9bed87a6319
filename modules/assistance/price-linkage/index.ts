// Price linkage (物价补贴联动) and periodic reviews (定期复核, with the taper): what the module exports.
import '../reviews/review.workflow'; // registers the 'dibao.review' procedure with the kernel's workflow engine
export {
  recordPriceIndex, runPriceLinkage, priceLinkageMonth, priceLinkageWorkbook, permilleOf, ratioOfPermille,
  type PriceIndexInput, type RunOutcome, type HouseholdSubsidy, type CoveredPerson,
} from './price-linkage.service';
export { priceIndices, priceLinkageRuns, priceLinkagePayments } from './price-linkage.schema';
export { priceLinkageAndReviewRoutes } from './routes';
export { scheduleDueReviews, reviewsOfHousehold, getReview, REVIEW_WORKFLOW, REVIEW_SUBJECT, type ScheduledReview, type ReviewVisit } from '../reviews/reviews.service';
export { reviewWorkflow, reviewVisitInput, reviewDecisionInput } from '../reviews/review.workflow';
export { REVIEW_OUTCOMES, suggestOutcome, taperRanges, type ReviewOutcome } from '../reviews/review-outcome.rules';
export { reviews, type ReviewRow } from '../reviews/reviews.schema';
