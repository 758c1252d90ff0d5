/**
 * The translation-status scenario the git tests share: an English content repository with a known
 * history, and a German translation tree (not a repository: translated-content is another clone).
 *
 *   c1 2026-01-01  Add pages              api, http, old_name, untouched, current, legacy, untranslated, web/feature
 *   c2 2026-02-01  API: clarify           glossary/api
 *   c3 2026-03-01  Move Old_name …        glossary/old_name → glossary/new_name (slug line changed)
 *   c4 2026-04-01  New_name: expand       glossary/new_name
 *   c5 2026-05-02  API: fix typo          glossary/api (and web/feature)
 *
 * German pages: api (c1 abbreviated: 2 behind, c2 and c5), new_name (c1 in full: 2 behind, c3 and c4,
 * through the rename), untouched (c1, never touched since: up to date), current (c5: up to date),
 * http (a typo'd hash), legacy (translation_of only), gone (no English page), web/feature (c2,
 * quoted, with a comment: 1 behind). English glossary/untranslated has no German page.
 */
import * as path from 'node:path';
import { pageText, TestRepo } from '../helpers/gitRepo';
import { mkdirSync, writeFileSync } from 'node:fs';

export interface Scenario {
  english: TestRepo;
  /** The English `files` folder and the German one's. */
  englishFiles: string;
  germanFiles: string;
  commits: { c1: string; c2: string; c3: string; c4: string; c5: string };
}

export function buildScenario(root: string): Scenario {
  const home = path.join(root, 'home');
  mkdirSync(home, { recursive: true });
  const english = TestRepo.init(path.join(root, 'content'), home);
  const en = (folder: string) => `files/en-us/${folder}/index.md`;
  const apiBody = (lines: string[]) => lines.join('\n\n');
  english.write(en('glossary/api'), pageText('API', 'Glossary/API', { body: apiBody(['An **API** is a set of features.', 'It has rules.']) }));
  english.write(en('glossary/http'), pageText('HTTP', 'Glossary/HTTP'));
  english.write(
    en('glossary/old_name'),
    pageText('Old name', 'Glossary/Old_name', {
      body: apiBody(['The old name of a term, with a long paragraph that', 'survives the move so that git sees a rename.', 'Line three.', 'Line four.']),
    }),
  );
  english.write(en('glossary/untouched'), pageText('Untouched', 'Glossary/Untouched'));
  english.write(en('glossary/untranslated'), pageText('Untranslated', 'Glossary/Untranslated'));
  english.write(en('glossary/current'), pageText('Current', 'Glossary/Current'));
  english.write(en('glossary/legacy'), pageText('Legacy', 'Glossary/Legacy'));
  english.write(en('web/feature'), pageText('Feature', 'Web/Feature'));
  english.write('README.md', 'English content\n');
  const c1 = english.commit('Add pages', '2026-01-01T10:00:00Z');
  english.write(en('glossary/api'), pageText('API', 'Glossary/API', { body: apiBody(['An **API** is a set of features and rules.', 'It has rules.']) }));
  english.write('README.md', 'English content, edited\n');
  const c2 = english.commit('API: clarify', '2026-02-01T10:00:00Z');
  english.git(['mv', 'files/en-us/glossary/old_name', 'files/en-us/glossary/new_name']);
  english.write(
    en('glossary/new_name'),
    pageText('New name', 'Glossary/New_name', {
      body: apiBody(['The old name of a term, with a long paragraph that', 'survives the move so that git sees a rename.', 'Line three.', 'Line four.']),
    }),
  );
  const c3 = english.commit('Move Old_name to New_name', '2026-03-01T10:00:00Z');
  english.write(
    en('glossary/new_name'),
    pageText('New name', 'Glossary/New_name', {
      body: apiBody(['The old name of a term, with a long paragraph that', 'survives the move so that git sees a rename.', 'Line three.', 'Line four.', 'Line five.']),
    }),
  );
  const c4 = english.commit('New_name: expand', '2026-04-01T10:00:00Z');
  english.write(en('glossary/api'), pageText('API', 'Glossary/API', { body: apiBody(['An **API** is a set of features and rules.', 'It has rules, and a fixed typo.']) }));
  english.write(en('web/feature'), pageText('Feature', 'Web/Feature', { body: 'Feature, edited.' }));
  const c5 = english.commit('API: fix typo', '2026-05-02T10:00:00Z');

  const germanFiles = path.join(root, 'translated', 'files');
  const de = (folder: string, text: string) => {
    const file = path.join(germanFiles, 'de', folder, 'index.md');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  };
  de('glossary/api', pageText('API', 'Glossary/API', { sourceCommit: c1.slice(0, 7), body: 'Eine **API** ist …' }));
  de('glossary/new_name', pageText('Neuer Name', 'Glossary/New_name', { sourceCommit: c1 }));
  de('glossary/untouched', pageText('Unberührt', 'Glossary/Untouched', { sourceCommit: c1 }));
  de('glossary/current', pageText('Aktuell', 'Glossary/Current', { sourceCommit: c5 }));
  de('glossary/http', pageText('HTTP', 'Glossary/HTTP', { sourceCommit: 'deadbeefcafe' }));
  de('glossary/legacy', pageText('Alt', 'Glossary/Legacy', { translationOf: 'Glossary/Legacy' }));
  de('glossary/gone', pageText('Weg', 'Glossary/Gone', { sourceCommit: c1 }));
  de('web/feature', ['---', 'title: Funktion', 'slug: Web/Feature', 'l10n:', `  sourceCommit: "${c2}" # from mdn/content`, '---', '', 'Funktion.', ''].join('\n'));
  return { english, englishFiles: path.join(english.dir, 'files'), germanFiles, commits: { c1, c2, c3, c4, c5 } };
}
