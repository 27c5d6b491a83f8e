import type { ErrorBody, FieldError } from './errors';

/**
 * The problem catalogue: every error the platform reports, as a value with a stable code (as ODK
 * Central's `problem` module). A code has one HTTP status everywhere, a message in Chinese (what a
 * person sees) and in English, and the fields concerned. Services throw `problem(code, …)`; the HTTP
 * layer (server/http/errors.ts) turns it into the error body, the command line into an exit code.
 */
interface ProblemDefinition<Params> {
  status: number;
  zh: (params: Params) => string;
  en: (params: Params) => string;
}

const fixed = (status: number, zh: string, en: string): ProblemDefinition<void> => ({ status, zh: () => zh, en: () => en });
const detailed = <Params>(status: number, zh: (params: Params) => string, en: (params: Params) => string): ProblemDefinition<Params> => ({ status, zh, en });

type Instrument = { id: string; version?: number };
const zhInstrument = (p: Instrument) => `“${p.id}”${p.version ? `第 ${p.version} 版` : ''}`;
const enInstrument = (p: Instrument) => `"${p.id}"${p.version ? ` version ${p.version}` : ''}`;
type SiteCode = { siteCode: string };
type Count = { count: number };
type Detail = { detail: string };

export const PROBLEMS = {
  // The request itself
  'invalid-json': detailed<Detail>(400, (p) => `请求内容不是有效的 JSON：${p.detail}`, (p) => `The body is not valid JSON: ${p.detail}`),
  'too-large': detailed<{ limit: number }>(413, (p) => `请求内容超过 ${p.limit} 字节的上限。`, (p) => `The body is larger than the limit of ${p.limit} bytes.`),
  'bad-request': detailed<Detail>(400, (p) => `请求有误：${p.detail}`, (p) => `Bad request: ${p.detail}`),
  'unsupported-media-type': detailed<{ expected: string }>(415, (p) => `请以 ${p.expected} 格式发送（Content-Type: ${p.expected}）。`, (p) => `Send the body with Content-Type: ${p.expected}.`),
  'invalid-body': fixed(400, '请求内容有误，请查看各字段的错误说明。', 'The request body is invalid; see errors.'),
  'invalid-query': fixed(400, '查询参数有误，请查看各参数的错误说明。', 'The query is invalid; see errors.'),
  'not-found': detailed<{ route: string }>(404, (p) => `没有这个接口：${p.route}`, (p) => `No API route ${p.route}`),
  internal: fixed(500, '服务器内部错误，详情见服务器日志。', 'Internal server error; the details are in the server log.'),
  'database-unavailable': fixed(503, '数据库暂时不可用，请稍后重试；平板上的访谈会保留并自动重发。', 'The database is unavailable for the moment: try again in a few seconds.'),
  'item-not-stored': fixed(503, '本条问卷未保存（数据库出错），它仍保存在设备上，稍后会自动重新发送。', 'This interview was not stored (the database failed); it is kept on the device and sent again.'),

  'too-deep': detailed<{ maxDepth: number; at: string }>(400, (p) => `数据嵌套超过 ${p.maxDepth} 层（位于 ${p.at}）。`, (p) => `The body nests deeper than ${p.maxDepth} levels (at ${p.at}); no answer needs more.`),
  'too-many-values': detailed<{ maxValues: number }>(400, (p) => `数据项超过 ${p.maxValues} 个；一份问卷只有几百个。`, (p) => `The body holds more than ${p.maxValues.toLocaleString('en')} values; an interview has a few hundred.`),
  'cross-origin': detailed<{ origin: string | undefined }>(
    403,
    (p) => `拒绝跨站请求：这项操作只能在本站的页面上进行（来源 ${p.origin ?? '未知'}）。`,
    (p) => `Refused a cross-site request: with the session cookie, changes are accepted only from this site's own pages (Origin ${p.origin ?? 'missing'}); scripts sign in and send Authorization: Bearer.`,
  ),
  'sign-in-throttled': detailed<{ retryAfter: number }>(
    429,
    (p) => `登录尝试过多，请 ${Math.ceil(p.retryAfter / 60)} 分钟后再试；已登录的设备不受影响。`,
    (p) => `Too many failed sign-ins for this account or network; try again in ${Math.ceil(p.retryAfter / 60)} min (retry after ${p.retryAfter} s). Devices already signed in keep working.`,
  ),

  // Sign-in and permissions
  unauthenticated: fixed(401, '请先登录。', 'Sign in first: send `Authorization: Bearer <token>` from POST /api/auth/login.'),
  'invalid-session': detailed<Detail>(401, () => '登录已失效，请重新登录。', (p) => `${p.detail} Sign in again.`),
  'bad-credentials': fixed(401, '用户名或密码错误。', 'Wrong username or password.'),
  forbidden: detailed<{ needed: string; role: string }>(403, (p) => `需要 ${p.needed} 角色才能进行此操作；您当前的角色是 ${p.role}。`, (p) => `This needs the ${p.needed} role; you are signed in as ${p.role}.`),
  'rate-limited': detailed<{ retryAfter: number; perLink: boolean }>(
    429,
    (p) => `${p.perLink ? '这个链接的访问太频繁' : '来自这个网络的请求太多'}，请 ${p.retryAfter} 秒后再试。`,
    (p) => `${p.perLink ? 'This link is receiving too many requests' : 'Too many requests from this network'}. Please wait and try again (retry after ${p.retryAfter} s)`,
  ),

  // Accounts
  'username-taken': detailed<{ username: string }>(409, (p) => `用户名“${p.username}”已存在。`, (p) => `A user named "${p.username}" already exists.`),

  'account-disabled': fixed(401, '此账号已被调查管理员停用。', 'This account was disabled by the survey manager.'),
  'unknown-user': detailed<{ username: string }>(404, (p) => `没有用户名为“${p.username}”的账号。`, (p) => `No account named "${p.username}".`),
  'own-account': detailed<{ action: string; actionEn: string }>(409, (p) => `不能${p.action}自己的账号，请用另一个管理员账号操作。`, (p) => `You cannot ${p.actionEn} your own account; use another admin account.`),
  'username-taken-during-import': fixed(409, '导入期间有用户名被占用，没有导入任何账号，请重新预览。', 'A username was taken while importing; nothing was imported. Preview again.'),
  'empty-users': fixed(400, '文件只有表头，没有账号。', 'The file has a header but no accounts.'),
  'invalid-users-header': detailed<{ missing: string; expected: string }>(400, (p) => `表头缺少 ${p.missing} 列；应为：${p.expected}（用户名,姓名,角色,密码,调查点）。`, (p) => `The header lacks ${p.missing}; expected: ${p.expected}.`),
  'invalid-users': detailed<Count>(400, (p) => `账号文件有 ${p.count} 处问题，没有导入任何账号。`, (p) => `${p.count} problem(s) in the accounts file; nothing was imported. Fix the rows listed and upload again.`),
  'not-an-interviewer': fixed(400, '平板登录码只发给访员账号。', 'Sign-in codes are for interviewer accounts only.'),
  'disabled-account-no-code': fixed(409, '此账号已停用，请先启用。', 'This account is disabled; enable it first.'),
  'unknown-sign-in-code': detailed<{ id: string }>(404, () => '没有此登录码。', (p) => `No sign-in code with id ${p.id}.`),
  'sign-in-code-invalid': fixed(401, '登录码不正确。', 'This sign-in code is not valid: check it, or ask the survey manager for a new one.'),
  'sign-in-code-revoked': fixed(401, '此登录码已被收回。', 'This sign-in code was revoked; ask the survey manager for a new one.'),
  'sign-in-code-used': fixed(401, '此登录码已经用过。', 'This sign-in code was already used; each code works once. Ask for a new one.'),
  'sign-in-code-expired': fixed(401, '此登录码已过期。', 'This sign-in code has expired; ask the survey manager for a new one.'),

  // Uploaded tables (CSV, XLSX)
  'old-excel-format': fixed(400, '这是旧版 Excel 文件（.xls）：请在 Excel 或 WPS 中“另存为” .xlsx 或 CSV 后再上传。', 'This is an old Excel file (.xls): save it as .xlsx or CSV and upload that.'),
  'unreadable-encoding': fixed(400, '无法识别文件的编码：请另存为 UTF-8 或 GBK 编码的 CSV，或 .xlsx 文件后再上传。', 'The file is neither UTF-8 nor GB18030/GBK text: save it as CSV (UTF-8 or GBK) or as .xlsx and upload that.'),
  'invalid-xlsx': detailed<Detail>(400, () => '无法读取此 .xlsx 文件。', (p) => `The .xlsx file cannot be read: ${p.detail}`),

  // Instruments and the sampling frame
  'unknown-instrument': detailed<Instrument>(404, (p) => `没有问卷${zhInstrument(p)}；GET /api/instruments 列出所有问卷。`, (p) => `No instrument ${enInstrument(p)}; GET /api/instruments lists them.`),
  'invalid-version': detailed<{ version: string }>(400, (p) => `版本号 ${p.version} 无效：应为从 1 开始的整数。`, (p) => `version=${p.version}: expected a whole number from 1`),
  'unknown-sampling-point': fixed(400, '没有这个调查点：只能使用已导入抽样框中的调查点编码。', 'No such sampling point: use only site codes of the imported frame.'),
  'no-sampling-points': fixed(400, '抽样框为空，请先导入抽样框。', 'The sampling frame is empty; import it first (POST /api/sampling-points/import).'),
  'invalid-csv': detailed<Detail>(400, (p) => `无法读取这个 CSV 文件：${p.detail}`, (p) => `The CSV cannot be read: ${p.detail}`),
  'empty-frame': fixed(400, '这个 CSV 只有表头，没有调查点。', 'The CSV has a header but no sampling points.'),
  'invalid-frame-header': detailed<{ missing: string; expected: string }>(400, (p) => `表头缺少 ${p.missing}；应为：${p.expected}`, (p) => `The header lacks ${p.missing}; expected: ${p.expected}`),
  'invalid-frame': detailed<Count>(400, (p) => `抽样框有 ${p.count} 处错误，未导入任何数据。请按所列行修改后重新导入。`, (p) => `${p.count} problem(s) in the sampling frame; nothing was imported. Fix the rows listed and import again.`),

  'frame-changed-since-preview': fixed(409, '预览之后抽样框已有变化，请重新预览后再确认。', 'The frame changed since your preview; preview again, then confirm.'),
  'frame-import-in-progress': fixed(409, '另一份抽样框正在导入，请稍后再导入。', 'Another sampling frame import is running; wait for it to finish, then import again.'),
  'frame-import-interrupted': detailed<{ applied: number; total: number } & Detail>(
    503,
    (p) => `导入在完成 ${p.applied}/${p.total} 处更改后中断，请重新导入同一文件以完成（已写入的行不会重复写入）。`,
    (p) => `The import stopped after ${p.applied} of ${p.total} changes (${p.detail}). Import the same file again to complete it: rows already applied are not written twice.`,
  ),

  // Responses
  'invalid-response': fixed(400, '问卷数据格式有误，请查看各字段的错误说明。', 'The response is invalid; see errors.'),
  'wrong-mode': detailed<{ mode: string; sender: string; senderEn: string }>(400, (p) => `${p.sender}提交的问卷，调查方式应为“${p.mode}”。`, (p) => `A response sent by ${p.senderEn} has mode "${p.mode}".`),
  'wrong-link': detailed<Instrument & SiteCode>(403, (p) => `这个链接只用于调查点 ${p.siteCode} 的问卷${zhInstrument(p)}。`, (p) => `This link is for ${enInstrument(p)} at site ${p.siteCode}.`),
  'site-not-assigned': detailed<SiteCode & { username: string }>(403, (p) => `调查点 ${p.siteCode} 没有分配给 ${p.username}。`, (p) => `Sampling point ${p.siteCode} is not assigned to ${p.username}.`),
  'invalid-answers': detailed<Count>(400, (p) => `有 ${p.count} 个回答与问卷不符，请查看错误说明。`, (p) => `${p.count} answer(s) do not fit the instrument; see errors.`),
  conflict: detailed<{ id: string }>(409, (p) => `编号 ${p.id} 下已保存了另一份不同的问卷；新的访问需要新的编号。`, (p) => `A different response with id ${p.id} is already stored; a new interview needs a new UUID.`),

  'poster-font-missing': detailed<{ configured: string | undefined }>(
    503,
    (p) => (p.configured ? `海报字体文件不存在：${p.configured}。` : '服务器上没有中文字体，无法生成海报 PDF：请安装 fonts-noto-cjk，或设置 POSTER_FONT。'),
    (p) =>
      p.configured
        ? `POSTER_FONT=${p.configured} does not exist; point it at a font with Chinese glyphs (a .ttf/.otf, or a .ttc followed by #FaceName).`
        : 'No font with Chinese glyphs on this server: install fonts-noto-cjk (apt install fonts-noto-cjk) or set POSTER_FONT to a .ttf/.otf file.',
  ),

  // Review of stored interviews
  'invalid-id': detailed<{ value: string }>(400, (p) => `“${p.value}”不是问卷编号（UUID）。`, (p) => `"${p.value}" is not a response id (a UUID).`),
  'unknown-response': detailed<{ ids: string }>(404, (p) => `没有编号为 ${p.ids} 的问卷，未做任何更改。`, (p) => `No response with id ${p.ids}; nothing was changed.`),
  'version-conflict': detailed<{ version: number; id: string }>(409, (p) => `问卷 ${p.id} 的第 ${p.version} 版刚被别人保存，请重新载入后再试。`, (p) => `Version ${p.version} of ${p.id} was stored by someone else at the same moment; reload the interview and try again.`),
  'no-change': fixed(400, '这些修改与现有回答相同，未保存任何内容。', 'The changes give the answers they already have; nothing was stored.'),
  'review-conflict': detailed<{ id: string }>(409, (p) => `问卷 ${p.id} 的审核刚被别人修改，请重新载入后再试。`, (p) => `The review of ${p.id} was changed by someone else at the same time; reload it and try again.`),
  'not-returnable': fixed(400, '这份问卷是通过二维码自填的，没有访员可以退回；请直接修改回答或作废。', 'This interview was self-completed through a QR link: there is no interviewer to send it back to. Edit the answers or reject it instead.'),
  'already-returned': detailed<{ id: string; interviewer: string }>(409, (p) => `问卷 ${p.id} 已退回给 ${p.interviewer} 修改。`, (p) => `Interview ${p.id} is already with ${p.interviewer} for correction.`),

  // Questionnaire versions
  'invalid-instrument': detailed<Count>(400, (p) => `问卷有 ${p.count} 处问题，未保存。请逐条修改后重新上传。`, (p) => `The questionnaire has ${p.count} problem(s); nothing was stored. Fix each one listed and upload again.`),
  'invalid-instrument-id': detailed<{ id: string }>(400, (p) => `“${p.id}”不是有效的问卷编号：请用 2–63 个小写字母、数字和 -，以字母开头。`, (p) => `Instrument id "${p.id}": use 2-63 lower-case letters, digits and -, starting with a letter.`),
  'instrument-upload-conflict': fixed(409, '其他人正在同时上传这份问卷的新版本，请稍后重试。', 'Another upload of this instrument took each next version number; upload again.'),
  'instrument-state': detailed<{ id: string; version: number; state: string; stateZh: string; rule: string; ruleZh: string }>(
    409,
    (p) => `问卷“${p.id}”第 ${p.version} 版${p.stateZh}：${p.ruleZh}。`,
    (p) => `Version ${p.version} of "${p.id}" is ${p.state}: ${p.rule}.`,
  ),
  'instrument-draft': detailed<Instrument>(409, (p) => `问卷${zhInstrument(p)}还是草稿，只能通过测试链接填写。`, (p) => `${enInstrument(p)} is a draft: only its test links take interviews, as test data.`),
  'instrument-retired': detailed<Instrument>(409, (p) => `问卷${zhInstrument(p)}已停用，不再接收新的问卷；请用最新发布的版本。`, (p) => `${enInstrument(p)} is retired and takes no new interviews; start new ones on the published version (GET /api/instruments).`),
  'instrument-not-a-draft': detailed<Instrument>(409, (p) => `这个测试链接的问卷${zhInstrument(p)}已不是草稿。`, (p) => `The test link's ${enInstrument(p)} is no longer a draft.`),

  // QR links
  'unknown-link': detailed<{ linkId: string }>(404, (p) => `没有编号为 ${p.linkId} 的链接；GET /api/links 列出所有链接。`, (p) => `No link with id ${p.linkId}; GET /api/links lists them.`),
  'no-open-links': fixed(404, '没有可打印的有效链接，请先创建链接。', 'No open links to print; create them first (POST /api/links/all-sites).'),
  'revoked-link-not-extendable': fixed(409, '已停用的链接不能延期，请新建一个链接。', 'A revoked link cannot be extended; create a new one.'),
  'link-invalid': fixed(401, '这个链接无效：它被改动过或不是本服务器发出的。请重新扫描二维码。', 'This link is not valid: it was altered or not issued by this server. Scan the QR code again.'),
  'link-expired': fixed(410, '这个链接已过期。请向现场工作人员索取新的二维码。', 'This link has expired. Ask at the site for a current QR code.'),
  'link-revoked': fixed(410, '调查组已停用这个链接。请向现场工作人员索取新的二维码。', 'This link was withdrawn by the survey team. Ask at the site for a current QR code.'),
  'link-capped': fixed(409, '这个链接收集的问卷已经够了。感谢您的关注！', 'This link has received all the responses it was meant to collect. Thank you for your interest.'),

  // Estimates and weighting
  'analysis-loading': detailed<{ loaded: number; total: number; retryAfter: number }>(
    503,
    (p) => `分析数据正在载入（已载入 ${p.loaded} / 约 ${p.total} 份问卷），请 ${p.retryAfter} 秒后重试。`,
    (p) => `The analysis rows are loading (${p.loaded} of about ${p.total} responses); try again in ${p.retryAfter} s.`,
  ),
  'lonely-psu': detailed<{ strata: string; strataEn: string }>(
    400,
    (p) => `层 ${p.strata} 只有一个调查点（初级抽样单位），lonelyPsu=fail 时无法估计方差。请选择 lonelyPsu=adjust（默认）、average、remove 或 certainty，或合并这些层。`,
    (p) => `Stratum ${p.strataEn} has a single site (PSU), so its variance cannot be estimated under lonelyPsu=fail; choose lonelyPsu=adjust (the default), average, remove or certainty, or merge the strata.`,
  ),
  'unknown-indicator': detailed<{ indicators: string }>(400, (p) => `没有指标 ${p.indicators}；不填 indicator= 即返回全部指标。`, (p) => `No indicator ${p.indicators}; leave indicator= out to get them all.`),
  'no-responses': fixed(400, '没有符合筛选条件的完成问卷，无法计算权重。', 'No complete interviews match the filters, so there is nothing to weight.'),
  'no-responses-to-compare': fixed(400, '所选条件下没有完成访问，无法比较。', 'No complete interviews match the filters, so there is nothing to compare.'),
  'invalid-group': detailed<{ parameter: string; text: string; why: string }>(400, (p) => `参数 ${p.parameter}=${p.text} 无法识别：${p.why}。`, (p) => `${p.parameter}=${p.text} is not a group: ${p.why}.`),
  'groups-not-comparable': fixed(400, '两组须同为分组取值（如地区、调查方式、县区）或同为调查轮次（问卷版本或日期范围）。', 'Compare two breakdown levels or two survey rounds, not one of each.'),
  'group-empty': detailed<{ group: string; groupEn: string; indicator: string; indicatorEn: string }>(
    400,
    (p) => `所选数据中“${p.group}”没有可用于指标“${p.indicator}”的完成访问，无法比较；请换一组或放宽筛选条件。`,
    (p) => `No complete interviews of ${p.groupEn} are eligible for ${p.indicatorEn}; choose another group or widen the filters.`,
  ),
  'rounds-need-base-weights': fixed(
    400,
    '比较两轮调查时请用基础权重（weighting=base）或不加权（weighting=unweighted）：每轮须各自校准，目前不支持加权方案。',
    'Compare rounds with base or unweighted weights; weighting schemes are not supported for rounds yet.',
  ),
  'rounds-overlap': fixed(400, '两轮调查包含相同的访问（日期范围重叠？），请选择不重叠的两轮。', 'The two rounds share interviews; choose rounds that do not overlap.'),
  'unknown-group': detailed<{ breakdown: string; breakdownEn: string; level: string; choices: string }>(
    400,
    (p) => `${p.breakdown}没有“${p.level}”这一组。可选：${p.choices || '（抽样框中尚无）'}。`,
    (p) => `${p.breakdownEn} has no level "${p.level}". Choices: ${p.choices || '(none in the frame yet)'}.`,
  ),
  'site-not-in-frame': detailed<{ sites: string }>(
    409,
    (p) => `调查点 ${p.sites} 有问卷但不在抽样框中，因而没有基础权重；请把它们导入抽样框，或使用不加权估计。`,
    (p) => `sites ${p.sites} have responses but are not in the sampling frame, so they have no base weight; import them into the frame or use unweighted estimates`,
  ),
  'unknown-weighting': detailed<{ id: string }>(400, (p) => `没有加权方案“${p.id}”；请使用 base、unweighted 或已上传方案的编号。`, (p) => `No weighting scheme "${p.id}"; use base, unweighted or the id of a scheme from GET /api/weighting/schemes.`),
  'empty-margins': fixed(400, '边际总数 CSV 没有数据行；每个变量的每个水平一行：variable,level,population。', 'The margins CSV has no rows; give one row per variable and level: variable,level,population.'),
  'invalid-margins-header': detailed<{ header: string; expected: string }>(400, (p) => `表头是“${p.header}”；应为：${p.expected}`, (p) => `The header is "${p.header}"; expected: ${p.expected}`),
  'invalid-margins': detailed<Count>(400, (p) => `边际总数有 ${p.count} 处错误，未保存任何内容。请修改后重新上传。`, (p) => `${p.count} problem(s) in the margins; nothing was stored. Fix them and upload again.`),
  'margins-do-not-fit': detailed<{ scheme: string }>(400, (p) => `问卷与加权方案“${p.scheme}”的边际总数不符，请查看错误说明。`, (p) => `The interviews do not fit the margins of scheme "${p.scheme}"; see errors.`),
  'calibration-failed': detailed<{ scheme: string } & Detail>(400, (p) => `按方案“${p.scheme}”加权失败：${p.detail}。`, (p) => `Weighting with scheme "${p.scheme}" failed: ${p.detail}.`),
} satisfies Record<string, ProblemDefinition<never>>;

export type ProblemCode = keyof typeof PROBLEMS;
type ParamsOf<Code extends ProblemCode> = Parameters<(typeof PROBLEMS)[Code]['en']>[0];
type ProblemArgs<Code extends ProblemCode> = ParamsOf<Code> extends void ? [errors?: FieldError[]] : [params: ParamsOf<Code>, errors?: FieldError[]];

/** A problem raised by a service: its catalogue entry filled in. `message` is the English text (logs, CLI). */
export class Problem extends Error {
  readonly status: number;
  readonly messageZh: string;
  /** Headers the answer carries, e.g. Retry-After on a 429 or 503. */
  headers?: Record<string, string>;

  constructor(
    readonly code: ProblemCode,
    messageZh: string,
    messageEn: string,
    readonly errors?: FieldError[],
  ) {
    super(messageEn);
    this.name = 'Problem';
    this.status = PROBLEMS[code].status;
    this.messageZh = messageZh;
  }

  /** The API error body (contracts/errors.ts). */
  toBody(): ErrorBody {
    return { code: this.code, message: this.messageZh, messageEn: this.message, ...(this.errors ? { errors: this.errors } : {}) };
  }
}

/** `throw problem('unknown-link', { linkId })`: the catalogue's messages for `code`, with the fields concerned. */
export function problem<Code extends ProblemCode>(code: Code, ...args: ProblemArgs<Code>): Problem {
  const definition = PROBLEMS[code] as ProblemDefinition<unknown>;
  const takesParams = Math.max(definition.zh.length, definition.en.length) > 0;
  const params = takesParams ? args[0] : undefined;
  const errors = (takesParams ? args[1] : args[0]) as FieldError[] | undefined;
  return new Problem(code, definition.zh(params), definition.en(params), errors);
}

export function isProblemCode(code: string): code is ProblemCode {
  return Object.hasOwn(PROBLEMS, code);
}
