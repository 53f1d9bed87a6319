// Periodic reviews (定期复核): what assistance exports of them. The workflow and the reaction to a
// verification report register themselves on import.
import './review.workflow'; // registers the 'dibao.review' procedure with the kernel's workflow engine
import './review.events'; // a review's verification report moves the review on by itself
export { scheduleDueReviews, openChangeReview, reviewsOfHousehold, getReview, REVIEW_WORKFLOW, REVIEW_SUBJECT, type ScheduledReview, type ReviewVisit } from './reviews.service';
export { reviewWorkflow, reviewVisitInput, reviewDecisionInput, reviewReportRef } from './review.workflow';
export { REVIEW_OUTCOMES, suggestOutcome, taperRanges, type ReviewOutcome } from './review-outcome.rules';
export { reviewVerificationSubject, recordReviewConsents, type ReviewVerificationSubject, type ReviewReport } from './review-verification.service';
export { reviewConsent, reviewRoutes } from './reviews.routes';
export { reviews, type ReviewRow } from './reviews.schema';
