/**
 * The content tree the resolution tests share: en-US and French pages, redirects in both, an
 * allowed broken link (docs/semantics.md § Redirects, § Content layout).
 */
import type { Tree } from '../helpers/content';

export const RESOLVE_TREE: Tree = {
  pages: {
    'en-us': [
      'Glossary/API',
      'Glossary/Bezier_curve',
      'Glossary/Interface',
      'Glossary/Method',
      'Glossary/Color_space',
      'Glossary/Cross-site_scripting',
      'Web/API',
      'Web/API/Element',
      'Web/API/Element/style',
      'Web/API/MediaDevices/getUserMedia',
      'Web/JavaScript/Reference/Global_Objects/Array',
      'Web/JavaScript/Reference/Global_Objects/Array/map',
      'Web/JavaScript/Reference/Statements/for...of',
      'Web/HTML/Element/abbr',
      'Web/HTTP/Reference/Headers/Content-Type',
      'Web/CSS/::after',
      'Learn/First_steps',
    ],
    fr: ['Glossary/API', 'Web/API'],
  },
  redirects: {
    'en-us': [
      ['/en-US/docs/Glossary/Bézier_curve', '/en-US/docs/Glossary/Bezier_curve'],
      ['/en-US/docs/Glossary/Old_API', '/en-US/docs/Glossary/API#overview'],
      ['/en-US/docs/Glossary/method', '/en-US/docs/Glossary/Method'],
      ['/en-US/docs/Web/Guide/API', '/en-US/docs/Web/API'],
      ['/en-US/docs/Web/API/Old_style', '/en-US/docs/Web/API/Element/style'],
      ['/en-US/docs/Web/HTML/Element/old-abbr', '/en-US/docs/Web/HTML/Element/abbr'],
    ],
    fr: [['/fr/docs/Glossary/Methode', '/fr/docs/Glossary/API']],
  },
  allowedBroken: ['Web/Allowed_missing'],
};
