/** The catalogue screen's section column (renderer/features/catalogue/paragraphs.ts), on the reference catalogue's own spellings. */
import { describe, expect, it } from 'vitest';
import { shownParagraph } from '../../renderer/features/catalogue/paragraphs';
import { bundledCatalogue } from '../../electron/engine/catalogue/catalogue';

describe('the catalogue’s section references on screen', () => {
  it('shows the section in force first and the former one beside it only where it differs', () => {
    expect(shownParagraph('BL §20', 'SEL §50')).toEqual({ current: 'BL §20', aside: 'SEL §50', unsure: false });
    expect(shownParagraph('§85', '§85')).toEqual({ current: '§85', aside: null, unsure: false });
  });

  it('reads “uændret” as the former section still in force, keeping a remark on it', () => {
    expect(shownParagraph('uændret', '§§81-85')).toEqual({ current: '§§81-85', aside: null, unsure: false });
    expect(shownParagraph('uændret (ændres 2027 [?])', 'lov om sygedagpenge')).toEqual({ current: 'lov om sygedagpenge', aside: 'ændres 2027', unsure: true });
    expect(shownParagraph('uændret (SEL §79 stk.3 ophævet ved ældrereform)', '-')).toEqual({ current: '', aside: 'SEL §79 stk.3 ophævet ved ældrereform', unsure: false });
  });

  it('shows no section where the catalogue has none, and flags an unsure reference without its marker', () => {
    expect(shownParagraph('-', '-')).toEqual({ current: '', aside: null, unsure: false });
    expect(shownParagraph('BL §§114-116 [?]', 'SEL §76')).toEqual({ current: 'BL §§114-116', aside: 'SEL §76', unsure: true });
  });

  it('never shows the catalogue’s own markers for any entry of the bundled catalogue', () => {
    for (const e of bundledCatalogue()) {
      const shown = shownParagraph(e.paragraphNew, e.paragraphOld);
      expect(`${shown.current} ${shown.aside ?? ''}`, e.code).not.toMatch(/\[\?\]|^uændret|\buændret\b|^-$/);
    }
  });
});
