import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ConvertedPdf {
  pages: number;
  /** The text of each page, as pdftotext extracts it. */
  pageTexts: string[];
  /** Where the PDF is (in a temporary directory) for pdftoppm / pdffonts. */
  file: string;
  dispose(): void;
}

/**
 * Opens a file as a person would, with LibreOffice (headless, its own throw-away profile so parallel
 * runs do not share one), converts it to PDF and reads it back with poppler.
 */
export function convertToPdf(bytes: Buffer, extension: 'xlsx' | 'docx'): ConvertedPdf {
  const directory = mkdtempSync(join(tmpdir(), 'office-'));
  const input = join(directory, `file.${extension}`);
  writeFileSync(input, bytes);
  execFileSync('soffice', [`-env:UserInstallation=file://${join(directory, 'profile')}`, '--headless', '--convert-to', 'pdf', '--outdir', directory, input], { timeout: 120_000, stdio: 'pipe' });
  const file = join(directory, 'file.pdf');
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
  const pageTexts = Array.from({ length: pages }, (_, k) => execFileSync('pdftotext', ['-layout', '-f', String(k + 1), '-l', String(k + 1), file, '-'], { encoding: 'utf8' }));
  return { pages, pageTexts, file, dispose: () => rmSync(directory, { recursive: true, force: true }) };
}
