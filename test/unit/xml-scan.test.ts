/**
 * The tokenizer gives the same tags and texts however its input is cut into chunks: tags,
 * comments, CDATA sections, entities and multi-byte characters split anywhere.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { XmlScanner, type XmlHandler, type XmlTag } from '../../electron/engine/base/files/xml-scan';

function events(chunks: Uint8Array[]): string[] {
  const out: string[] = [];
  const h: XmlHandler & { scanner: XmlScanner } = {
    scanner: undefined as unknown as XmlScanner,
    open(name: string, tag: XmlTag, selfClosing: boolean) {
      out.push(`<${name} r=${tag.attr('r') ?? '-'} id=${tag.attr('*:id') ?? '-'}${selfClosing ? '/' : ''}>`);
      h.scanner.capture = name === 't' || name === 'v';
    },
    close(name: string) {
      out.push(`</${name}>`);
      h.scanner.capture = false;
    },
    text(value: string) {
      out.push(`text:${value}`);
    },
  };
  h.scanner = new XmlScanner(h);
  for (const c of chunks) h.scanner.push(c);
  h.scanner.end();
  return out;
}

const DOC = new TextEncoder().encode(
  '<?xml version="1.0"?><x:sst xmlns:x="s" r:id="rId&amp;7"><!-- a > comment -- with \' and " --><si><t>Åse &amp; Ørsted &#x1F600; &lt;ø&gt;</t>' +
    '<t><![CDATA[<raw> ]] ]> & text]]></t></si><row r="12" odd=\'a>b\'><c r="A12"><v>3.14</v></c><c r="B12"/></row></x:sst>',
);

describe('XmlScanner', () => {
  it('is independent of where the input is cut', () => {
    const whole = events([DOC]);
    expect(whole).toContain('text:Åse & Ørsted 😀 <ø>');
    expect(whole).toContain('text:<raw> ]] ]> & text');
    expect(whole).toContain('<row r=12 id=->');
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: DOC.length - 1 }), { maxLength: 40 }), (cuts) => {
        const at = [0, ...[...new Set(cuts)].sort((a, b) => a - b), DOC.length];
        const chunks = at.slice(1).map((end, i) => DOC.slice(at[i], end));
        expect(events(chunks)).toEqual(whole);
      }),
      { numRuns: 300 },
    );
    expect(events([...DOC].map((b) => new Uint8Array([b])))).toEqual(whole);
  });
});
