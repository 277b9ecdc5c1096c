import { isPlainNumber } from './number-field.ts';

/**
 * OWASP CSV injection: spreadsheet apps run cells starting with = + - @ tab or CR as formulas. Such cells get a
 * leading `'` unless they are plain numbers (negative numbers stay numbers; csv-stringify's `escape_formulas`
 * would prefix them too, so it is not used).
 */
export function isFormulaTrigger(code: number): boolean {
  return code === 0x3d || code === 0x2b || code === 0x2d || code === 0x40 || code === 0x09 || code === 0x0d;
}

export function needsNeutralising(text: string): boolean {
  return text.length > 0 && isFormulaTrigger(text.charCodeAt(0)) && !isPlainNumber(text);
}

export function neutraliseCell(text: string): string {
  return needsNeutralising(text) ? `'${text}` : text;
}
