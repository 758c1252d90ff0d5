/**
 * Completion in process (features/completion.ts) over an in-memory tree: which items, in which
 * order, what they replace, and their documentation. The protocol tests cover the wiring.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { CompletionItem, CompletionList, TextEdit } from 'vscode-languageserver';
import { completions } from '../../server/src/features/completion';
import type { FeatureContext } from '../../server/src/features/context';
import { featureContext, pageAtCursor } from '../helpers/features';

let ctx: FeatureContext;
beforeAll(async () => {
  ctx = await featureContext({
    pages: {
      'en-us': {
        'Glossary/API': 'An **API** is a set of features.',
        'Glossary/Application_context': 'Context.',
        'Glossary/Apple': 'Fruit.',
        'Glossary/Cross-site_scripting': 'XSS is an attack.',
        'Glossary/Only_english': 'Untranslated.',
        'Web/API/Fetch_API': 'Fetch.',
        'Web/CSS': 'Styles.',
      },
      fr: { 'Glossary/API': 'Une **API** est un ensemble.' },
    },
  });
});

function complete(marked: string, locale = 'en-us'): { list: CompletionList; replaced: (item: CompletionItem) => string; text: string } {
  const { doc, position, text } = pageAtCursor(marked, locale);
  const list = completions(doc, position, ctx, { snippetSupport: true });
  if (!list) throw new Error(`no completion at ${marked}`);
  const replaced = (item: CompletionItem) => {
    const range = (item.textEdit as TextEdit).range;
    return text.slice(doc.lines.offsetAt(range.start), doc.lines.offsetAt(range.end));
  };
  return { list, replaced, text };
}

describe('glossary terms', () => {
  it('offers the entries that match, best first, replacing what is typed and closing the macro', () => {
    const { list, replaced } = complete('{{Glossary("ap|');
    expect(list.isIncomplete).toBe(true);
    expect(list.items.map((item) => item.label)).toEqual(['API', 'Apple', 'Application_context']);
    expect(list.items.map((item) => item.sortText)).toEqual(['00000', '00001', '00002']);
    for (const item of list.items) {
      expect(replaced(item)).toBe('ap');
      expect((item.textEdit as TextEdit).newText).toBe(`${item.label}")}}`);
      expect(item.detail).toBe(`${item.label} · used on 0 pages`);
    }
  });

  it('inside a closed macro replaces only the term, leaving the closing as written', () => {
    const { list, replaced } = complete('{{glossary("cross|")}}');
    expect(list.items.map((item) => [item.label, replaced(item), (item.textEdit as TextEdit).newText])).toEqual([['Cross-site_scripting', 'cross', 'Cross-site_scripting']]);
  });

  it('in a translated page: the locale’s own entry for a term it has, English ones for the rest', () => {
    const { list } = complete('{{Glossary("|', 'fr');
    const api = list.items.find((item) => item.label === 'API');
    expect(api?.data).toEqual({ path: '/content/files/fr/glossary/api/index.md' });
    expect(list.items.find((item) => item.label === 'Only_english')?.data).toEqual({ path: '/content/files/en-us/glossary/only_english/index.md' });
  });
});

describe('the display text', () => {
  it('offers the term as written and in lower case, inserted at the cursor', () => {
    const { list, replaced } = complete('{{Glossary("API", "|');
    expect(list.items.map((item) => [item.label, item.detail, replaced(item), (item.textEdit as TextEdit).newText])).toEqual([
      ['API', 'Link text for Glossary/API', '', 'API")}}'],
      ['api', 'Link text for Glossary/API', '', 'api")}}'],
    ]);
  });
});

describe('macro names', () => {
  it('completes a macro name to a snippet with its signature and Markdown documentation', () => {
    const { list, replaced } = complete('{{Glos|');
    expect(list.items.map((item) => item.label)).toEqual(['Glossary']);
    const [item] = list.items;
    expect(replaced(item)).toBe('Glos');
    expect((item.textEdit as TextEdit).newText).toBe('Glossary("${1:term}")}}');
    expect(item.insertTextFormat).toBe(2);
    expect(item.detail).toBe('{{Glossary(term, display?)}}');
    expect(item.documentation).toEqual({ kind: 'markdown', value: expect.stringContaining('- `display` (optional): Link text (default: the term)') });
  });
});

describe('link targets', () => {
  it('completes a /docs/ URL by its next segment, replacing the whole URL typed so far', () => {
    const { list, replaced } = complete('[x](/en-US/docs/Web/A|');
    expect(list.items.map((item) => [item.label, replaced(item), (item.textEdit as TextEdit).newText])).toEqual([['API', '/en-US/docs/Web/A', '/en-US/docs/Web/API']]);
  });
});

describe('elsewhere', () => {
  it.each(['Plain prose|', '{{Glossary("API")}} and |', '[text](https://example.com/|'])('offers nothing in %j', (marked) => {
    const { doc, position } = pageAtCursor(marked);
    const list = completions(doc, position, ctx, { snippetSupport: true });
    expect(list?.items ?? []).toEqual([]);
  });
});
