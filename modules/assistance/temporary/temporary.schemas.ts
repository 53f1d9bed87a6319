// Step inputs of the temporary-assistance procedure.
import { z } from 'zod';

/** 先行救助: why the township pays at once. */
export const advanceInput = z.object({
  urgency: z.string().min(1, '请说明紧急情况').max(1000).describe('紧急情况说明（如火灾致住房损毁、突发重病急需救治）'),
});
