export { LF, CR, QUOTE, RecordScan, firstRecordEnd, quotesOdd } from './record-scan.ts';
export type { RecordScanOptions } from './record-scan.ts';
export { RecordSplitter } from './RecordSplitter.ts';
export type { RecordSink } from './RecordSplitter.ts';
export { parseQuotedRecord, scanQuotedRecord, fieldRanges, fieldText } from './quoted-record.ts';
export type { QuotedParse, FieldRanges } from './quoted-record.ts';
export { parseHeaderRecord, skipBom } from './header-record.ts';
export type { HeaderFields } from './header-record.ts';
