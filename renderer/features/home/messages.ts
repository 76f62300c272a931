/** Texts of the overview every logged-in user starts on. Danish first; the English table has exactly the same keys (checked by the compiler). */
export const da = {
  'nav.home': 'Oversigt',
  'home.welcome': 'Velkommen, {name}.',
  'home.roles': 'Du er logget ind som: {roles}.',
  'home.idle': 'Sessionen låses automatisk efter {n} minutters inaktivitet.',
  'home.todo': 'Det venter på dig',
  'home.approvalOne': '1 liste venter på din godkendelse.',
  'home.approvalMany': '{n} lister venter på din godkendelse.',
  'home.returnedOne': '1 liste er sendt retur til dig med en kommentar.',
  'home.returnedMany': '{n} lister er sendt retur til dig med en kommentar.',
  'home.inReviewOne': '1 liste er under gennemgang.',
  'home.inReviewMany': '{n} lister er under gennemgang.',
  'home.goApproval': 'Gå til Godkendelse',
  'home.goReview': 'Gå til Gennemgang',
} as const;

export const en = {
  'nav.home': 'Overview',
  'home.welcome': 'Welcome, {name}.',
  'home.roles': 'You are logged in as: {roles}.',
  'home.idle': 'The session locks automatically after {n} idle minutes.',
  'home.todo': 'Waiting for you',
  'home.approvalOne': '1 list is awaiting your approval.',
  'home.approvalMany': '{n} lists are awaiting your approval.',
  'home.returnedOne': '1 list was returned to you with a comment.',
  'home.returnedMany': '{n} lists were returned to you with a comment.',
  'home.inReviewOne': '1 list is in review.',
  'home.inReviewMany': '{n} lists are in review.',
  'home.goApproval': 'Go to Approval',
  'home.goReview': 'Go to Review',
} satisfies Record<keyof typeof da, string>;
