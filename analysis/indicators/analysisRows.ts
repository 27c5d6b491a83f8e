/**
 * The analysis rows of every stored response, held in memory in columns of typed arrays: the design fields
 * (stratum, PSU), the breakdown levels, instrument, version, status, received date, interviewer account,
 * interview length, and each indicator's numerator and denominator as one byte each (ELIGIBLE_NONE outside its
 * eligible population). About 135 bytes per response, so that estimates, breakdowns, weighting schemes and the
 * fieldwork counts (per site, per account) read memory instead of the database.
 * Strings are stored once, as levels of a coded column.
 *
 * Estimates with per-PSU weights (base, unweighted) fill the same per-PSU sums as the streaming accumulator
 * (./psuSums.ts) and end in the same finish(); a weighting scheme takes the selected rows as columns
 * (./columns.ts) for the calibration engine.
 */
import { RESPONSE_STATUSES, type ResponseStatus } from '../domain/profile';
import type { EstimateOptions } from '../stats/estimate';
import type { ResponseScores } from '../scoring/types';
import { IndicatorColumns } from './columns';
import { WeightClasses } from './weightClasses';
import { PsuDomainSums, SUMS, type IndicatorEstimate, type PsuLabel } from './psuSums';
import { BREAKDOWNS, INDICATORS, type Breakdown, type Indicator } from './registry';

/** What one stored response contributes to the rows. */
export interface AnalysisRowInput {
  id: string;
  instrumentId: string;
  instrumentVersion: number;
  status: string;
  receivedAt: Date;
  stratum: string;
  psu: string;
  breakdowns: Partial<Record<Breakdown, string | null>>;
  /** null for responses that were not scored (refused, ineligible). */
  scores: ResponseScores | null;
  /** Rejected in review: left out of every selection unless it includes rejected rows. */
  rejected?: boolean;
  /** The interviewer account that sent it (CAPI); none for a QR interview. */
  interviewer?: string | null;
  /** Interview length from the paradata, when the device sent one. */
  durationSeconds?: number | null;
}

/** Responses by status. */
export type StatusCounts = Record<ResponseStatus, number>;

/** What the fieldwork monitor reads of one stored response (any status). */
export interface InterviewFacts {
  site: string;
  status: ResponseStatus;
  mode: string | null;
  receivedAt: number;
  interviewer: string | null;
  durationSeconds: number | null;
}

/** What fieldwork counts group by. */
export type CountKey = 'site' | 'interviewer';

/** Which rows an estimate uses; every field given must match. */
export interface RowSelection {
  instrumentId?: string;
  instrumentVersion?: number;
  status?: string;
  stratum?: string;
  breakdowns?: Partial<Record<Breakdown, string>>;
  /** Received at or after (ms since the epoch). */
  receivedFrom?: number;
  /** Received before (ms since the epoch). */
  receivedBefore?: number;
  /** Rows rejected in review are left out unless this is true. */
  includeRejected?: boolean;
}

/** Selected rows in groups (./analysisRows.ts groupsOf). */
interface RowGroups {
  count: number;
  /** The group of each selected row, by its place in the selection. */
  ofRow: Int32Array;
  /** One row of each group, to read the group's PSU and levels from. */
  firstRow: Int32Array;
  /** Selected rows in each group. */
  sizes: Float64Array;
  /** How many of the variables asked for the groups are made by (the first ones). */
  variables: number;
}

/** Groups the per-PSU estimates sum rows into at most, by default (43 indicators' sums: about 2 KB a group). */
const MAX_GROUPS = 1 << 14;
/** A regrouping looks the (group, level) pairs up in a table up to this size, else in a Map. */
const TABLE_LIMIT = 1 << 24;

/** Splits every group by a column's code: the new group of each selected row, and how many there are. */
function refine(ofRow: Int32Array, count: number, rows: Uint32Array, codes: ArrayLike<number>, levels: number): { ofRow: Int32Array; count: number } {
  const refined = new Int32Array(rows.length);
  let groups = 0;
  if (count * levels <= TABLE_LIMIT) {
    const table = new Int32Array(count * levels).fill(-1);
    for (let j = 0; j < rows.length; j++) {
      const key = ofRow[j]! * levels + codes[rows[j]!]!;
      if (table[key]! < 0) table[key] = groups++;
      refined[j] = table[key]!;
    }
  } else {
    const table = new Map<number, number>();
    for (let j = 0; j < rows.length; j++) {
      const key = ofRow[j]! * levels + codes[rows[j]!]!;
      let group = table.get(key);
      if (group === undefined) table.set(key, (group = groups++));
      refined[j] = group;
    }
  }
  return { ofRow: refined, count: groups };
}

/** A numerator or denominator byte meaning "not in the eligible population". */
const ELIGIBLE_NONE = 255;
const NO_LEVEL = 0;

/** A string column stored as codes into its levels; code 0 is "no value". */
class CodedColumn {
  readonly levels: (string | null)[] = [null];
  private readonly index = new Map<string, number>();
  codes: Uint16Array | Uint32Array;

  constructor(
    capacity: number,
    private readonly wide = false,
  ) {
    this.codes = wide ? new Uint32Array(capacity) : new Uint16Array(capacity);
  }

  codeOf(value: string | null | undefined): number {
    if (value === null || value === undefined) return NO_LEVEL;
    let code = this.index.get(value);
    if (code === undefined) {
      code = this.levels.length;
      if (!this.wide && code > 0xffff) throw new RangeError(`more than 65,535 distinct values in one analysis column (at "${value}")`);
      this.index.set(value, code);
      this.levels.push(value);
    }
    return code;
  }

  /** The code of a value, or -1 when no row has it. */
  find(value: string): number {
    return this.index.get(value) ?? -1;
  }

  grow(capacity: number): void {
    const codes = this.wide ? new Uint32Array(capacity) : new Uint16Array(capacity);
    codes.set(this.codes);
    this.codes = codes;
  }
}

export class AnalysisRows {
  private capacity: number;
  private count = 0;
  private readonly rowOfId = new Map<string, number>();
  /** stratum and PSU together, so that equal site codes in different strata stay different PSUs. */
  private readonly psu: CodedColumn;
  private readonly psuLabels: PsuLabel[] = [];
  private readonly stratum: CodedColumn;
  private readonly instrument: CodedColumn;
  private readonly status: CodedColumn;
  private readonly interviewer: CodedColumn;
  private readonly breakdowns: Map<Breakdown, CodedColumn>;
  private version: Uint16Array;
  private scored: Uint8Array;
  private rejected: Uint8Array;
  private receivedAt: Float64Array;
  /** NaN when the paradata has no length. */
  private durationSeconds: Float64Array;
  /** Row-major: for row i and indicator k, values[(i·K + k)·2] is y and the next byte x. */
  private values: Uint8Array;
  /** Per indicator, 1 while every value stored is y = 0 or 1 over x = 1 (a proportion's), so its sums need only n and Σy. */
  private readonly binary: Uint8Array;
  private latestReceivedAt = -Infinity;

  constructor(
    readonly indicators: readonly Indicator[] = INDICATORS,
    initialCapacity = 1024,
    private readonly maxGroups = MAX_GROUPS,
  ) {
    this.capacity = initialCapacity;
    this.psu = new CodedColumn(initialCapacity, true);
    this.stratum = new CodedColumn(initialCapacity);
    this.instrument = new CodedColumn(initialCapacity);
    this.status = new CodedColumn(initialCapacity);
    this.interviewer = new CodedColumn(initialCapacity);
    this.breakdowns = new Map(BREAKDOWNS.map((breakdown) => [breakdown, new CodedColumn(initialCapacity)]));
    this.version = new Uint16Array(initialCapacity);
    this.scored = new Uint8Array(initialCapacity);
    this.rejected = new Uint8Array(initialCapacity);
    this.receivedAt = new Float64Array(initialCapacity);
    this.durationSeconds = new Float64Array(initialCapacity);
    this.values = new Uint8Array(initialCapacity * indicators.length * 2);
    this.binary = new Uint8Array(indicators.length).fill(1);
  }

  get length(): number {
    return this.count;
  }

  /** The latest received date among the rows (ms), the watermark another instance's writes are read from. */
  get watermark(): number {
    return this.latestReceivedAt;
  }

  has(id: string): boolean {
    return this.rowOfId.has(id);
  }

  /** Bytes held by the columns (the id index is extra: a Map of the UUID strings). */
  get columnBytes(): number {
    const numeric = [this.version, this.scored, this.rejected, this.receivedAt, this.durationSeconds, this.values];
    return this.codedColumns().reduce((bytes, column) => bytes + column.codes.byteLength, 0) + numeric.reduce((bytes, column) => bytes + column.byteLength, 0);
  }

  /** Adds a response once: a second add of the same id (a resend, a catch-up overlap) is ignored; returns whether it was new. */
  add(row: AnalysisRowInput): boolean {
    if (this.rowOfId.has(row.id)) return false;
    if (this.count === this.capacity) this.grow();
    const i = this.count;
    this.write(i, row);
    this.rowOfId.set(row.id, i);
    this.count++;
    if (this.receivedAt[i]! > this.latestReceivedAt) this.latestReceivedAt = this.receivedAt[i]!;
    return true;
  }

  /** Replaces a response's row in place (a new version of it, or its review state changed); returns whether it was here. */
  replace(row: AnalysisRowInput): boolean {
    const i = this.rowOfId.get(row.id);
    if (i === undefined) return false;
    this.write(i, row);
    return true;
  }

  /** The ids of the rows marked rejected. */
  rejectedIds(): string[] {
    return [...this.rowOfId].filter(([, i]) => this.rejected[i]).map(([id]) => id);
  }

  /** Marks a response rejected in review, or no longer rejected; returns whether it was here. */
  setRejected(id: string, rejected: boolean): boolean {
    const i = this.rowOfId.get(id);
    if (i === undefined) return false;
    this.rejected[i] = rejected ? 1 : 0;
    return true;
  }

  private write(i: number, row: AnalysisRowInput): void {
    const psuCode = this.psu.codeOf(`${row.stratum}\u0000${row.psu}`);
    if (psuCode === this.psuLabels.length + 1) this.psuLabels.push({ stratum: row.stratum, psu: row.psu });
    this.psu.codes[i] = psuCode;
    this.stratum.codes[i] = this.stratum.codeOf(row.stratum);
    this.instrument.codes[i] = this.instrument.codeOf(row.instrumentId);
    this.status.codes[i] = this.status.codeOf(row.status);
    this.interviewer.codes[i] = this.interviewer.codeOf(row.interviewer);
    for (const [breakdown, column] of this.breakdowns) column.codes[i] = column.codeOf(row.breakdowns[breakdown]);
    this.version[i] = row.instrumentVersion;
    this.receivedAt[i] = row.receivedAt.getTime();
    this.durationSeconds[i] = row.durationSeconds ?? NaN;
    this.scored[i] = row.scores ? 1 : 0;
    this.rejected[i] = row.rejected ? 1 : 0;
    this.writeValues(i, row.scores);
  }

  /** Takes a response out of every selection (a response deleted from the database); returns whether it was here. */
  remove(id: string): boolean {
    const i = this.rowOfId.get(id);
    if (i === undefined) return false;
    this.rowOfId.delete(id);
    this.scored[i] = 0;
    this.status.codes[i] = NO_LEVEL;
    return true;
  }

  private writeValues(i: number, scores: ResponseScores | null): void {
    const at = i * this.indicators.length * 2;
    this.indicators.forEach((indicator, k) => {
      const contribution = scores ? indicator.contribution(scores) : null;
      this.values[at + 2 * k] = contribution ? asByte(contribution[0], indicator) : ELIGIBLE_NONE;
      this.values[at + 2 * k + 1] = contribution ? asByte(contribution[1], indicator) : ELIGIBLE_NONE;
      if (contribution && (contribution[1] !== 1 || (contribution[0] !== 0 && contribution[0] !== 1))) this.binary[k] = 0;
    });
  }

  private grow(): void {
    const capacity = this.capacity * 2;
    for (const column of this.codedColumns()) column.grow(capacity);
    const widen = <T extends Uint8Array | Uint16Array | Float64Array>(array: T, size: number): T => {
      const wider = new (array.constructor as new (size: number) => T)(size);
      wider.set(array);
      return wider;
    };
    this.version = widen(this.version, capacity);
    this.scored = widen(this.scored, capacity);
    this.rejected = widen(this.rejected, capacity);
    this.receivedAt = widen(this.receivedAt, capacity);
    this.durationSeconds = widen(this.durationSeconds, capacity);
    this.values = widen(this.values, capacity * this.indicators.length * 2);
    this.capacity = capacity;
  }

  private codedColumns(): CodedColumn[] {
    return [this.psu, this.stratum, this.instrument, this.status, this.interviewer, ...this.breakdowns.values()];
  }

  /**
   * Stored responses (every status, rejected ones too: they were interviews) per site code or per interviewer
   * account, by status; of one instrument when given (a site's plan is the main survey's).
   */
  statusCounts(key: CountKey, instrumentId?: string): Map<string, StatusCounts> {
    const column = key === 'site' ? this.psu : this.interviewer;
    const instrument = instrumentId === undefined ? undefined : this.instrument.find(instrumentId);
    const statusOfCode = this.status.levels.map((level) => RESPONSE_STATUSES.indexOf(level as ResponseStatus));
    const tallies = new Uint32Array(column.levels.length * RESPONSE_STATUSES.length);
    for (let i = 0; i < this.count; i++) {
      if (instrument !== undefined && this.instrument.codes[i] !== instrument) continue;
      const status = statusOfCode[this.status.codes[i]!]!;
      if (status >= 0) tallies[column.codes[i]! * RESPONSE_STATUSES.length + status]! += 1;
    }
    const counts = new Map<string, StatusCounts>();
    for (let code = 1; code < column.levels.length; code++) {
      const name = key === 'site' ? this.psuLabels[code - 1]!.psu : column.levels[code]!;
      const of = counts.get(name) ?? noCounts();
      RESPONSE_STATUSES.forEach((status, s) => (of[status] += tallies[code * RESPONSE_STATUSES.length + s]!));
      counts.set(name, of);
    }
    return counts;
  }

  /** Every stored response (any status, rejected ones too), optionally of one instrument: what the fieldwork monitor reads. */
  *interviews(instrumentId?: string): Generator<InterviewFacts> {
    const instrument = instrumentId === undefined ? undefined : this.instrument.find(instrumentId);
    if (instrument === -1) return;
    const mode = this.breakdowns.get('mode')!;
    for (let i = 0; i < this.count; i++) {
      const status = this.status.levels[this.status.codes[i]!];
      if (!status || (instrument !== undefined && this.instrument.codes[i] !== instrument)) continue;
      const duration = this.durationSeconds[i]!;
      yield {
        site: this.psuLabels[this.psu.codes[i]! - 1]!.psu,
        status: status as ResponseStatus,
        mode: mode.levels[mode.codes[i]!] ?? null,
        receivedAt: this.receivedAt[i]!,
        interviewer: this.interviewer.levels[this.interviewer.codes[i]!] ?? null,
        durationSeconds: Number.isNaN(duration) ? null : duration,
      };
    }
  }

  /** The scored rows that match every field of the selection, in storage order. */
  select(selection: RowSelection): Uint32Array {
    const wanted: { codes: ArrayLike<number>; code: number }[] = [];
    const want = (column: CodedColumn, value: string | undefined): boolean => {
      if (value === undefined) return true;
      const code = column.find(value);
      wanted.push({ codes: column.codes, code });
      return code >= 0;
    };
    let possible = want(this.instrument, selection.instrumentId) && want(this.status, selection.status) && want(this.stratum, selection.stratum);
    for (const [breakdown, level] of Object.entries(selection.breakdowns ?? {}) as [Breakdown, string | undefined][]) {
      possible = want(this.breakdowns.get(breakdown)!, level) && possible;
    }
    if (!possible) return new Uint32Array(0);
    const from = selection.receivedFrom ?? -Infinity;
    const before = selection.receivedBefore ?? Infinity;
    const version = selection.instrumentVersion;
    const skipRejected = !selection.includeRejected;
    const chosen = new Uint32Array(this.count);
    let size = 0;
    for (let i = 0; i < this.count; i++) {
      if (!this.scored[i] || this.receivedAt[i]! < from || this.receivedAt[i]! >= before) continue;
      if (skipRejected && this.rejected[i]) continue;
      if (version !== undefined && this.version[i] !== version) continue;
      chosen[size++] = i;
    }
    // Then one coded column at a time, keeping the rows with its code.
    for (const { codes, code } of wanted) {
      let kept = 0;
      for (let j = 0; j < size; j++) if (codes[chosen[j]!] === code) chosen[kept++] = chosen[j]!;
      size = kept;
    }
    return chosen.slice(0, size);
  }

  /** The selected rows that are not rejected in review. */
  withoutRejected(rows: Uint32Array): Uint32Array {
    const kept = new Uint32Array(rows.length);
    let size = 0;
    for (const i of rows) if (!this.rejected[i]) kept[size++] = i;
    return kept.subarray(0, size);
  }

  /** Completed interviews per site code among the selected rows (for base weights), sites in order of their first row. */
  sitesOf(rows: Uint32Array): Map<string, number> {
    const ofCode = new Uint32Array(this.psu.levels.length);
    const order: number[] = [];
    for (const i of rows) if (ofCode[this.psu.codes[i]!]!++ === 0) order.push(this.psu.codes[i]!);
    const counts = new Map<string, number>();
    for (const code of order) {
      const site = this.psuLabels[code - 1]!.psu;
      counts.set(site, (counts.get(site) ?? 0) + ofCode[code]!);
    }
    return counts;
  }

  /** The instrument versions of the selected rows, ascending: the versions an estimate pools (issue 19). */
  versionsOf(rows: Uint32Array): number[] {
    const seen = new Uint8Array(0x10000);
    for (const i of rows) seen[this.version[i]!] = 1;
    const versions: number[] = [];
    for (let version = 0; version < seen.length; version++) if (seen[version]) versions.push(version);
    return versions;
  }

  /** The response ids of the selected rows, in their order (the data file's final weights are keyed by them). */
  idsOf(rows: Uint32Array): string[] {
    const ids = new Array<string>(this.count);
    for (const [id, i] of this.rowOfId) ids[i] = id;
    return Array.from(rows, (i) => ids[i]!);
  }

  /** How many strata the selected rows are in. */
  strataOf(rows: Uint32Array): number {
    const seen = new Uint8Array(this.stratum.levels.length);
    let count = 0;
    for (const i of rows) if (!seen[this.stratum.codes[i]!]) count += seen[this.stratum.codes[i]!] = 1;
    return count;
  }

  /**
   * Every indicator overall and by each breakdown for the selected rows, with per-PSU weights: one pass over
   * the rows sums every indicator into groups of rows that share a PSU and their breakdown levels, and the
   * groups' sums go to each domain they are in.
   */
  estimate(rows: Uint32Array, by: readonly Breakdown[], weightOf: (psu: PsuLabel) => number, options: EstimateOptions): IndicatorEstimate[] {
    const sums = new PsuDomainSums(this.indicators, by);
    const groups = this.groupsOf(rows, by, this.maxGroups);
    const groupSums = this.groupSums(rows, groups);
    const psuOfCode = new Int32Array(this.psu.levels.length).fill(-1);
    const psuOf = (i: number): number => {
      const code = this.psu.codes[i]!;
      if (psuOfCode[code]! < 0) psuOfCode[code] = sums.psuOf(this.psuLabels[code - 1]!.stratum, this.psuLabels[code - 1]!.psu);
      return psuOfCode[code]!;
    };
    const domainOfCode = by.map((breakdown) => new Int32Array(this.breakdowns.get(breakdown)!.levels.length).fill(-1));
    const domainOf = (b: number, level: number): number => {
      if (domainOfCode[b]![level]! < 0) domainOfCode[b]![level] = sums.domainOf(by[b]!, this.breakdowns.get(by[b]!)!.levels[level]!);
      return domainOfCode[b]![level]!;
    };
    const block = this.indicators.length * SUMS;
    for (let g = 0; g < groups.count; g++) {
      const i = groups.firstRow[g]!;
      const psu = psuOf(i);
      sums.addSums(sums.pairOf(0, psu), groupSums, g * block);
      for (let b = 0; b < groups.variables; b++) {
        const level = this.breakdowns.get(by[b]!)!.codes[i]!;
        if (level !== NO_LEVEL) sums.addSums(sums.pairOf(domainOf(b, level), psu), groupSums, g * block);
      }
    }
    // Breakdowns the groups could not take without too many groups: row by row.
    const stride = this.indicators.length * 2;
    for (let b = groups.variables; b < by.length; b++) {
      const codes = this.breakdowns.get(by[b]!)!.codes;
      for (const i of rows) {
        if (codes[i] === NO_LEVEL) continue;
        const pair = sums.pairOf(domainOf(b, codes[i]!), psuOf(i));
        for (let k = 0, at = i * stride; k < this.indicators.length; k++, at += 2) if (this.values[at] !== ELIGIBLE_NONE) sums.add(k, pair, this.values[at]!, this.values[at + 1]!);
      }
    }
    return sums.finish(weightOf, options);
  }

  /**
   * The selected rows in groups that share a PSU and their level of each variable (every level, no value
   * included), refined variable by variable while there are at most maxGroups groups.
   */
  private groupsOf(rows: Uint32Array, variables: readonly Breakdown[], maxGroups = Infinity): RowGroups {
    let { ofRow, count } = refine(new Int32Array(rows.length), 1, rows, this.psu.codes, this.psu.levels.length);
    let taken = 0;
    for (const variable of variables) {
      const column = this.breakdowns.get(variable)!;
      const refined = refine(ofRow, count, rows, column.codes, column.levels.length);
      if (refined.count > maxGroups) break;
      ({ ofRow, count } = refined);
      taken++;
    }
    const firstRow = new Int32Array(count).fill(-1);
    const sizes = new Float64Array(count);
    for (let j = 0; j < rows.length; j++) {
      if (firstRow[ofRow[j]!]! < 0) firstRow[ofRow[j]!] = rows[j]!;
      sizes[ofRow[j]!]! += 1;
    }
    return { count, ofRow, firstRow, sizes, variables: taken };
  }

  /** Every indicator's sums over the eligible rows of each group, group-major as PsuDomainSums lays out a pair's. */
  private groupSums(rows: Uint32Array, groups: RowGroups): Float64Array {
    const indicators = this.indicators.length;
    const stride = indicators * 2;
    const block = indicators * SUMS;
    const sums = new Float64Array(groups.count * block);
    const values = this.values;
    const binary = this.binary;
    for (let j = 0; j < rows.length; j++) {
      let s = groups.ofRow[j]! * block;
      for (let at = rows[j]! * stride, k = 0; k < indicators; k++, at += 2, s += SUMS) {
        const y = values[at]!;
        if (y === ELIGIBLE_NONE) continue;
        sums[s]! += 1;
        sums[s + 1]! += y;
        if (binary[k]) continue;
        const x = values[at + 1]!;
        sums[s + 2]! += x;
        sums[s + 3]! += y * y;
        sums[s + 4]! += x * y;
        sums[s + 5]! += x * x;
      }
    }
    // A 0/1 indicator over x = 1: Σx = Σx² = n and Σy² = Σxy = Σy.
    for (let k = 0; k < indicators; k++) {
      if (!binary[k]) continue;
      for (let s = k * SUMS; s < sums.length; s += block) {
        sums[s + 2] = sums[s + 5] = sums[s]!;
        sums[s + 3] = sums[s + 4] = sums[s + 1]!;
      }
    }
    return sums;
  }

  /** The selected rows in weight classes (./weightClasses.ts) by PSU and the given variables, for a calibrated estimate of every indicator. */
  weightClasses(rows: Uint32Array, variables: readonly Breakdown[]): WeightClasses {
    const distinct = [...new Set(variables)];
    const groups = this.groupsOf(rows, distinct);
    const label = (g: number) => this.psuLabels[this.psu.codes[groups.firstRow[g]!]! - 1]!;
    const classes = Array.from({ length: groups.count }, (_, g) => g);
    return new WeightClasses(
      {
        strata: classes.map((g) => label(g).stratum),
        psus: classes.map((g) => label(g).psu),
        breakdowns: new Map(distinct.map((variable) => {
          const column = this.breakdowns.get(variable)!;
          return [variable, classes.map((g) => column.levels[column.codes[groups.firstRow[g]!]!]!)];
        })),
        counts: groups.sizes,
        sums: this.groupSums(rows, groups),
      },
      this.indicators,
    );
  }

  /** The selected rows as columns for the calibration engine, with the breakdowns it needs (and only the indicators asked for). */
  columns(rows: Uint32Array, variables: readonly Breakdown[], indicators: readonly Indicator[] = this.indicators): IndicatorColumns {
    const stride = this.indicators.length * 2;
    const label = (i: number) => this.psuLabels[this.psu.codes[i]! - 1]!;
    const valuesOf = (k: number, offset: 0 | 1) =>
      Float64Array.from(rows, (i) => {
        const value = this.values[i * stride + 2 * k + offset]!;
        return value === ELIGIBLE_NONE ? NaN : value;
      });
    return new IndicatorColumns(
      {
        strata: Array.from(rows, (i) => label(i).stratum),
        psus: Array.from(rows, (i) => label(i).psu),
        breakdowns: new Map(variables.map((variable) => {
          const column = this.breakdowns.get(variable)!;
          return [variable, Array.from(rows, (i) => column.levels[column.codes[i]!]!)];
        })),
        numerators: indicators.map((indicator) => valuesOf(this.indicators.indexOf(indicator), 0)),
        denominators: indicators.map((indicator) => valuesOf(this.indicators.indexOf(indicator), 1)),
      },
      indicators,
    );
  }
}

export const noCounts = (): StatusCounts => ({ complete: 0, partial: 0, ineligible: 0, refused: 0 });

function asByte(value: number, indicator: Indicator): number {
  if (!Number.isInteger(value) || value < 0 || value >= ELIGIBLE_NONE) {
    throw new RangeError(`indicator ${indicator.id} gave ${value}; the analysis rows store whole numbers from 0 to 254`);
  }
  return value;
}
