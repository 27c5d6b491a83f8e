/** How the platform's spreadsheets look and print: one font with Chinese glyphs, header style, A4 setup. */
import type ExcelJS from 'exceljs';
import type { NumberFormat } from '../../../analysis/exports/estimates';

export const NUMBER_FORMATS: Record<NumberFormat, string> = { percent: '0.0%', percent2: '0.00%', decimal2: '0.00', integer: '0', p: '0.000' };

export const FONT = 'Noto Sans CJK SC';
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F1' } };
export const THIN: Partial<ExcelJS.Borders> = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } };
export const STATUS_COLOUR: Record<string, string> = { met: 'FF1E7B34', 'not met': 'FFC00000', inconclusive: 'FF7F6000', 'not-measured': 'FF7F7F7F' };

export const A4 = 9;
export const printLandscape = (titleRows: string): Partial<ExcelJS.PageSetup> => ({
  paperSize: A4,
  orientation: 'landscape',
  fitToPage: true,
  fitToWidth: 1,
  fitToHeight: 0,
  printTitlesRow: titleRows,
  horizontalCentered: true,
  margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
});

/** Display width of a text in spreadsheet characters: a Chinese character takes two. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const character of text) width += /[\u2e80-\u9fff\uff00-\uffef\u3000-\u303f]/.test(character) ? 2 : 1;
  return width;
}

/** Lines a wrapped text takes in a column of `width` characters (line breaks kept). */
export const linesIn = (text: string, width: number) => text.split('\n').reduce((lines, part) => lines + Math.max(1, Math.ceil(displayWidth(part) / (width - 1))), 0);

export function styleHeader(cell: ExcelJS.Cell): void {
  cell.font = { name: FONT, bold: true, size: 10 };
  cell.fill = HEADER_FILL;
  cell.border = THIN;
  cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
}

