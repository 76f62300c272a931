/** Texts of first-run setup: the workspace, its first administrator, the demo municipality. Danish first; the English table has exactly the same keys (checked by the compiler). */
export const da = {
  'setup.title': 'Opret arbejdsområde',
  'setup.intro': 'Første gang: opret enhedens krypterede arbejdsområde og den første administrator. Alle data gemmes kun krypteret.',
  'setup.unitName': 'Enhedens navn',
  'setup.adminHeading': 'Første administrator',
  'setup.submit': 'Opret arbejdsområde',
  'setup.or': 'eller',
  'setup.demoTitle': 'Prøv demokommunen',
  'setup.demoIntro': 'En fiktiv kommune med opdigtede borgere (CPR-numre med dag + 60, som ingen virkelig person har), færdigimporteret, og en demobruger for hver rolle.',
  'setup.demoButton': 'Åbn demokommunen (fiktive data)',
} as const;

export const en = {
  'setup.title': 'Create workspace',
  'setup.intro': 'First run: create the unit’s encrypted workspace and its first administrator. All data is stored encrypted only.',
  'setup.unitName': 'Unit name',
  'setup.adminHeading': 'First administrator',
  'setup.submit': 'Create workspace',
  'setup.or': 'or',
  'setup.demoTitle': 'Try the demo municipality',
  'setup.demoIntro': 'A fictitious municipality with invented citizens (CPR numbers with day + 60, which no real person has), already imported, and a demo user for each role.',
  'setup.demoButton': 'Open the demo municipality (fictitious data)',
} satisfies Record<keyof typeof da, string>;
