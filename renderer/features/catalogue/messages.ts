/** Texts of the service catalogue. Danish first; the English table has exactly the same keys (checked by the compiler). */
export const da = {
  'nav.catalogue': 'Ydelseskatalog',
  'catalogue.title': 'Ydelseskatalog',
  'catalogue.intro': 'Her ser du, hvilke ydelser et udtræk må indeholde. Ydelser, som forsøget udelukker, fjernes ved import. Ændringer logges.',
  'catalogue.code': 'Kode',
  'catalogue.name': 'Ydelse',
  'catalogue.paragraph': 'Paragraf (tidligere i parentes)',
  'catalogue.unsure': 'Henvisningen er ikke bekræftet i referencekataloget',
  'catalogue.unsureShort': 'ikke bekræftet',
  'catalogue.sector': 'Sektor',
  'catalogue.excluded': 'Udelukket',
  'catalogue.universal': 'Universel',
  'catalogue.yes': 'Ja',
} as const;

export const en = {
  'nav.catalogue': 'Service catalogue',
  'catalogue.title': 'Service catalogue',
  'catalogue.intro': 'Which services an extract may contain. Services the trial excludes are removed on import. Changes are logged.',
  'catalogue.code': 'Code',
  'catalogue.name': 'Service',
  'catalogue.paragraph': 'Section (former in brackets)',
  'catalogue.unsure': 'The reference catalogue has not confirmed this reference',
  'catalogue.unsureShort': 'not confirmed',
  'catalogue.sector': 'Sector',
  'catalogue.excluded': 'Excluded',
  'catalogue.universal': 'Universal',
  'catalogue.yes': 'Yes',
} satisfies Record<keyof typeof da, string>;
