/** Texts of the overview every logged-in user starts on. Danish first; the English table has exactly the same keys (checked by the compiler). */
export const da = {
  'nav.home': 'Oversigt',
  'home.welcome': 'Velkommen, {name}.',
  'home.roles': 'Du er logget ind som: {roles}.',
  'home.idle': 'Sessionen låses automatisk efter {n} minutters inaktivitet.',
} as const;

export const en = {
  'nav.home': 'Overview',
  'home.welcome': 'Welcome, {name}.',
  'home.roles': 'You are logged in as: {roles}.',
  'home.idle': 'The session locks automatically after {n} idle minutes.',
} satisfies Record<keyof typeof da, string>;
