// The registry's front door: persons, households and their history. Other modules use these
// functions and the `person.*` / `household.*` events, never the tables.
export * from './codes';
export * from './person.rules';
export * from './registry.context';
export {
  searchPersons, personDetail, revealPerson, createPerson, updatePerson, recordDeath, mustGetPerson,
  assertIdNumberFree, insertPerson, personConditions, personSummary,
  type PersonQuery, type PersonPatch, type PersonRow,
} from './persons.service';
export {
  householdDetail, createHousehold, updateHousehold, addMember, memberLeaves, splitHousehold,
  mergeHouseholds, movePerson, countsUnder, mustGetHousehold,
  type NewHousehold, type HouseholdPatch, type Split, type Move,
} from './households.service';
export { registryRoutes } from './routes';
// Roster (花名册) import and export.
export * from './import';
export * from './export';
export { paymentAccounts } from './schema';
