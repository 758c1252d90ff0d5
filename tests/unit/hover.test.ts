/**
 * Hover in process (features/hover.ts) over an in-memory tree: the Markdown shown for a macro or a
 * /docs/ link (title, slug, summary, where it resolves), and the range it covers.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { FeatureContext } from '../../server/src/features/context';
import { hover } from '../../server/src/features/hover';
import { featureContext, pageAtCursor } from '../helpers/features';

let ctx: FeatureContext;
beforeAll(async () => {
  ctx = await featureContext({
    pages: {
      'en-us': { 'Glossary/API': 'An **API** (Application Programming Interface) is a set of features.', 'Web/CSS': 'Styles.' },
      fr: { 'Glossary/API': 'Une **API** est un ensemble.' },
    },
    redirects: { 'en-us': [['/en-US/docs/Glossary/Old_API', '/en-US/docs/Glossary/API']] },
  });
});

async function hoverAt(marked: string, locale = 'en-us') {
  const { doc, position, text } = pageAtCursor(marked, locale);
  const shown = await hover(doc, position, ctx);
  if (!shown?.range) return { markdown: undefined, covered: undefined };
  expect(shown.contents).toMatchObject({ kind: 'markdown' });
  return { markdown: (shown.contents as { value: string }).value, covered: text.slice(doc.lines.offsetAt(shown.range.start), doc.lines.offsetAt(shown.range.end)) };
}

describe('hover', () => {
  it.each([
    [
      'a Glossary macro: title, slug, summary, locale and usage',
      '{{Glossary("A|PI")}} rest',
      '{{Glossary("API")}}',
      '**API** — `Glossary/API`\n\nAn **API** (Application Programming Interface) is a set of features.\n\n_English (en-US) · used on 0 pages_',
    ],
    [
      'a redirected term: the target, and that it redirects',
      '{{Glossary("Old_|API")}}',
      '{{Glossary("Old_API")}}',
      '**API** — `Glossary/API`\n\nAn **API** (Application Programming Interface) is a set of features.\n\n_redirects to `/en-US/docs/Glossary/API` · English (en-US) · used on 0 pages_',
    ],
    ['a /docs/ link: the URL only', 'See [styles](/en-US/docs/Web/C|SS).', '/en-US/docs/Web/CSS', '**CSS** — `Web/CSS`\n\nStyles.\n\n_English (en-US) · used on 0 pages_'],
    ['a broken target: says so', '{{Glossary("Nope|")}}', '{{Glossary("Nope")}}', "**Broken link**: /en-US/docs/Glossary/Nope doesn't resolve."],
  ])('%s', async (_what, marked, covered, markdown) => {
    expect(await hoverAt(marked)).toEqual({ covered, markdown });
  });

  it('in a translated page: the locale’s own entry, its summary and language', async () => {
    expect(await hoverAt('{{Glossary("A|PI")}}', 'fr')).toEqual({
      covered: '{{Glossary("API")}}',
      markdown: '**API** — `Glossary/API`\n\nUne **API** est un ensemble.\n\n_French (fr) · used on 0 pages_',
    });
  });

  it('shows nothing on prose', async () => {
    expect(await hoverAt('Just te|xt {{Glossary("API")}}')).toEqual({ covered: undefined, markdown: undefined });
  });
});
