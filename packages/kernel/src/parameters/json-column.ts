import { customType } from 'drizzle-orm/pg-core';

/**
 * jsonb that returns exactly what was stored. drizzle's own jsonb re-parses a value that pg already
 * decoded whenever it is a string, so a stored JSON string '"1.3"' would come back as the number 1.3.
 */
export const jsonValue = customType<{ data: unknown; driverData: unknown }>({
  dataType: () => 'jsonb',
  toDriver: (v) => JSON.stringify(v),
  fromDriver: (v) => v,
});
