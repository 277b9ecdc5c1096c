export { priceClassOf } from './price-class.ts';
export type { PriceClass } from './price-class.ts';
export { BILLING_NOTE, FIELD_OF_CLASS, addRecordUnits, estimatedUsd, jobBilling, jobUnits, mapRunUnits } from './job-units.ts';
export type { JobBilling, JobUnits, RecordUnits, RecordUnitField } from './job-units.ts';
export {
  addInvocationUnits,
  addRequestCounter,
  billTo,
  billedJob,
  countRequest,
  countingInvocation,
  invocationUnitsSoFar,
  markUnitsRecorded,
} from './invocation-units.ts';
export { SUMMARY_BILLING_NOTE, summaryBilling } from './summary-billing.ts';
export { EXPRESS_MEMORY_MB, expressBilledMs, expressGbSeconds, expressUnits } from './express-units.ts';
export type { ExpressChildDates } from './express-units.ts';
export { childrenStarted, mapRunBill, mapRunsUnits } from './map-run-units.ts';
export type { MapRunBill } from './map-run-units.ts';
