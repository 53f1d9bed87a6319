// /api/v1/assistance/reviews/:id/…: a review's verification — the consents on file and those given at
// the review. validate → authorise → command → present.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inTransaction, requireActor, todayInChina, type Database } from '#kernel';
import { consent } from '../applications.schemas';
import { recordReviewConsents, reviewVerificationSubject } from './review-verification.service';

const tags = ['assistance'];
const idParams = z.object({ id: z.coerce.number().int().positive() });
export const reviewConsent = z.object({ consents: z.array(consent).min(1, '请至少登记一份授权书') });

export async function reviewRoutes(app: FastifyInstance, { db }: { db: Database }) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/assistance/reviews/:id/consents', {
    schema: { tags, summary: '复核的核对授权：计入成员、在档授权书及其有效期（过期的须在复核时重新登记）', params: idParams },
  }, async (req) => {
    const actor = requireActor(req);
    const s = await reviewVerificationSubject(db.orm, actor, req.params.id, todayInChina());
    return { members: s.members, consents: s.consents };
  });

  r.post('/assistance/reviews/:id/consents', {
    schema: { tags, summary: '复核时登记家庭经济状况核对授权书（签字上传或电子确认）', params: idParams, body: reviewConsent },
  }, async (req) => {
    const actor = requireActor(req);
    const today = todayInChina();
    return inTransaction(db, async (tx) => {
      await recordReviewConsents(tx, actor, req.params.id, req.body.consents, today);
      const s = await reviewVerificationSubject(tx, actor, req.params.id, today);
      return { members: s.members, consents: s.consents };
    });
  });
}
