import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const reference = JSON.parse(readFileSync('test/fixtures/r/reference.json', 'utf8')) as {
  cases: { name: string; results: { statistic: string; variable: string; domain: unknown; ci?: string; estimate: number; se: number; ciLow: number | null; ciHigh: number | null }[] }[];
  rake: unknown;
  poststratify: unknown;
};
const scratch = mkdtempSync(join(tmpdir(), 'analyze-cli-'));

function analyze(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('node', ['--import', 'tsx', 'analysis/cli/main.ts', ...args], { timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

const design = ['--input', 'test/fixtures/r/sample.csv', '--weight', 'weight', '--strata', 'stratum', '--cluster', 'psu'];

interface CliRow { statistic: string; variable: string; domain: unknown; estimate: number; se: number; ciLow: number; ciHigh: number }

function expectMatches(rows: CliRow[], caseName: string, ci: string) {
  const expected = reference.cases.find((c) => c.name === caseName)!.results.filter(
    (r) => (r.statistic !== 'prop' || r.ci === ci) && (r.domain === null || JSON.stringify(r.domain).includes('region')),
  );
  const wanted = expected.filter((r) => ['literate', 'y', 'correct/asked'].includes(r.variable) && r.statistic !== 'total');
  expect(wanted.length).toBeGreaterThan(8);
  for (const r of wanted) {
    const got = rows.find((row) => row.statistic === r.statistic && row.variable === r.variable && JSON.stringify(row.domain) === JSON.stringify(r.domain));
    expect(got, `${r.statistic} ${r.variable} ${JSON.stringify(r.domain)}`).toBeDefined();
    expect(Math.abs(got!.estimate - r.estimate) / Math.abs(r.estimate)).toBeLessThan(1e-9);
    expect(Math.abs(got!.se - r.se) / r.se).toBeLessThan(1e-9);
    if (r.ciLow !== null) expect(Math.abs(got!.ciLow - r.ciLow) / Math.abs(r.ciLow)).toBeLessThan(1e-7);
  }
}

describe('analyze estimate (child process, real files)', () => {
  it('prints JSON matching R for a stratified clustered design with domains', async () => {
    const { code, stdout } = await analyze('estimate', ...design, '--mean', 'y', '--prop', 'literate', '--ratio', 'correct:asked', '--by', 'region', '--ci', 'beta');
    expect(code).toBe(0);
    const output = JSON.parse(stdout) as { design: { psuCount: number }; results: CliRow[] };
    expect(output.design.psuCount).toBe(32);
    expectMatches(output.results, 'stratified clustered', 'beta');
  }, 60_000);

  it('post-stratifies and rakes from JSON files as R does', async () => {
    const post = join(scratch, 'post.json');
    const rake = join(scratch, 'rake.json');
    writeFileSync(post, JSON.stringify(reference.poststratify));
    writeFileSync(rake, JSON.stringify(reference.rake));
    const posted = await analyze('estimate', ...design, '--mean', 'y', '--prop', 'literate', '--ratio', 'correct:asked', '--by', 'region', '--ci', 'logit', '--poststratify', post);
    expect(posted.code).toBe(0);
    expectMatches((JSON.parse(posted.stdout) as { results: CliRow[] }).results, 'post-stratified', 'logit');
    const raked = await analyze('estimate', ...design, '--mean', 'y', '--prop', 'literate', '--ratio', 'correct:asked', '--by', 'region', '--rake', rake);
    expect(raked.code).toBe(0);
    expectMatches((JSON.parse(raked.stdout) as { results: CliRow[] }).results, 'raked', 'wald');
  }, 60_000);

  it('writes CSV with the same columns', async () => {
    const { code, stdout } = await analyze('estimate', ...design, '--prop', 'literate', '--by', 'sex', '--format', 'csv');
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toBe('statistic,variable,domain,estimate,se,ciLow,ciHigh,deff,n,df');
    expect(lines).toHaveLength(4);
    expect(lines[2]).toMatch(/^prop,literate,sex=F,0\.\d+/);
  }, 60_000);

  const bad: [string, string[], RegExp][] = [
    ['a missing column', ['--weight', 'weight', '--mean', 'nosuch'], /column "nosuch" is not in .*sample\.csv/],
    ['a non-numeric weight', ['--weight', 'region', '--mean', 'y'], /weight column "region", line 2 .*"Central" is not a number/],
    ['a --prop column with other values than 0/1', ['--weight', 'weight', '--prop', 'correct'], /--prop column "correct", line 2 .* is not 0 or 1/],
    ['an unknown option', ['--weight', 'weight', '--mean', 'y', '--bogus'], /Unknown option '--bogus'/],
    ['a lonely PSU under the default fail', ['--weight', 'weight', '--strata', 'stratum', '--cluster', 'psu', '--mean', 'y', '--input', 'test/fixtures/r/lonely.csv'], /Stratum \(S9\) has only one PSU/],
    ['an unknown --ci', ['--weight', 'weight', '--prop', 'literate', '--ci', 'exact'], /--ci/],
    ['no statistic', ['--weight', 'weight'], /nothing to estimate/],
  ];
  for (const [what, args, message] of bad) {
    it(`exits 2 naming the problem for ${what}`, async () => {
      const input = args.includes('--input') ? [] : ['--input', 'test/fixtures/r/sample.csv'];
      const { code, stdout, stderr } = await analyze('estimate', ...input, ...args);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(message);
    }, 60_000);
  }

  it('exits 2 for a negative weight', async () => {
    const file = join(scratch, 'negative.csv');
    writeFileSync(file, 'w,y\n1,2\n-3,4\n');
    const { code, stderr } = await analyze('estimate', '--input', file, '--weight', 'w', '--mean', 'y');
    expect(code).toBe(2);
    expect(stderr).toMatch(/weight column "w", line 3 .*-3 is negative/);
  }, 60_000);
});

describe('the compiled command line (dist/analyze.js, the package bin)', () => {
  const compiled = (...args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile('node', ['dist/analyze.js', ...args], { timeout: 60_000 }, (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }));
    });

  it('builds, prints the usage for --help, and estimates exactly as the sources do', async () => {
    await new Promise<void>((resolve, reject) => execFile('node', ['--import', 'tsx', 'scripts/build-cli.ts'], { timeout: 60_000 }, (error) => (error ? reject(error) : resolve())));
    const help = await compiled('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage:\n {2}migrant-analyze estimate --input FILE\.csv --weight COL/);
    expect((await compiled('estimate', '--help')).stdout).toBe(help.stdout);
    const args = ['estimate', ...design, '--prop', 'literate', '--ratio', 'correct:asked', '--by', 'region', '--ci', 'logit'];
    const [fromDist, fromSources] = await Promise.all([compiled(...args), analyze(...args)]);
    expect(fromDist.code).toBe(0);
    expect(JSON.parse(fromDist.stdout)).toEqual(JSON.parse(fromSources.stdout));
  }, 120_000);
});

describe('reading the CSV', () => {
  it('reads quoted cells, CRLF, a BOM, short rows and empty lines; numbers exactly as Number() does', async () => {
    const { parseCsv } = await import('../../../../analysis/cli/csv');
    const table = parseCsv('\uFEFFname,x\r\n"a ""quoted"", with comma",0.1\r\n\r\nb,-12.345678901234\nc\n"multi\nline",1e3\n', 'test.csv');
    expect(table.columns).toEqual(['name', 'x']);
    expect(table.rows).toBe(4);
    expect(table.column('name')).toEqual(['a "quoted", with comma', 'b', 'c', 'multi\nline']);
    expect(Array.from(table.numbers('x'))).toEqual([0.1, -12.345678901234, NaN, 1000]);
    const digits = ['0.3', '123456789.012345', '7', '-0.000001', '2.5000000000000001', ' 4 '];
    expect(Array.from(parseCsv(`v\n${digits.join('\n')}\n`).numbers('v'))).toEqual(digits.map(Number));
    expect(() => parseCsv('a\n"open\n', 'bad.csv')).toThrow(/bad\.csv is not valid CSV: a quoted field opened on line 2 is never closed/);
    expect(() => parseCsv('a\n"x"y\n', 'bad.csv')).toThrow(/line 2 has text after a closing quote/);
    expect(() => parseCsv('', 'empty.csv')).toThrow(/empty\.csv is empty/);
  });
});
