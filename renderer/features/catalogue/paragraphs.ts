/**
 * How the catalogue's section references read on screen. The reference catalogue writes the new
 * numbering as "uændret" (unchanged) where the former one still holds, "-" where a service has
 * none, and marks a reference it is not sure of with "[?]". On screen the section in force comes
 * first, the former one after it only where it differs, and an unsure reference is flagged.
 */
export interface ShownParagraph {
  /** The section in force ('' where the service has none). */
  current: string;
  /** The former section, where it differs from the current one; or a remark on the current one. */
  aside: string | null;
  /** The catalogue is not sure of the reference. */
  unsure: boolean;
}

const UNSURE = /\s*\[\?\]/g;
const HAS_UNSURE = /\[\?\]/;
const none = (text: string) => text === '' || text === '-';

export function shownParagraph(paragraphNew: string, paragraphOld: string): ShownParagraph {
  const unsure = HAS_UNSURE.test(`${paragraphNew} ${paragraphOld}`);
  const neu = paragraphNew.replace(UNSURE, '').trim();
  const old = paragraphOld.replace(UNSURE, '').trim();
  const unchanged = /^uændret\b\s*(?:\((.*)\))?$/.exec(neu);
  if (unchanged) return { current: none(old) ? '' : old, aside: unchanged[1]?.trim() || null, unsure };
  const current = none(neu) ? (none(old) ? '' : old) : neu;
  return { current, aside: none(old) || old === current ? null : old, unsure };
}
