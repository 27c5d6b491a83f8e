import { createContext, useContext } from 'react';
import { DEFAULT_LOCALE, fillPlaceholders, type Locale, type LocalizedText } from '../shared/locale';

/**
 * Every string the interviewer app shows, in Chinese and English. `{name}` marks a value filled in by
 * `text(key, values)`. The questionnaire has its own switch (the respondent's language); this is the
 * interviewer's.
 */
export const TEXT = {
  appTitle: { 'zh-cn': '流动人口健康调查', en: 'Migrant health survey' },
  interviewer: { 'zh-cn': '访员：{name}', en: 'Interviewer: {name}' },
  signOut: { 'zh-cn': '退出登录', en: 'Sign out' },
  opening: { 'zh-cn': '正在打开…', en: 'Opening…' },
  openingQuestionnaire: { 'zh-cn': '正在打开问卷…', en: 'Opening the questionnaire…' },
  updateReady: { 'zh-cn': '新版本已安装：回到首页后点击', en: 'A new version is installed: on the home screen press' },
  update: { 'zh-cn': '更新', en: 'Update' },
  updateKeeps: { 'zh-cn': '（未完成的访问不会丢失）', en: '(unfinished interviews are kept)' },
  fieldworkUnavailable: { 'zh-cn': '调查点或问卷无法载入：请联网后重新打开本应用。', en: 'The sites or the questionnaire could not be loaded: connect to the network and open the app again.' },
  instrumentUnavailable: { 'zh-cn': '问卷无法载入：请联网后再试。', en: 'The questionnaire could not be loaded: connect to the network and try again.' },
  signInCodeFailed: { 'zh-cn': '登录码无法使用：{reason}', en: 'The sign-in code cannot be used: {reason}' },
  queued: { 'zh-cn': '访问已完成，已放入待发送。', en: 'Interview finished and queued for sending.' },
  unsentTitle: { 'zh-cn': '还有访问没有发送', en: 'Some interviews are not sent yet' },
  unsentBody: {
    'zh-cn': '待发送 {waiting} 份、被退回 {rejected} 份、未完成 {drafts} 份。它们会保留在这台平板上，但要等您重新登录后才能发送。确定退出吗？',
    en: '{waiting} waiting, {rejected} sent back, {drafts} unfinished. They stay on this tablet but can only be sent after you sign in again. Sign out anyway?',
  },
  signOutAnyway: { 'zh-cn': '仍然退出', en: 'Sign out anyway' },
  cancel: { 'zh-cn': '取消', en: 'Cancel' },
  // Sign-in
  signInTitle: { 'zh-cn': '流动人口健康调查 · 访员', en: 'Migrant health survey · Interviewers' },
  username: { 'zh-cn': '用户名', en: 'User name' },
  password: { 'zh-cn': '密码', en: 'Password' },
  signIn: { 'zh-cn': '登录', en: 'Sign in' },
  signingIn: { 'zh-cn': '正在登录…', en: 'Signing in…' },
  signInHint: {
    'zh-cn': '首次登录需要联网；登录后即使没有网络也可以继续访问，访问结果会在联网时自动发送。',
    en: 'Signing in needs the network once; afterwards you can keep interviewing offline, and interviews are sent by themselves when the network is back.',
  },
  wrongPassword: { 'zh-cn': '用户名或密码不正确', en: 'Wrong user name or password' },
  signInOffline: { 'zh-cn': '无法连接服务器：登录需要联网，请在有网络的地方再试', en: 'Cannot reach the server: signing in needs the network, try again where there is a connection' },
  // Status bar
  online: { 'zh-cn': '在线', en: 'Online' },
  offline: { 'zh-cn': '离线', en: 'Offline' },
  readyOffline: { 'zh-cn': '可离线使用', en: 'Works offline' },
  chooseInstrument: { 'zh-cn': '新访问使用的问卷', en: 'Questionnaire for new interviews' },
  instrumentVersion: { 'zh-cn': '问卷第 {version} 版', en: 'Questionnaire version {version}' },
  instrumentVersionTitle: { 'zh-cn': '新访问使用的问卷版本（联网时自动更新为最新发布的版本）', en: 'The questionnaire version new interviews use (updated to the latest published one whenever online)' },
  readyOfflineTitle: { 'zh-cn': '应用、调查点和问卷已保存在本机', en: 'The app, the sites and the questionnaire are kept on this tablet' },
  waiting: { 'zh-cn': '待发送', en: 'Waiting' },
  rejected: { 'zh-cn': '被退回', en: 'Sent back' },
  lastSync: { 'zh-cn': '上次同步：{when}', en: 'Last sync: {when}' },
  neverSynced: { 'zh-cn': '尚未同步', en: 'not yet' },
  errorPrefix: { 'zh-cn': '错误：{error}', en: 'Error: {error}' },
  syncNow: { 'zh-cn': '立即同步', en: 'Sync now' },
  syncing: { 'zh-cn': '正在同步…', en: 'Syncing…' },
  networkError: { 'zh-cn': '无法连接服务器（{when}），将自动重试', en: 'Cannot reach the server ({when}); will retry by itself' },
  timeoutError: { 'zh-cn': '服务器无响应（{when}），将自动重试', en: 'No answer from the server ({when}); will retry by itself' },
  expiredError: { 'zh-cn': '登录已过期，请重新登录后同步', en: 'Your sign-in has expired: sign in again to sync' },
  forbiddenError: { 'zh-cn': '没有权限发送这些访问，请联系管理员', en: 'You may not send these interviews: contact the administrator' },
  serverError: { 'zh-cn': '服务器出错 {status}（{when}），将自动重试', en: 'Server error {status} ({when}); will retry by itself' },
  otherError: { 'zh-cn': '{message}（{when}）', en: '{message} ({when})' },
  // Home
  rejectedTitle: { 'zh-cn': '被服务器退回的访问（需要修改）', en: 'Interviews the server sent back (to correct)' },
  correct: { 'zh-cn': '修改后重新发送', en: 'Correct and send again' },
  returnedTitle: { 'zh-cn': '审核退回的访问（请按意见修改）', en: 'Interviews returned by the reviewer (to correct)' },
  returnedMeta: { 'zh-cn': '{by} 于 {when} 退回', en: 'Returned by {by}, {when}' },
  returnedPage: { 'zh-cn': '请查看：{page}', en: 'Look at: {page}' },
  correctReturned: { 'zh-cn': '打开修改', en: 'Open and correct' },
  reviewerComment: { 'zh-cn': '审核意见：{comment}', en: 'Reviewer: {comment}' },
  draftsTitle: { 'zh-cn': '未完成的访问', en: 'Unfinished interviews' },
  noDrafts: { 'zh-cn': '没有未完成的访问。', en: 'No unfinished interviews.' },
  draftMeta: { 'zh-cn': '开始于 {when} · 已答 {answered} 题 · 第 {page} 页', en: 'Started {when} · {answered} answered · page {page}' },
  resume: { 'zh-cn': '继续', en: 'Continue' },
  discard: { 'zh-cn': '删除', en: 'Delete' },
  discardTitle: { 'zh-cn': '删除这份未完成的访问？', en: 'Delete this unfinished interview?' },
  discardBody: { 'zh-cn': '{site}，开始于 {when}，已答 {answered} 题。删除后无法恢复。', en: '{site}, started {when}, {answered} answered. It cannot be recovered.' },
  discardConfirm: { 'zh-cn': '确定删除', en: 'Delete' },
  outboxTitle: { 'zh-cn': '待发送的访问', en: 'Interviews waiting to be sent' },
  queuedAt: { 'zh-cn': '完成于 {when}', en: 'Finished {when}' },
  pointsTitle: { 'zh-cn': '我的调查点', en: 'My sites' },
  loadingPoints: { 'zh-cn': '正在载入调查点…', en: 'Loading the sites…' },
  noPoints: { 'zh-cn': '还没有分配调查点，请联系管理员。', en: 'No sites are assigned to you yet: contact the administrator.' },
  pointProgress: { 'zh-cn': '已完成 {complete} / 计划 {planned} 份', en: '{complete} of {planned} planned complete' },
  // The outcomes' names come from RESPONSE_STATUS_LABELS, the one that names them everywhere.
  pointOutcomes: { 'zh-cn': '{refusedName} {refused} · {ineligibleName} {ineligible}', en: '{refusedName} {refused} · {ineligibleName} {ineligible}' },
  newInterview: { 'zh-cn': '新访问', en: 'New interview' },
  // Interview
  saveAndExit: { 'zh-cn': '‹ 保存并返回', en: '‹ Save and go back' },
  progress: { 'zh-cn': '进度', en: 'Progress' },
  pageOf: { 'zh-cn': '第 {page} / {of} 页', en: 'Page {page} of {of}' },
  reviewTitle: { 'zh-cn': '完成前检查', en: 'Check before finishing' },
  allAnswered: { 'zh-cn': '所有问题都已回答。', en: 'Every question is answered.' },
  unanswered: { 'zh-cn': '还有 {count} 个问题没有回答：', en: '{count} questions are not answered:' },
  required: { 'zh-cn': '必答', en: 'required' },
  recordedAsRefused: { 'zh-cn': '受访者不同意参加：这次访问将记录为拒访。', en: 'The respondent declined: this interview will be recorded as a refusal (拒访).' },
  recordedAsIneligible: { 'zh-cn': '受访者不符合调查条件：这次访问将记录为不符合条件，不再继续提问。', en: 'The respondent is not eligible: this interview will be recorded as ineligible (不符合条件), with no further questions.' },
  backToCheck: { 'zh-cn': '返回检查', en: 'Go back and check' },
  finishAndSend: { 'zh-cn': '完成并发送', en: 'Finish and send' },
  checkFailedTitle: { 'zh-cn': '这次访问未通过问卷检查，没有加入待发送', en: 'This interview fails the questionnaire’s check and was not queued' },
  checkFailedHint: { 'zh-cn': '服务器也会拒收这样的访问。请按下列问题修改后再完成：', en: 'The server would refuse it too. Correct these problems (in Chinese), then finish again:' },
  backToInterview: { 'zh-cn': '返回访问', en: 'Back to the interview' },
} satisfies Record<string, LocalizedText>;

export type TextKey = keyof typeof TEXT;
export type Text = (key: TextKey, values?: Record<string, string | number>) => string;

export function textFor(locale: Locale): Text {
  return (key, values = {}) => fillPlaceholders(TEXT[key][locale], values);
}

export const UiLocale = createContext<Locale>(DEFAULT_LOCALE);

/** The interviewer's language and the strings in it. */
export function useText(): { locale: Locale; text: Text } {
  const locale = useContext(UiLocale);
  return { locale, text: textFor(locale) };
}
