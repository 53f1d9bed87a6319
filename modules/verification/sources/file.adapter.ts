// 文件交换: a department that delivers extracts (upload or watched folder) is asked nothing at query
// time; its answer is what its latest extract and pushes hold about the persons.
import { and, eq, inArray } from 'drizzle-orm';
import { sourceRecords } from '../schema';
import type { SourceAdapter, SourceFinding } from './adapter';
import type { FindingKind } from './catalogue';

export const fileAdapter: SourceAdapter = {
  kind: 'file',
  async query({ exec, source, persons }) {
    if (persons.length === 0) return [];
    const rows = await exec.select().from(sourceRecords)
      .where(and(eq(sourceRecords.sourceCode, source.code), inArray(sourceRecords.idNumber, persons.map((p) => p.idNumber))));
    return rows.map((r): SourceFinding => ({
      idNumber: r.idNumber, kind: r.kind as FindingKind, reference: r.reference, monthlyIncomeFen: r.monthlyIncomeFen,
      amountFen: r.amountFen, eventDate: r.eventDate, detail: r.detail,
    }));
  },
};
