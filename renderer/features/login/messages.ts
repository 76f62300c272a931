/** Texts of logging in and of choosing your own passphrase. Danish first; the English table has exactly the same keys (checked by the compiler). */
export const da = {
  'login.title': 'Log ind',
  'login.submit': 'Log ind',
  'login.lockedIdle': 'Sessionen blev låst efter inaktivitet. Log ind igen.',
  'login.lockedManual': 'Sessionen er låst. Log ind igen.',
  'login.loggedOut': 'Du er logget ud.',
  'change.title': 'Vælg dit eget adgangsudtryk',
  'change.intro': 'Dit adgangsudtryk blev sat af en administrator. Vælg et nyt, som kun du kender.',
  'change.current': 'Nuværende adgangsudtryk',
  'change.next': 'Nyt adgangsudtryk',
  'change.submit': 'Skift adgangsudtryk',
  'login.demoTitle': 'Demobrugere (kun fiktive data)',
  'login.demoUse': 'Brug',
} as const;

export const en = {
  'login.title': 'Log in',
  'login.submit': 'Log in',
  'login.lockedIdle': 'The session was locked after inactivity. Please log in again.',
  'login.lockedManual': 'The session is locked. Please log in again.',
  'login.loggedOut': 'You are logged out.',
  'change.title': 'Choose your own passphrase',
  'change.intro': 'Your passphrase was set by an administrator. Choose a new one that only you know.',
  'change.current': 'Current passphrase',
  'change.next': 'New passphrase',
  'change.submit': 'Change passphrase',
  'login.demoTitle': 'Demo users (fictitious data only)',
  'login.demoUse': 'Use',
} satisfies Record<keyof typeof da, string>;
