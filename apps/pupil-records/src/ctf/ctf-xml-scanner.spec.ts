import { CtfXmlScanner, XmlContentHandler, XmlSyntaxError } from './ctf-xml-scanner';

/** Scans `xml` in pieces of `size` characters and returns what the handler heard. */
function scan(xml: string, size = xml.length): string[] {
  const heard: string[] = [];
  const handler: XmlContentHandler = {
    open: (name) => heard.push(`<${name}>`),
    close: (name) => heard.push(`</${name}>`),
    text: (text) => heard.push(text),
  };
  const scanner = new CtfXmlScanner(handler);
  for (let at = 0; at < xml.length; at += size) scanner.write(xml.slice(at, at + size));
  scanner.close();
  // Text may arrive in pieces; join neighbours so the expectations do not depend on chunking.
  return heard.reduce<string[]>((all, item) => {
    const last = all[all.length - 1];
    if (all.length && !item.startsWith('<') && last !== undefined && !last.startsWith('<')) all[all.length - 1] += item;
    else all.push(item);
    return all;
  }, []);
}

function failure(xml: string, size?: number): XmlSyntaxError {
  try {
    scan(xml, size);
  } catch (error) {
    if (error instanceof XmlSyntaxError) return error;
    throw error;
  }
  throw new Error('scanned without an error');
}

describe('CtfXmlScanner (the CTF import parser)', () => {
  it('reports elements and text, skipping the declaration, comments, instructions and attributes', () => {
    const xml =
      '<?xml version="1.0" encoding="UTF-8"?>\n<!-- made by hand -->\n<CTfile a="1" b=\'x > y\'>' +
      '<Pupil><Surname>Khan</Surname><?pi data?><Empty/><Forename >Amira</Forename ></Pupil></CTfile>\n';
    for (const size of [xml.length, 7, 1]) {
      expect(scan(xml, size)).toEqual([
        '<CTfile>',
        '<Pupil>',
        '<Surname>',
        'Khan',
        '</Surname>',
        '<Empty>',
        '</Empty>',
        '<Forename>',
        'Amira',
        '</Forename>',
        '</Pupil>',
        '</CTfile>',
      ]);
    }
  });

  it("decodes XML's five entities, character references and CDATA, across chunk boundaries", () => {
    const xml =
      '<r><a>O&apos;Brien &amp; Sons &lt;&gt;&quot;</a><b>&#233;&#xE9;&#x1F600;</b><c><![CDATA[<not> &amp; a tag]]></c></r>';
    for (const size of [xml.length, 5, 1]) {
      expect(scan(xml, size)).toEqual([
        '<r>',
        '<a>',
        'O\'Brien & Sons <>"',
        '</a>',
        '<b>',
        '\u00e9\u00e9\u{1F600}',
        '</b>',
        '<c>',
        '<not> &amp; a tag',
        '</c>',
        '</r>',
      ]);
    }
  });

  it('normalises line ends in text as XML does', () => {
    expect(scan('<r>a\r\nb\rc</r>')).toEqual(['<r>', 'a\nb\nc', '</r>']);
  });

  it('refuses a DOCTYPE (no DTD, no entity declarations: XXE and billion laughs never start)', () => {
    const xxe = failure('<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>');
    expect(xxe.reason).toMatch(/DOCTYPE is not allowed/);
    expect([xxe.line, xxe.column]).toEqual([2, 1]);
    expect(failure('<!DOCTYPE r SYSTEM "http://127.0.0.1/evil.dtd"><r/>', 3).reason).toMatch(/DOCTYPE/);
  });

  it('refuses any entity beyond the five, and references to characters XML does not allow', () => {
    expect(failure('<r>&lol9;</r>').reason).toMatch(/entity other than/);
    expect(failure('<r>a & b</r>').reason).toMatch(/& not followed by a reference|entity other than/);
    expect(failure('<r>&#0;</r>').reason).toMatch(/character reference/);
    expect(failure('<r>\u0001</r>').reason).toMatch(/character XML does not allow/);
    expect(failure('<r a="&x;"/>').reason).toMatch(/entity other than/);
  });

  it('refuses what is not well-formed, with the line and column', () => {
    const mismatch = failure('<r>\n  <Pupil><UPN>A1</UPN><Surname>Khan</Pupil>\n</r>', 4);
    expect(mismatch.reason).toMatch(/expected Surname/);
    expect([mismatch.line, mismatch.column]).toEqual([2, 36]);
    expect(failure('<r><a></r>').reason).toMatch(/expected a/);
    expect(failure('<r><a>').reason).toMatch(/not closed/);
    expect(failure('<r></r><r></r>').reason).toMatch(/second root/);
    expect(failure('text<r></r>').reason).toMatch(/before the root/);
    expect(failure('<r></r>text').reason).toMatch(/after the root/);
    expect(failure('<r a=1></r>').reason).toMatch(/not quoted/);
    expect(failure('<r><1a/></r>').reason).toMatch(/invalid element name/);
    expect(failure('<r></r', 2).reason).toMatch(/end of file/);
    expect(failure('<r><!ELEMENT x ANY></r>').reason).toMatch(/unexpected markup/);
  });

  it('bounds what it holds: markup that never ends is refused past 1 MB', () => {
    const scanner = new CtfXmlScanner({ open: () => undefined, close: () => undefined, text: () => undefined });
    scanner.write('<r><!--');
    expect(() => {
      for (let i = 0; i < 20; i++) scanner.write('x'.repeat(64 * 1024));
    }).toThrow(/longer than 1 MB/);
  });
});
