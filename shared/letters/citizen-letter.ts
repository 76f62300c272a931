/**
 * The letter to a finally selected citizen, in words a citizen understands, in Danish and in
 * English: why the unit writes (from the rules that selected them), what a coordinated pathway
 * is, what consent means, that it is voluntary and can be withdrawn, and how to reach the unit.
 *
 * Only the rules that put someone on a list are explained, each as a plain sentence: never a
 * service code, a paragraph or a rule's name. The rules that keep people off a list (services
 * not received, recent starts) say nothing about why this citizen was chosen and are left out,
 * except that their help is not about to end, which tells them why now. So is the age range: it
 * is a bound the screeners tune for one list (often 0 at one end), and written to a citizen it
 * would read as the trial's own rule, which it is not. For a family the numbers
 * are the whole family's: the letter then speaks of the family without numbers, so it tells no
 * member anything about another one's help, and it names nobody but the addressee.
 */
import type { ExplainedRule, RuleResult } from '../criteria';

export type Lang = 'da' | 'en';

export interface LetterSection {
  heading: string;
  paragraphs: string[];
  /** Shown as a list under the paragraphs. */
  points?: string[];
}

export interface CitizenLetter {
  title: string;
  greeting: string;
  sections: LetterSection[];
  closing: string[];
}

export interface LetterFacts {
  name: string;
  unit: 'person' | 'family';
  rules: readonly RuleResult[];
  unitName: string;
  contact: string;
}

type Sentence = (r: RuleResult, family: boolean) => string | null;

const n = (v: number | string) => Number(v);

const SENTENCES: Record<Lang, Partial<Record<ExplainedRule, Sentence>>> = {
  da: {
    minServices: (r, fam) => (fam ? 'Din familie får flere forskellige former for hjælp fra kommunen på samme tid.' : `Du får i dag ${n(r.value)} forskellige former for hjælp eller støtte fra kommunen.`),
    minSectors: (r, fam) => (fam ? 'Hjælpen til din familie kommer fra flere forskellige dele af kommunen.' : `Hjælpen kommer fra ${n(r.value)} forskellige dele af kommunen, som hver har deres egne regler og sagsbehandlere.`),
    minDepartments: (r, fam) => (fam ? 'Din familie er i kontakt med flere afdelinger i kommunen.' : `Du er i kontakt med ${n(r.value)} forskellige afdelinger i kommunen.`),
    minCaseworkers: (r, fam) => (fam ? 'Flere sagsbehandlere arbejder med hjælpen til din familie.' : `${n(r.value)} forskellige sagsbehandlere arbejder med den hjælp, du får.`),
    allOf: (_r, fam) => `${fam ? 'Din familie' : 'Du'} får netop den slags hjælp, som et koordineret forløb skal få til at hænge bedre sammen.`,
    anyOf: (_r, fam) => `${fam ? 'Din familie' : 'Du'} får mindst én af de former for hjælp, som forsøget er rettet mod.`,
    minYearlyCost: (_r, fam) => `Den hjælp, ${fam ? 'din familie' : 'du'} får, er samlet set omfattende.`,
    requireChildAndAdult: () => 'Både børn og voksne i din familie får hjælp fra kommunen.',
    excludeEndingWithin: (r, fam) => `Hjælpen til ${fam ? 'din familie' : 'dig'} ser ikke ud til at slutte inden for de næste ${n(r.threshold)} dage, så der er tid til at lægge en fælles plan.`,
  },
  en: {
    minServices: (r, fam) => (fam ? 'Your family receives several different kinds of help from the municipality at the same time.' : `You currently receive ${n(r.value)} different kinds of help or support from the municipality.`),
    minSectors: (r, fam) => (fam ? 'The help for your family comes from several different parts of the municipality.' : `The help comes from ${n(r.value)} different parts of the municipality, each with its own rules and caseworkers.`),
    minDepartments: (r, fam) => (fam ? 'Your family is in contact with several departments of the municipality.' : `You are in contact with ${n(r.value)} different departments of the municipality.`),
    minCaseworkers: (r, fam) => (fam ? 'Several caseworkers work on the help for your family.' : `${n(r.value)} different caseworkers work on the help you receive.`),
    allOf: (_r, fam) => `${fam ? 'Your family receives' : 'You receive'} exactly the kinds of help that a coordinated pathway is meant to bring together.`,
    anyOf: (_r, fam) => `${fam ? 'Your family receives' : 'You receive'} at least one of the kinds of help the trial is aimed at.`,
    minYearlyCost: (_r, fam) => `Taken together, the help ${fam ? 'your family receives' : 'you receive'} is extensive.`,
    requireChildAndAdult: () => 'Both children and adults in your family receive help from the municipality.',
    excludeEndingWithin: (r, fam) => `The help for ${fam ? 'your family' : 'you'} does not look set to end within the next ${n(r.threshold)} days, so there is time to make a joint plan.`,
  },
};

/** The reasons, one sentence each, in the order the screening applies its rules. */
export function reasons(lang: Lang, unit: 'person' | 'family', rules: readonly RuleResult[]): string[] {
  const out: string[] = [];
  for (const r of rules) {
    if (!r.passed) continue;
    const s = SENTENCES[lang][r.rule as ExplainedRule]?.(r, unit === 'family');
    if (s && !out.includes(s)) out.push(s);
  }
  return out;
}

const TEXT = {
  da: {
    title: 'Tilbud om et koordineret forløb',
    greeting: (name: string) => `Kære ${name}`,
    why: 'Hvorfor skriver vi til dig',
    whyText: [
      'Kommunen afprøver en ny måde at hjælpe borgere på, som får hjælp fra flere steder i kommunen på samme tid. Vi kalder det et koordineret forløb: dine sagsbehandlere laver én fælles plan sammen med dig, så du ikke skal fortælle det samme mange gange, og så hjælpen hænger bedre sammen.',
      'Vi skriver til dig, fordi:',
    ],
    fallback: 'Du får hjælp fra flere steder i kommunen på samme tid.',
    whyAfter: 'Det ved vi fra de oplysninger, kommunen allerede har om den hjælp, du får. Dine sagsbehandlere har vurderet, at et koordineret forløb kan være en god idé for dig nu. Du får den samme hjælp som i dag, uanset hvad du svarer.',
    consent: 'Hvad betyder det at give samtykke',
    consentText: [
      'Hvis du siger ja, giver du samtykke til, at de sagsbehandlere, der laver planen sammen med dig, får et samlet overblik over den hjælp, du får fra kommunen, og over hvem dine sagsbehandlere er. Uden dit samtykke deler vi ikke overblikket.',
      'Det er frivilligt at sige ja. Du kan sige ja eller nej til os på telefon, på et møde, i et brev eller med Digital Post.',
    ],
    next: 'Hvad skal du gøre nu',
    nextText: [
      'Kontakt os, hvis du vil være med, eller hvis du vil høre mere, før du beslutter dig. Du kan også kontakte os for at sige nej tak. Nederst i brevet står, hvordan du kontakter os.',
    ],
    withdraw: 'Du kan altid trække dit samtykke tilbage',
    withdrawText: [
      'Du kan når som helst trække dit samtykke tilbage ved at kontakte os. Så laver vi ikke flere overblik over din hjælp. Det får ingen betydning for den hjælp, du får.',
    ],
    contact: 'Sådan kontakter du os',
    contactText: (unitName: string, contact: string) => [`${unitName}`, contact, 'Du er velkommen til at tage en pårørende eller en bisidder med, hvis vi skal mødes.'],
    regards: 'Med venlig hilsen',
  },
  en: {
    title: 'Offer of a coordinated pathway',
    greeting: (name: string) => `Dear ${name}`,
    why: 'Why we are writing to you',
    whyText: [
      'The municipality is trying out a new way of helping citizens who receive help from several places in the municipality at the same time. We call it a coordinated pathway: your caseworkers make one joint plan together with you, so that you do not have to tell the same story many times, and so that the help fits together better.',
      'We are writing to you because:',
    ],
    fallback: 'You receive help from several places in the municipality at the same time.',
    whyAfter: 'We found this in the information the municipality already has about the help you receive. Your caseworkers have judged that a coordinated pathway may be a good idea for you now. You will receive the same help as today, whatever you answer.',
    consent: 'What giving consent means',
    consentText: [
      'If you say yes, you consent to the caseworkers who make the plan with you getting an overview of all the help you receive from the municipality, and of who your caseworkers are. Without your consent we do not share the overview.',
      'Saying yes is voluntary. You can say yes or no to us by phone, at a meeting, by letter or by Digital Post.',
    ],
    next: 'What to do now',
    nextText: ['Contact us if you would like to take part, or if you would like to know more before you decide. You can also contact us to say no thank you. You will find how to reach us at the end of this letter.'],
    withdraw: 'You can always withdraw your consent',
    withdrawText: ['You can withdraw your consent at any time by contacting us. We will then make no further overviews of your help. It makes no difference to the help you receive.'],
    contact: 'How to contact us',
    contactText: (unitName: string, contact: string) => [`${unitName}`, contact, 'You are welcome to bring a relative or someone to support you if we meet.'],
    regards: 'Kind regards',
  },
} as const;

export function citizenLetter(lang: Lang, f: LetterFacts): CitizenLetter {
  const t = TEXT[lang];
  const why = reasons(lang, f.unit, f.rules);
  return {
    title: t.title,
    greeting: t.greeting(f.name),
    sections: [
      { heading: t.why, paragraphs: [...t.whyText], points: why.length ? why : [t.fallback] },
      { heading: '', paragraphs: [t.whyAfter] },
      { heading: t.consent, paragraphs: [...t.consentText] },
      { heading: t.next, paragraphs: [...t.nextText] },
      { heading: t.withdraw, paragraphs: [...t.withdrawText] },
      { heading: t.contact, paragraphs: t.contactText(f.unitName, f.contact) },
    ],
    closing: [t.regards, f.unitName],
  };
}
