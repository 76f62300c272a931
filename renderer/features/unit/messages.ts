/** Texts of the unit's public key. Danish first; the English table has exactly the same keys (checked by the compiler). */
export const da = {
  'nav.unit': 'Enhedens nøgle',
  'unit.title': 'Enhedens offentlige nøgle',
  'unit.intro': 'Kildesystemerne krypterer deres udtræk til denne age-modtager. Den er ikke hemmelig og kan sendes til leverandørerne.',
  'unit.copy': 'Kopiér',
  'unit.download': 'Gem som fil',
  'unit.command': 'Eksempel på kryptering af et udtræk:',
} as const;

export const en = {
  'nav.unit': 'Unit key',
  'unit.title': 'The unit’s public key',
  'unit.intro': 'Source systems encrypt their extracts to this age recipient. It is not secret and can be sent to suppliers.',
  'unit.copy': 'Copy',
  'unit.download': 'Save as file',
  'unit.command': 'Example of encrypting an extract:',
} satisfies Record<keyof typeof da, string>;
