/**
 * Starting points for screening, each with the sentence it comes from. Criteria are data the
 * staff can copy and tune; nothing here is a hidden rule. Service groups stand in for a target
 * group the extracts cannot name directly (no diagnosis is ever shared): which services stand in
 * is said in each preset's note.
 */
import type { CriteriaInput, ServiceRef } from './criteria';

export interface Preset {
  id: string;
  name: { da: string; en: string };
  /** Where the preset comes from, in the source's words. */
  /** `source` names the document: its title stays Danish, what it is said in each language. */
  origin: { source: { da: string; en: string }; da: string; en: string };
  note?: { da: string; en: string };
  criteria: CriteriaInput;
}

const code = (c: string): ServiceRef => ({ code: c });
const TRIAL = { da: 'Orienteret opstart af sammenhængende borgerforløb (forsøgsansøgningen)', en: 'Orienteret opstart af sammenhængende borgerforløb (the trial application)' };
const ODENSE = { da: 'Odense: Sammenhængende Borgerforløb', en: 'Odense: Sammenhængende Borgerforløb (the municipality’s programme)' };
const EMPLOYMENT_CASE = ['LAS_KH', 'LAS_UH', 'SDP', 'LAB_JOBAFKL', 'LAS_RFYJA', 'LAB_RESSOURCE', 'LAS_RFY', 'LAB_MENTOR', 'LAB_PRAKTIK', 'LAB_LONTILSKUD', 'LAS_REVAL'].map(code);
const PSYCHIATRIC_SUPPORT = ['SEL85', 'SEL104', 'SEL107', 'SEL108', 'SEL99'].map(code);
const CHILDREN_MEASURES = ['BL20', 'BL32', 'BL46', 'BL47', 'BL33', 'BL82', 'BL86', 'BL114'].map(code);

export const PRESETS: Preset[] = [
  {
    id: 'ung-ydelse-bostoette-mentor',
    name: { da: 'Ung på kontant- eller uddannelseshjælp med bostøtte og mentor', en: 'Young person on cash or education benefit with housing support and a mentor' },
    origin: {
      source: TRIAL,
      da: '“unge på uddannelseshjælp, som har tilbud om bostøtte parallelt med støtte til medicinforbrug og mentor”',
      en: '“young people on education benefit who receive housing support alongside support for medication and a mentor”',
    },
    note: { da: 'Medicintilskud er udelukket af forsøget og indgår derfor ikke.', en: 'Medicine subsidies are excluded by the trial and so left out.' },
    criteria: { version: 1, age: { max: 29 }, allOf: [[code('LAS_KH'), code('LAS_UH')], code('SEL85'), code('LAB_MENTOR')] },
  },
  {
    id: 'jobafklaring-hjemmepleje-fysioterapi',
    name: { da: 'Jobafklaringsforløb med hjemmepleje og vederlagsfri fysioterapi', en: 'Job clarification with home care and free physiotherapy' },
    origin: {
      source: TRIAL,
      da: '“personer med arbejdserfaring, som efter en arbejdsulykke eller en stressperiode er i et jobafklaringsforløb. Parallelt modtages hjemmepleje og vederlagsfri fysioterapi”',
      en: '“people with work experience in job clarification after a work accident or stress, who at the same time receive home care and free physiotherapy”',
    },
    criteria: { version: 1, allOf: [code('LAB_JOBAFKL'), code('SEL83'), code('SUL140A')] },
  },
  {
    id: 'familier-boern-og-voksne',
    name: { da: 'Familier, hvor både børn og voksne modtager tilbud', en: 'Families where both children and adults receive services' },
    origin: {
      source: TRIAL,
      da: '“familier, hvor både børn og voksne modtager tilbud i kommunen”',
      en: '“families where both children and adults receive services from the municipality”',
    },
    criteria: { version: 1, unit: 'family', requireChildAndAdult: true, minSectors: 2 },
  },
  {
    id: 'sindslidelse-beskaeftigelsessag',
    name: { da: 'Sindslidelse og aktiv beskæftigelsessag', en: 'Mental illness and an active employment case' },
    origin: {
      source: ODENSE,
      da: '“Borgerne modtager en indsats fra forløb Sindslidelse i ÆHF og har samtidig en beskæftigelsessag i BSF.” Typiske indsatser: botilbud eller bostøtte og dagtilbud.',
      en: '“Citizens receive services for mental illness and at the same time have an employment case.” Typical services: residential care or housing support and day care.',
    },
    note: { da: 'Diagnoser deles ikke: socialpsykiatriske indsatser (§§ 85, 99, 104, 107, 108) står i stedet.', en: 'No diagnosis is shared: social-psychiatric services (§§ 85, 99, 104, 107, 108) stand in.' },
    criteria: { version: 1, age: { min: 18 }, allOf: [PSYCHIATRIC_SUPPORT, EMPLOYMENT_CASE] },
  },
  {
    id: 'udsatte-familier-beskaeftigelse',
    name: { da: 'Udsatte familier med familiebehandling eller anbragte børn og en beskæftigelsessag', en: 'Vulnerable families in family treatment or with children placed, and an employment case' },
    origin: {
      source: ODENSE,
      da: '“Udsatte familier som modtager familiebehandling eller har anbragte børn og som samtidig har en beskæftigelsessag i BSF.”',
      en: '“Vulnerable families in family treatment or with children placed, who at the same time have an employment case.”',
    },
    criteria: { version: 1, unit: 'family', allOf: [[code('BL32'), code('BL46'), code('BL47')], EMPLOYMENT_CASE] },
  },
  {
    id: 'overgang-ung-voksen',
    name: { da: 'Unge med en sag i børneområdet, der nærmer sig 18 år', en: 'Young people with a case in children’s services approaching 18' },
    origin: {
      source: ODENSE,
      da: '“Samtlige unge borgere, som har en sag i BUF … skal ved deres 17,1 år til vurdering”, med samarbejde “allerede fra borgernes 16. år”.',
      en: '“Every young person with a case in children’s services is assessed at 17.1 years”, with cooperation “from the age of 16”.',
    },
    criteria: { version: 1, age: { min: 16, max: 17 }, anyOf: CHILDREN_MEASURES },
  },
  {
    id: 'erhvervet-hjerneskade',
    name: { da: 'Erhvervet hjerneskade, 18–65 år, indsatser fra to eller flere forvaltninger', en: 'Acquired brain injury, 18–65, services from two or more departments' },
    origin: {
      source: ODENSE,
      da: '“Voksne borgere mellem 18 og 65 år, med en erhvervet hjerneskade … som får indsatser/ydelser fra to eller flere forvaltninger”',
      en: '“Adults aged 18 to 65 with an acquired brain injury … who receive services from two or more departments”',
    },
    note: { da: 'Diagnoser deles ikke: genoptræning (SUL § 140, SEL § 86) står i stedet.', en: 'No diagnosis is shared: rehabilitation (SUL § 140, SEL § 86) stands in.' },
    criteria: { version: 1, age: { min: 18, max: 65 }, minDepartments: 2, anyOf: [code('SUL140'), code('SEL86')] },
  },
];
