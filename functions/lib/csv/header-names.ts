/**
 * How a header name is compared with a feature name, loosest last. Real files spell the same feature differently:
 * R's `write.csv` gives `Sepal.Length`, scikit-learn's `load_iris().feature_names` give `sepal length (cm)`, the
 * model says `sepal_length`.
 */

/** A name as written apart from surrounding whitespace and letter case: the comparison headers always had. */
export function foldCase(name: string): string {
  return name.trim().toLowerCase();
}

const SEPARATORS = /[\s._-]+/g;
/** A trailing unit: `(cm)`, `[mm]`, nothing nested inside. */
const TRAILING_UNIT = /\s*[([][^()[\]]*[)\]]$/;

/**
 * The loosest comparison: letter case ignored, `.`, `-`, `_` and whitespace are one separator (runs collapsed, none at
 * either end, written `_`), and trailing units in parentheses or brackets dropped (all of them: `width (cm) [avg]`),
 * unless nothing would be left. Idempotent: a normalised name normalises to itself.
 */
export function normaliseName(name: string): string {
  let text = name.toLowerCase().replace(SEPARATORS, ' ').trim();
  for (let stripped = withoutUnit(text); stripped !== text && stripped !== ''; stripped = withoutUnit(text)) text = stripped;
  return text.replaceAll(' ', '_');
}

function withoutUnit(text: string): string {
  return text.replace(TRAILING_UNIT, '').trim();
}

/** Names for a reason: quoted, the first ten. */
export function quoteList(names: readonly string[]): string {
  const shown = names
    .slice(0, 10)
    .map((n) => JSON.stringify(n))
    .join(', ');
  return names.length > 10 ? `${shown}, … (${names.length} in all)` : shown;
}
