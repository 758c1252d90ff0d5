/**
 * A small content tree for the glossary coverage tests: entries (a disambiguation page, an entry
 * under it, an orphan, one reached through a redirect), pages that mention them with and without
 * links, a translated locale, and wanted terms.
 */
import { macroDisplayText } from '../../server/src/content/summary';
import { scanDocument } from '../../server/src/syntax/document';
import { scanMacros } from '../../server/src/syntax/macros';
import { FILES, pagePath, redirectsText } from './content';

export function pageFile(slug: string, body: string, options: { title?: string; pageType?: string; locale?: string } = {}): string {
  const title = options.title ?? slug.split('/').pop()!;
  const pageType = options.pageType ? `page-type: ${options.pageType}\n` : '';
  const l10n = options.locale && options.locale !== 'en-us' ? 'l10n:\n  sourceCommit: 0123456789abcdef\n' : '';
  return `---\ntitle: ${JSON.stringify(title)}\nslug: ${slug}\n${pageType}${l10n}---\n\n${body}\n`;
}

export const GUIDE = [
  'This guide uses an API and CORS, then the API again.',
  'A cross-site',
  'scripting attack, also called XSS. The node here.',
  '',
  'Not these: `API` in code, [CORS link text](/en-US/docs/Web/Other), {{domxref("Node")}}, <!-- CORS -->.',
].join('\n');

export const FILE_MAP: Record<string, string> = {
  [pagePath('en-us', 'Glossary/API')]: pageFile('Glossary/API', 'An **API** (Application Programming Interface) is a set of features.', { pageType: 'glossary-definition' }),
  [pagePath('en-us', 'Glossary/CORS')]: pageFile('Glossary/CORS', '**CORS** is a system. CORS again, and an API.', { pageType: 'glossary-definition' }),
  [pagePath('en-us', 'Glossary/Cross-site_scripting')]: pageFile('Glossary/Cross-site_scripting', 'A **cross-site scripting** attack.', {
    title: 'Cross-site scripting (XSS)',
    pageType: 'glossary-definition',
  }),
  [pagePath('en-us', 'Glossary/Node')]: pageFile('Glossary/Node', 'The term **node** may mean an API thing:\n\n{{GlossaryDisambiguation}}', {
    pageType: 'glossary-disambiguation',
  }),
  [pagePath('en-us', 'Glossary/Node/DOM')]: pageFile('Glossary/Node/DOM', 'In the DOM, a node.', { title: 'Node (DOM)', pageType: 'glossary-definition' }),
  [pagePath('en-us', 'Glossary/Orphan_term')]: pageFile('Glossary/Orphan_term', 'Nobody links to the {{Glossary("Orphan_term", "orphan term")}}.', {
    title: 'Orphan term',
    pageType: 'glossary-definition',
  }),
  [pagePath('en-us', 'Web/Guide')]: pageFile('Web/Guide', GUIDE),
  [pagePath('en-us', 'Web/Linked')]: pageFile(
    'Web/Linked',
    'Uses {{Glossary("API")}} and [cors](/en-US/docs/Glossary/Old_CORS).\nThen API, CORS, and XSS. A {{Glossary("interface")}}.',
  ),
  [pagePath('en-us', 'Web/Other')]: pageFile('Web/Other', 'An {{glossary("Interface", "interface")}} and {{Glossary("Mixin")}}; [the DOM](/en-US/docs/Glossary/Node/DOM).'),
  [pagePath('fr', 'Glossary/API')]: pageFile('Glossary/API', 'Une **API** est un ensemble.', { pageType: 'glossary-definition', locale: 'fr' }),
  [pagePath('fr', 'Web/Guide')]: pageFile('Web/Guide', 'Une API et CORS.', { locale: 'fr' }),
  [pagePath('en-us', 'Web/Redirected')]: pageFile('Web/Redirected', 'The [old XSS page](/en-US/docs/Web/Old_XSS) says XSS.'),
  [`${FILES}/en-us/_redirects.txt`]: redirectsText([
    ['/en-US/docs/Glossary/Old_CORS', '/en-US/docs/Glossary/CORS'],
    ['/en-US/docs/Web/Old_XSS', '/en-US/docs/Glossary/Cross-site_scripting'],
  ]),
};

/**
 * What MDN shows of a page: the body with every Glossary macro replaced by the words it displays
 * (everything else is left as written, so any other change shows), whitespace collapsed as HTML does.
 */
export function renderedText(text: string): string {
  const body = text.slice(scanDocument(text).bodyStart);
  let out = '';
  let from = 0;
  for (const macro of scanMacros(body).macros) {
    if (macro.name.toLowerCase() !== 'glossary') continue;
    out += body.slice(from, macro.start) + macroDisplayText(macro);
    from = macro.end;
  }
  return (out + body.slice(from)).replace(/\s+/g, ' ');
}
