/**
 * The evaluation report (GET /api/reports/evaluation.docx): an editable Word document in Chinese that a
 * commission files — cover; findings against each target; indicator tables by region and by county with
 * charts; county compliance; data and methods (sample, response and completion rates by site and mode,
 * design effects, weighting, how to read intervals and flags). Written from the same estimates, compliance
 * and methods statement as the API and the workbook, so the report cannot say another number.
 */
import { AlignmentType, Document, HeadingLevel, ImageRun, Packer, PageBreak, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { summaryTable } from '../../../analysis/exports/summary';
import type { CountyCompliance } from '../../../analysis/indicators/compliance';
import { barOf, INDICATOR_FAMILY_LABELS, satisfactionAspectBars, type ChartBar } from '../../../analysis/indicators/families';
import { createLabeller, type Labeller } from '../../../analysis/indicators/labels';
import type { IndicatorEstimate } from '../../../analysis/indicators/psuSums';
import { findIndicator, INDICATORS } from '../../../analysis/indicators/registry';
import { MODE_LABELS, RESPONSE_STATUS_LABELS, type ResponseStatus } from '../../../analysis/domain/profile';
import { REGIONS } from '../../../analysis/domain/regions';
import { RELIABILITY_LABELS } from '../../../analysis/stats/reliability';
import { complianceOf } from '../compliance';
import { estimateMethods, type EstimateMethods, type MethodsQuery } from '../estimateMethods';
import { estimateIndicators, type EstimateRequest } from '../estimates';
import type { FieldworkReport, StatusCounts } from '../../../contracts/fieldwork';
import { fieldworkReport } from '../fieldwork';
import { registryDescription } from '../indicatorRegistry';
import { chartPng } from './charts';
import type { ServerState } from '../../state';

const FONT = 'Noto Sans CJK SC';
const percent = (value: number | null, digits = 1) => (value === null || !Number.isFinite(value) ? '—' : `${(value * 100).toFixed(digits)}%`);
const interval = (row: IndicatorEstimate) => (row.ciLow === null || row.ciHigh === null ? '—' : `${percent(row.ciLow)}–${percent(row.ciHigh)}`);
const flagOf = (row: IndicatorEstimate) => (row.reliability && row.reliability.flag !== 'reliable' ? RELIABILITY_LABELS[row.reliability.flag]['zh-cn'] : '');

const text = (value: string, options: { bold?: boolean; size?: number } = {}) => new TextRun({ text: value, font: FONT, bold: options.bold, size: options.size ?? 21 });
const paragraph = (value: string, options: { bold?: boolean; size?: number; align?: (typeof AlignmentType)[keyof typeof AlignmentType] } = {}) =>
  new Paragraph({ children: [text(value, options)], alignment: options.align, spacing: { after: 120, line: 320 } });
const heading = (value: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel] = HeadingLevel.HEADING_1) =>
  new Paragraph({ heading: level, children: [new TextRun({ text: value, font: FONT, bold: true, size: level === HeadingLevel.HEADING_1 ? 30 : 25, color: '000000' })], spacing: { before: 240, after: 160 } });

const cellOptions = (value: string, header: boolean) => ({
  children: [new Paragraph({ children: [text(value, { bold: header, size: 18 })], alignment: AlignmentType.CENTER })],
  margins: { top: 40, bottom: 40, left: 60, right: 60 },
});

/** Text width of an A4 page between the margins, in twentieths of a point. */
const TEXT_WIDTH = 9306;

/** A table across the page, its header repeated on every page; `weights` share the width among the columns. */
function table(header: string[], rows: string[][], weights: number[] = header.map(() => 1)): Table {
  const total = weights.reduce((a, b) => a + b, 0);
  const widths = weights.map((weight) => Math.round((TEXT_WIDTH * weight) / total));
  const row = (values: string[], isHeader: boolean) =>
    new TableRow({ tableHeader: isHeader, cantSplit: true, children: values.map((value, k) => new TableCell({ ...cellOptions(value, isHeader), width: { size: widths[k]!, type: WidthType.DXA } })) });
  return new Table({ width: { size: TEXT_WIDTH, type: WidthType.DXA }, columnWidths: widths, rows: [row(header, true), ...rows.map((values) => row(values, false))] });
}

function chart(title: string, bars: ChartBar[], fontFile: string): Paragraph {
  const { png, width, height } = chartPng(title, bars, fontFile);
  const scale = 600 / width;
  return new Paragraph({ alignment: AlignmentType.CENTER, children: [new ImageRun({ type: 'png', data: png, transformation: { width: 600, height: Math.round(height * scale) }, altText: { name: title, title, description: title } })] });
}


/** The sentence of one finding: "健康素养水平为 23.4%（95%置信区间 18.0%–29.1%），目标 20%，无法判定。" */
function finding(row: IndicatorEstimate, labels: Labeller, prefix = ''): string {
  const name = `${prefix}${labels.indicator(row.indicator)['zh-cn']}`;
  if (row.estimate === null) return `${name}：无有效样本。`;
  const byRegion = findIndicator(row.indicator)?.target?.kind === 'by-region';
  const target = row.target !== null ? `目标 ${percent(row.target, 0)}，${labels.status(row.status)['zh-cn']}` : byRegion ? '目标按地区设定，各地区结果如下' : '未设目标';
  const flag = flagOf(row) ? `（${flagOf(row)}：样本量 ${row.n}）` : '';
  return `${name}为 ${percent(row.estimate)}（95%置信区间 ${interval(row)}），${target}${flag}。`;
}

const status = (code: ResponseStatus) => RESPONSE_STATUS_LABELS[code]['zh-cn'];
const rate = (numerator: number, denominator: number) => (denominator > 0 ? percent(numerator / denominator) : '—');
/** 应答率: complete and partial interviews among eligible contacts (refusals count against it; ineligibles do not). */
const responseRate = (counts: StatusCounts) => rate(counts.complete + counts.partial, counts.complete + counts.partial + counts.refused);

export interface ReportInput {
  byRegion: IndicatorEstimate[];
  compliance: CountyCompliance;
  byCounty: IndicatorEstimate[];
  fieldwork: FieldworkReport;
  methods: EstimateMethods;
  labels: Labeller;
  source: Parameters<typeof summaryTable>[1];
}

export function reportDocument(input: ReportInput, fontFile: string): Document {
  const { byRegion, compliance, byCounty, fieldwork, methods, labels } = input;
  const overall = (indicator: string) => byRegion.find((row) => row.indicator === indicator && row.domain === null);
  const main = INDICATORS.filter((indicator) => indicator.main);
  const generated = methods.statement.find((item) => item.item.en === 'Generated at')?.text['zh-cn'] ?? '';
  const dateRange = methods.statement.find((item) => item.item.en === 'Date range')?.text['zh-cn'] ?? '';
  const flagged = byRegion.filter((row) => row.reliability?.flag === 'unreliable').length;

  const cover = [
    new Paragraph({ spacing: { before: 2400 } }),
    paragraph('流动人口基本公共卫生计生服务均等化', { bold: true, size: 40, align: AlignmentType.CENTER }),
    paragraph('评估调查报告', { bold: true, size: 40, align: AlignmentType.CENTER }),
    new Paragraph({ spacing: { before: 1200 } }),
    paragraph(`调查时间：${dateRange}`, { size: 24, align: AlignmentType.CENTER }),
    paragraph(`完成问卷：${methods.n} 份（${methods.strata} 个县（区），${methods.sites} 个调查点）`, { size: 24, align: AlignmentType.CENTER }),
    paragraph(`问卷版本：${methods.statement.find((item) => item.item.en === 'Instrument versions')?.text['zh-cn'] ?? ''}`, { size: 24, align: AlignmentType.CENTER }),
    paragraph(`生成时间：${generated}`, { size: 24, align: AlignmentType.CENTER }),
    new Paragraph({ children: [new PageBreak()] }),
  ];

  const findings = [
    heading('一、主要发现'),
    paragraph('对照《流动人口基本公共卫生计生服务均等化评估指标体系》的结果指标，本次调查的加权估计如下：'),
    ...main.flatMap((indicator) => {
      const row = overall(indicator.id);
      const lines = row ? [paragraph(`· ${finding(row, labels)}`)] : [];
      if (indicator.target?.kind === 'by-region') {
        for (const regional of byRegion.filter((candidate) => candidate.indicator === indicator.id && candidate.domain?.region)) lines.push(paragraph(`\u3000${finding(regional, labels, `${labels.domain(regional.domain)['zh-cn']}`)}`));
      }
      return lines;
    }),
    ...(compliance.summary['zh-cn'] ? [paragraph(`· ${compliance.summary['zh-cn']}`)] : []),
    paragraph(`· 共 ${byRegion.length} 项分地区估计中，${flagged} 项因样本量或精度不足标为“谨慎解读”，解读时请结合置信区间。`),
  ];

  const table1 = summaryTable(byRegion.filter((row) => findIndicator(row.indicator)?.main), input.source);
  const regionTables = [
    heading('二、分地区指标'),
    table(
      ['指标', '地区', '估计值', '95%置信区间', '样本量', '目标值', '达标状态', '可靠性'],
      table1.lines.flatMap((line) => line.cells.flatMap((row, g) => (row ? [[line.label['zh-cn'], table1.groups[g]!.label['zh-cn'], percent(row.estimate), interval(row), String(row.n), percent(row.target, 0), labels.status(row.status)['zh-cn'], flagOf(row)]] : []))),
      [3, 1, 1, 2, 1, 1, 1.2, 1.2],
    ),
    paragraph('注：“—”表示该指标未设目标或无有效样本；可靠性空白表示估计可靠。'),
    chart(
      INDICATOR_FAMILY_LABELS['awareness-service']['zh-cn'],
      INDICATORS.filter((indicator) => indicator.family === 'awareness-service').map((indicator) => barOf(overall(indicator.id), labels.shortIndicator(indicator.id)['zh-cn'])),
      fontFile,
    ),
    chart(
      '各地区健康素养水平',
      [...REGIONS.map((region) => byRegion.find((row) => row.indicator === 'literacy' && row.domain?.region === region)), overall('literacy')].flatMap((row) => (row ? [barOf(row, labels.domain(row.domain)['zh-cn'])] : [])),
      fontFile,
    ),
    chart(
      INDICATOR_FAMILY_LABELS['satisfaction-aspect']['zh-cn'],
      satisfactionAspectBars(INDICATORS, labels).map((bar) => barOf(overall(bar.indicator), bar.label['zh-cn'])),
      fontFile,
    ),
  ];

  const countyRows = byCounty.filter((row) => row.domain?.county && findIndicator(row.indicator)?.main).sort((a, b) => a.domain!.county!.localeCompare(b.domain!.county!) || INDICATORS.findIndex((i) => i.id === a.indicator) - INDICATORS.findIndex((i) => i.id === b.indicator));
  const countyTables = [
    heading('三、分县（区）指标'),
    table(
      ['县（区）', '指标', '估计值', '95%置信区间', '样本量', '目标值', '达标状态', '可靠性'],
      countyRows.map((row) => [labels.level('county', row.domain!.county!)['zh-cn'], labels.indicator(row.indicator)['zh-cn'], percent(row.estimate), interval(row), String(row.n), percent(row.target, 0), labels.status(row.status)['zh-cn'], flagOf(row)]),
      [1.6, 3, 1, 2, 1, 1, 1.2, 1.2],
    ),
  ];

  const complianceSection = [
    heading('四、县（区）达标情况'),
    ...compliance.indicators.filter((item) => findIndicator(item.indicator)?.main).map((item) => paragraph(item.sentence['zh-cn'])),
    paragraph('健康素养水平按各县（区）所在地区的目标判定：东部 24%、中部 20%、西部 16%。'),
    table(
      ['指标', '目标', '县区数', '达标', '未达标', '无法判定'],
      compliance.indicators.map((item) => [item.label['zh-cn'], item.rule['zh-cn'], String(item.counties), String(item.met), String(item.notMet), String(item.inconclusive)]),
      [3, 3, 1, 1, 1, 1.2],
    ),
  ];

  const methodsSection = [
    heading('五、数据与方法'),
    heading('（一）样本与应答', HeadingLevel.HEADING_2),
    paragraph(
      `调查共 ${methods.strata} 个县（区）、${methods.sites} 个调查点，完成问卷 ${methods.n} 份。应答率 = （${status('complete')} + ${status('partial')}）/（${status('complete')} + ${status('partial')} + ${status('refused')}）；完成率 = 完成问卷数 / 计划样本量。`,
    ),
    table(
      ['调查方式', status('complete'), status('partial'), status('refused'), status('ineligible'), '应答率'],
      fieldwork.modes.map((mode) => [MODE_LABELS[mode.mode as keyof typeof MODE_LABELS]?.['zh-cn'] ?? mode.mode, String(mode.counts.complete), String(mode.counts.partial), String(mode.counts.refused), String(mode.counts.ineligible), responseRate(mode.counts)]),
    ),
    paragraph(''),
    table(
      ['调查点', '县（区）', '计划', status('complete'), status('refused'), '应答率', '完成率'],
      fieldwork.sites.map((site) => [site.siteName, labels.level('county', site.countyCode)['zh-cn'], String(site.planned), String(site.counts.complete), String(site.counts.refused), responseRate(site.counts), rate(site.counts.complete, site.planned)]),
      [2, 2, 1, 1, 1, 1.2, 1.2],
    ),
    heading('（二）设计效应', HeadingLevel.HEADING_2),
    paragraph('设计效应（deff）为复杂抽样设计下估计量的方差与同样本量简单随机抽样方差之比；deff 大于 1 说明整群抽样和不等权重使精度降低，有效样本量约为样本量 / deff。'),
    table(
      ['指标', '估计值', '设计效应', '样本量', '有效样本量'],
      main.flatMap((indicator) => {
        const row = overall(indicator.id);
        return row ? [[labels.indicator(indicator.id)['zh-cn'], percent(row.estimate), row.deff === null || !Number.isFinite(row.deff) ? '—' : row.deff.toFixed(2), String(row.n), row.reliability ? row.reliability.effectiveN.toFixed(0) : '—']] : [];
      }),
      [3, 1, 1, 1, 1.2],
    ),
    heading('（三）加权与估计方法', HeadingLevel.HEADING_2),
    ...methods.statement.filter((item) => item.item.en !== 'Generated at').map((item) => paragraph(`${item.item['zh-cn']}：${item.text['zh-cn']}`)),
    heading('（四）如何阅读置信区间与可靠性标记', HeadingLevel.HEADING_2),
    paragraph('95%置信区间表示在同样的抽样设计下重复调查，约95%的区间会包含真实值。判断是否达标看整个区间：区间下限不低于目标为“达标”，上限低于目标为“未达标”，区间跨过目标为“无法判定”——此时需要更多样本才能下结论，而不是“接近达标”。'),
    paragraph('“谨慎解读”表示该估计的样本量或有效样本量不足 30、置信区间过宽或相对标准误超过 30%（美国国家卫生统计中心的比例估计发布标准），不宜单独作为结论；“需复核”表示设计自由度不足 8，区间可能偏窄。'),
  ];

  return new Document({
    creator: methods.softwareVersion,
    title: '流动人口基本公共卫生计生服务均等化评估调查报告',
    styles: { default: { document: { run: { font: FONT, size: 21 } } } },
    sections: [{ properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 1440, bottom: 1440, left: 1300, right: 1300 } } }, children: [...cover, ...findings, ...regionTables, ...countyTables, ...complianceSection, ...methodsSection] }],
  });
}

/** Everything the report needs from the database, computed once: estimates by region and county, fieldwork counts. */
export async function evaluationReport(state: ServerState, request: Omit<EstimateRequest, 'by'>, query: Omit<MethodsQuery, 'by' | 'indicators'>, fontFile: string): Promise<Buffer> {
  const [byRegion, { compliance, result: byCounty }, source, fieldwork] = await Promise.all([
    estimateIndicators(state, { ...request, by: ['region'] }),
    complianceOf(state, request),
    registryDescription(state),
    fieldworkReport(state, { instrument: request.filters?.instrumentId, expectedShare: 1 }),
  ]);
  const methods = estimateMethods({ ...query, by: ['region', 'county'], indicators: [] }, byRegion);
  const document = reportDocument({ byRegion: byRegion.estimates, compliance, byCounty: byCounty.estimates, fieldwork, methods, labels: createLabeller(source), source }, fontFile);
  return Packer.toBuffer(document);
}
