import type { LocalizedText } from '../shared/locale';

/** Why the page cannot show the survey: the server's link codes, plus what can go wrong on the phone. */
export type ClosedReason = 'link-invalid' | 'link-expired' | 'link-revoked' | 'link-capped' | 'rate-limited' | 'unreachable';

export const CLOSED_PAGES: Record<ClosedReason, { title: LocalizedText; body: LocalizedText }> = {
  'link-invalid': {
    title: { 'zh-cn': '链接无效', en: 'This link is not valid' },
    body: { 'zh-cn': '这个链接不完整或被改动过。请重新扫描海报上的二维码。', en: 'The link is incomplete or was altered. Please scan the QR code on the poster again.' },
  },
  'link-expired': {
    title: { 'zh-cn': '调查已结束', en: 'This survey has ended' },
    body: { 'zh-cn': '这个二维码已经过期。感谢您的关注！如有疑问，请询问现场工作人员。', en: 'This QR code has expired. Thank you for your interest! Ask the staff at the site if you have questions.' },
  },
  'link-revoked': {
    title: { 'zh-cn': '链接已停用', en: 'This link was withdrawn' },
    body: { 'zh-cn': '调查组已停用这个二维码。请向现场工作人员索取新的二维码。', en: 'The survey team withdrew this QR code. Please ask the staff at the site for a new one.' },
  },
  'link-capped': {
    title: { 'zh-cn': '名额已满', en: 'No places left' },
    body: { 'zh-cn': '这个二维码收集的问卷数量已经够了。感谢您愿意参加！', en: 'This QR code has collected all the answers it needs. Thank you for being willing to take part!' },
  },
  'rate-limited': {
    title: { 'zh-cn': '请稍后再试', en: 'Please try again later' },
    body: { 'zh-cn': '访问人数太多，请过几分钟再打开这个链接。', en: 'Too many people are opening the survey right now. Please open the link again in a few minutes.' },
  },
  unreachable: {
    title: { 'zh-cn': '网络连接失败', en: 'No connection' },
    body: { 'zh-cn': '无法连接服务器。请检查网络后刷新页面。', en: 'The server cannot be reached. Please check your connection and reload the page.' },
  },
};

export const TEXT = {
  thanksTitle: { 'zh-cn': '提交成功，谢谢您！', en: 'Sent. Thank you!' },
  thanksBody: { 'zh-cn': '您的回答已经保存。您的参与将帮助改进流动人口的健康服务。', en: 'Your answers are saved. Taking part helps improve health services for migrants.' },
  sending: { 'zh-cn': '正在提交…', en: 'Sending…' },
  sendFailed: { 'zh-cn': '提交没有成功，您的回答仍保存在手机上。', en: 'Sending failed; your answers are still kept on this phone.' },
  retry: { 'zh-cn': '重新提交', en: 'Send again' },
  rejected: { 'zh-cn': '提交被拒绝：', en: 'The answers were not accepted: ' },
  resumed: { 'zh-cn': '已为您恢复上次填写的进度。', en: 'Your earlier progress was restored.' },
  next: { 'zh-cn': '下一页', en: 'Next' },
  /** SurveyJS's own words for its complete button (survey-core's zh-cn and en). */
  submit: { 'zh-cn': '提交问卷', en: 'Complete' },
  pageOf: { 'zh-cn': '第 {page} / {of} 页', en: 'Page {page} of {of}' },
  loadingNext: {
    'zh-cn': '正在载入下一页。第一次打开时手机要下载问卷程序，网络慢时需要几秒钟。',
    en: 'Loading the next page. The first time, the phone downloads the questionnaire program, which takes a few seconds on a slow network.',
  },
  loading: { 'zh-cn': '正在打开问卷…', en: 'Loading…' },
  required: { 'zh-cn': '请回答此问题。', en: 'Response required.' },
  numberBetween: { 'zh-cn': '请填写 {min} 到 {max} 之间的数字。', en: 'Enter a number from {min} to {max}.' },
  numberAtLeast: { 'zh-cn': '请填写不小于 {min} 的数字。', en: 'Enter a number of at least {min}.' },
  numberAtMost: { 'zh-cn': '请填写不大于 {max} 的数字。', en: 'Enter a number of at most {max}.' },
} satisfies Record<string, LocalizedText>;
