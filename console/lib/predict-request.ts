/** The Predict form's pure parts: reading the fields, and the curl line. */

/** Shell-quotes one argument for the curl line (single quotes, a literal `'` closed and escaped). */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** What the form's fields hold: each feature's number, or the first field that is not one (with why). */
export function readFeatures(
  fields: readonly { name: string; value: string }[],
): { ok: true; instance: Record<string, number> } | { ok: false; name: string; message: string } {
  const instance: Record<string, number> = {};
  for (const field of fields) {
    const text = field.value.trim();
    if (text === '') return { ok: false, name: field.name, message: `${field.name} is empty: enter a number.` };
    const value = Number(text);
    if (!Number.isFinite(value)) return { ok: false, name: field.name, message: `${field.name} is not a number: "${text}".` };
    instance[field.name] = value;
  }
  return { ok: true, instance };
}

/** A feature field's hint: "feature 2 of 4, a number; 2 to 4.4 in the training data" (the range when the model has one). */
export function featureHint(model: { featureNames: string[]; featureRanges?: { min: number; max: number }[] }, index: number): string {
  const range = model.featureRanges?.[index];
  const where = `feature ${index + 1} of ${model.featureNames.length}, a number`;
  return range ? `${where}; ${range.min} to ${range.max} in the training data` : where;
}
