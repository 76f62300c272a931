/**
 * Text bound for a spreadsheet cell, made inert: a spreadsheet program, or a CSV made from the
 * sheet later, reads a cell starting with = + - @ (or a tab, CR or NUL before one) as a formula
 * (OWASP: CSV injection). Such a text gets a leading apostrophe, which shows the text as written.
 * NUL is dropped anywhere: no honest text holds one, and XML cannot.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutralise(text: string): string {
  const clean = text.replace(/\0/g, '');
  return FORMULA_START.test(clean) ? `'${clean}` : clean;
}
