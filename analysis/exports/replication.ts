/**
 * The replication kit's scripts: an R script (survey package) and a Stata do-file that rebuild the
 * platform's design from the data file (strata, sites as PSUs, the weight column) and reproduce its
 * estimates of the headline indicators the file carries, overall and by region, with the same lonely-PSU
 * rule and interval methods; and a README in Chinese saying what each file is and how to run it.
 * Pure text: the server bundles it with the data file (GET /api/exports/replication.zip).
 */
import type { LonelyPsu } from '../stats/design';

/** The estimates the data file's columns reproduce: literacy and full awareness (0/1), awareness (a ratio of counts). */
export const REPLICATED_INDICATORS = [
  { indicator: 'literacy', kind: 'prop', column: 'literate', eligible: '!is.na(d$literate)', stataEligible: '!missing(literate)' },
  { indicator: 'awareness-full', kind: 'prop', column: 'awareness_full', eligible: '!is.na(d$awareness_full)', stataEligible: '!missing(awareness_full)' },
  { indicator: 'awareness', kind: 'ratio', column: 'awareness_correct', denominator: 'awareness_asked', eligible: '!is.na(d$awareness_asked) & d$awareness_asked > 0', stataEligible: 'awareness_asked > 0 & !missing(awareness_asked)' },
] as const;

export interface ReplicationOptions {
  /** base_weight, or final_weight when the file carries a weighting scheme's weights. */
  weightColumn: 'base_weight' | 'final_weight';
  lonelyPsu: LonelyPsu;
  /** The platform request these scripts reproduce, e.g. GET /api/estimates?indicator=…&by=region&instrumentVersion=1. */
  estimatesRequest: string;
  /** When the weights are a scheme's: its name, for the README (the SEs then differ, see there). */
  schemeName?: string;
}

/**
 * R's options(survey.lonely.psu) and Stata's svyset singleunit() for each lonely-PSU choice: R's adjust
 * centres a lonely PSU at the grand mean as Stata's centered does; average scales the others' variance up
 * as scaled does; remove and certainty add nothing for it, as certainty does; fail is Stata's missing.
 */
const STATA_SINGLE_UNIT: Record<LonelyPsu, string> = { fail: 'missing', remove: 'certainty', certainty: 'certainty', adjust: 'centered', average: 'scaled' };

export function replicationR(options: ReplicationOptions): string {
  const indicators = REPLICATED_INDICATORS.map((item) => {
    const estimator =
      item.kind === 'prop'
        ? `prop(~${item.column}, s)`
        : `ratio(~${item.column}, ~${item.denominator}, s)`;
    return `  list(indicator = "${item.indicator}", keep = ${item.eligible}, estimate = function(s) ${estimator})`;
  });
  return `# 复现平台估计（R survey 包）/ Reproduces the platform's estimates with R's survey package.
# 平台请求 / platform request: ${options.estimatesRequest}
# 运行 / run:  Rscript replicate.R   （在解压后的文件夹中 / in the unzipped folder; needs install.packages("survey")）
# 输出 / writes: r-estimates.csv (indicator, region, estimate, se, ci_low, ci_high, n, df)；与 platform-estimates.csv 对照。
suppressPackageStartupMessages(library(survey))
options(survey.lonely.psu = "${options.lonelyPsu}")

d <- read.csv("responses.csv", fileEncoding = "UTF-8-BOM", colClasses = c(stratum = "character", psu = "character", region = "character"))
# 估计只用有权重的完成访问（与平台相同）/ only complete interviews with a weight, as the platform.
d <- d[d$status == "complete" & !is.na(d$${options.weightColumn}), ]
des <- svydesign(ids = ~psu, strata = ~stratum, weights = ~${options.weightColumn}, data = d, nest = TRUE)

# 比例：logit 法置信区间（svyciprop）；估计为 0 或 1 时 logit 无定义，按 NCHS 比例数据发布标准用
# Korn-Graubard 区间，有效样本量取 n（设计效应取 1），并作自由度校正。比值：基于设计自由度的 t 区间。
# Proportions: svyciprop(method = "logit"); at p = 0 or 1 (logit undefined) the NCHS convention, a Korn-Graubard
# interval with effective sample size n (deff 1) and the df adjustment. Ratios: Wald on t with the design df (degf).
prop <- function(f, s) {
  m <- svymean(f, s)
  p <- unname(coef(m)); n <- sum(weights(s) != 0); df <- degf(s)
  ci <- if (p > 1e-12 && p < 1 - 1e-12) {
    unname(attr(svyciprop(f, s, method = "logit"), "ci"))
  } else {
    neff <- n * (qt(0.025, n - 1) / qt(0.025, df))^2
    if (p < 0.5) c(0, qbeta(0.975, 1, neff)) else c(qbeta(0.025, neff, 1), 1)
  }
  c(estimate = p, se = unname(SE(m)), ci = ci)
}
ratio <- function(num, den, s) {
  r <- svyratio(num, den, s)
  est <- unname(coef(r)); se <- unname(SE(r)); t <- qt(0.975, degf(s))
  c(estimate = est, se = se, ci = c(est - t * se, est + t * se))
}

indicators <- list(
${indicators.join(',\n')}
)
rows <- list()
for (item in indicators) {
  for (region in c("", "East", "Central", "West")) {
    keep <- item$keep & (region == "" | d$region == region)
    if (!any(keep)) next
    s <- subset(des, keep)
    e <- item$estimate(s)
    rows[[length(rows) + 1]] <- data.frame(indicator = item$indicator, region = region, estimate = e[[1]], se = e[[2]],
      ci_low = e[[3]], ci_high = e[[4]], n = sum(weights(s) != 0), df = degf(s))
  }
}
out <- do.call(rbind, rows)
write.csv(out, "r-estimates.csv", row.names = FALSE)
print(format(out, digits = 15), row.names = FALSE)
`;
}

export function replicationStata(options: ReplicationOptions): string {
  const lines = REPLICATED_INDICATORS.flatMap((item) => {
    const command = item.kind === 'prop' ? `proportion ${item.column}, citype(logit)` : `ratio (${item.indicator.replace('-', '_')}: ${item.column}/${item.denominator})`;
    return [
      `* ${item.indicator}`,
      `svy, subpop(if ${item.stataEligible}): ${command}`,
      `svy, subpop(if ${item.stataEligible}) over(region): ${command}`,
    ];
  });
  return `* 复现平台估计（Stata）/ Reproduces the platform's estimates in Stata (14 or later).
* 平台请求 / platform request: ${options.estimatesRequest}
* 运行 / run: 在解压后的文件夹中 do replicate.do / in the unzipped folder
* 单调查点层 / lonely PSUs: R survey.lonely.psu = "${options.lonelyPsu}" = Stata singleunit(${STATA_SINGLE_UNIT[options.lonelyPsu]})
* 比例用 logit 置信区间，比值用 t 区间（设计自由度），与平台一致。
import delimited using "responses.csv", varnames(1) encoding("utf-8") stringcols(_all) clear
destring ${options.weightColumn} literate awareness_full awareness_correct awareness_asked, replace
keep if status == "complete" & !missing(${options.weightColumn})
* 调查点嵌套于层：按（层，调查点）编号 / sites are nested in strata
egen psu_id = group(stratum psu)
egen stratum_id = group(stratum)
svyset psu_id [pweight = ${options.weightColumn}], strata(stratum_id) singleunit(${STATA_SINGLE_UNIT[options.lonelyPsu]})
${lines.join('\n')}
`;
}

export function replicationReadme(options: ReplicationOptions): string {
  const weights =
    options.weightColumn === 'final_weight'
      ? `权重：final_weight，即加权方案“${options.schemeName ?? ''}”校准（及截尾）后的最终权重。点估计与平台一致；平台的标准误还计入了校准（泰勒线性化的校准残差），脚本直接以最终权重建设计，标准误会略有不同。要完全复现标准误，请在 R 中用 base_weight 建设计后按同一方案调用 postStratify()/rake()。`
      : '权重：base_weight，即基础权重 = 1 / 调查点入样概率 × 调查点流动人口数 / 本文件中该调查点的完成访问数。';
  return `流动人口健康调查 · 复现包（replication kit）

本压缩包用于在 R 或 Stata 中独立复现平台的加权估计。

文件
- responses.csv：去标识化的访问数据（UTF-8，带 BOM），每行一份访问。设计变量：stratum（层，县区）、psu（初级抽样单位，即调查点，嵌套于层）、base_weight（基础权重，仅完成访问）${options.weightColumn === 'final_weight' ? '、final_weight（最终权重）' : ''}；指标变量：literate（具备健康素养 1/0）、awareness_full（知晓题全部答对 1/0）、awareness_correct / awareness_asked（知晓题答对数 / 题数）；region（东部 East、中部 Central、西部 West）。其余各列见平台的变量说明（codebook.xlsx）。
- replicate.R：R 脚本（survey 包）：svydesign(ids = ~psu, strata = ~stratum, weights = ~${options.weightColumn}, nest = TRUE)，健康素养与全部知晓率用 svyciprop（logit 置信区间），知晓率用 svyratio；结果写入 r-estimates.csv。
- replicate.do：Stata do 文件：svyset 后用 svy: proportion 与 svy: ratio，总体及按地区（over(region)）。
- platform-estimates.csv：平台对同一数据给出的估计（对应请求：${options.estimatesRequest}），供对照。

设计与选项
- 分层（县区）整群（调查点）抽样，泰勒线性化方差，初级抽样单位按有放回处理。
- ${weights}
- 单调查点层（只有一个调查点的层）：R 中 options(survey.lonely.psu = "${options.lonelyPsu}")，Stata 中 singleunit(${STATA_SINGLE_UNIT[options.lonelyPsu]})。
- 只用完成访问；已在审核中拒绝的访问不在文件中（除非导出时选了 includeRejected=true）。
- 各指标的分母：健康素养、全部知晓率为全部完成访问；知晓率为问到知晓题的访问。

运行
- R：install.packages("survey") 后，在本文件夹中运行 Rscript replicate.R，比较 r-estimates.csv 与 platform-estimates.csv（估计值、标准误、置信区间应一致到小数点后 9 位以上）。
- Stata：在本文件夹中 do replicate.do。

English: the data file with its design (stratum, psu, weights), an R script and a Stata do-file that rebuild the design and reproduce the platform's estimates, and the platform's own figures to compare with.
`;
}
