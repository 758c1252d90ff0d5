import type { CoverageReport } from '../resolve/coverage';
import type { CoverageJson } from './coverageFormat';
export function coverageHtml(report: CoverageReport, json: CoverageJson): string {
  return `<!doctype html><pre>${JSON.stringify(json).length} ${report.pages}</pre>`;
}
