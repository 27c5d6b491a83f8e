import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userImportSchema, userUpdateSchema } from '../../contracts/accounts';
import { modelsOf } from '../../server/models';
import { createUser } from '../../server/services/users';
import { createInterviewer, expectContract, importFrame, signIn, startTestApi, TEST_ADMIN_PASSWORD } from '../helpers/api';
import { queuedInterview } from '../helpers/fieldwork';

const CSV = 'text/csv';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('accounts: list, change, disable, delete, bulk import, demo removal', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let adminToken: string;
  let interviewerToken: string;
  let analystToken: string;
  const asAdmin = (test: request.Test) => test.set('Authorization', `Bearer ${adminToken}`);

  beforeAll(async () => {
    api = await startTestApi('users');
    adminToken = await signIn(api.app, 'admin', TEST_ADMIN_PASSWORD);
    expect((await importFrame(api.app, adminToken)).status).toBe(200);
    interviewerToken = await createInterviewer(api.app, adminToken, 'li.ming', ['KM-01', 'KM-02']);
    await createUser(api.connection, { username: 'zhao.analyst', password: 'analyst-password', role: 'analyst' });
    analystToken = await signIn(api.app, 'zhao.analyst', 'analyst-password');
    const interview = queuedInterview('users-test', 0).submission;
    const stored = await request(api.app).post('/api/responses').set('Authorization', `Bearer ${interviewerToken}`).send(interview);
    expect(stored.status).toBe(201);
  });
  afterAll(() => api.drop());

  const routes: [string, string][] = [
    ['get', '/api/users'],
    ['post', '/api/users'],
    ['post', '/api/users/import'],
    ['post', '/api/users/remove-demo'],
    ['patch', '/api/users/li.ming'],
    ['delete', '/api/users/li.ming'],
  ];
  it.each(routes)('%s %s: 401 anonymous, 403 for an interviewer and an analyst', async (method, path) => {
    const call = (token?: string) => {
      const test = (request(api.app) as unknown as Record<string, (path: string) => request.Test>)[method]!(path);
      return token ? test.set('Authorization', `Bearer ${token}`) : test;
    };
    expect((await call()).status).toBe(401);
    expect((await call(interviewerToken)).status).toBe(403);
    expect((await call(analystToken)).status).toBe(403);
  });

  it('lists accounts with display name, role, sites, active, last sign-in, last sync and interviews stored', async () => {
    const response = await asAdmin(request(api.app).get('/api/users'));
    expect(response.status).toBe(200);
    const interviewer = response.body.find((user: { username: string }) => user.username === 'li.ming');
    expect(interviewer).toMatchObject({ role: 'interviewer', samplingPoints: ['KM-01', 'KM-02'], active: true, interviews: 1, demo: false });
    expect(Date.parse(interviewer.lastSignInAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(Date.parse(interviewer.lastSyncAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(response.body.find((user: { username: string }) => user.username === 'admin')).toMatchObject({ role: 'admin', interviews: 0 });
    expect(JSON.stringify(response.body)).not.toContain('passwordHash');
  });

  it('changes display name, sites and role; a reset password is answered once and works; the change is audited', async () => {
    await createUser(api.connection, { username: 'wang.fang', password: 'old-password-1', role: 'interviewer', samplingPoints: ['KM-01'] });
    const changed = await asAdmin(request(api.app).patch('/api/users/wang.fang')).send({ displayName: '王芳', samplingPoints: ['KM-02', 'ZZ-01'], resetPassword: true });
    expect(changed.status).toBe(200);
    expect(changed.body.user).toMatchObject({ username: 'wang.fang', displayName: '王芳', samplingPoints: ['KM-02', 'ZZ-01'] });
    expect(changed.body.password).toMatch(/^[a-z2-9]{12}$/);
    expectContract(userUpdateSchema, changed.body);
    expect((await request(api.app).post('/api/auth/login').send({ username: 'wang.fang', password: 'old-password-1' })).status).toBe(401);
    const login = await request(api.app).post('/api/auth/login').send({ username: 'wang.fang', password: changed.body.password });
    expect(login.body).toMatchObject({ samplingPoints: ['KM-02', 'ZZ-01'] });
    const audit = await modelsOf(api.connection).AuditEntry.findOne({ target: 'wang.fang', action: 'user.updated' }).lean();
    expect(audit).toMatchObject({ actor: 'admin', before: { displayName: '', samplingPoints: ['KM-01'] }, after: { displayName: '王芳', password: '(changed)' } });
    expect(JSON.stringify(audit)).not.toContain(changed.body.password);
  });

  it('refuses bad changes with a clear error and stores nothing', async () => {
    const { User } = modelsOf(api.connection);
    const before = await User.findOne({ username: 'li.ming' }).lean();
    const cases: [object, number, string][] = [
      [{ samplingPoints: ['NOPE-1'] }, 400, 'NOPE-1'],
      [{ role: 'boss' }, 400, 'role'],
      [{}, 400, 'at least one'],
      [{ password: 'short' }, 400, 'password'],
      [{ unknownField: 1 }, 400, 'unknownField'],
    ];
    for (const [body, status, mentions] of cases) {
      const response = await asAdmin(request(api.app).patch('/api/users/li.ming')).send(body);
      expect(response.status, JSON.stringify(body)).toBe(status);
      expect(JSON.stringify(response.body)).toContain(mentions);
    }
    expect((await asAdmin(request(api.app).patch('/api/users/nobody')).send({ active: false })).status).toBe(404);
    expect((await asAdmin(request(api.app).patch('/api/users/admin')).send({ active: false })).body.code).toBe('own-account');
    expect((await asAdmin(request(api.app).patch('/api/users/admin')).send({ role: 'analyst' })).body.code).toBe('own-account');
    expect((await asAdmin(request(api.app).delete('/api/users/admin'))).body.code).toBe('own-account');
    expect(await User.findOne({ username: 'li.ming' }).lean()).toEqual(before);
  });

  it("disables an account: its open session is refused at once (401), it cannot sign in, its interviews stay", async () => {
    const session = await signIn(api.app, 'li.ming', 'interviewer-password');
    expect((await request(api.app).get('/api/sampling-points').set('Authorization', `Bearer ${session}`)).status).toBe(200);
    const disabled = await asAdmin(request(api.app).patch('/api/users/li.ming')).send({ active: false });
    expect(disabled.body.user.active).toBe(false);
    const refused = await request(api.app).get('/api/sampling-points').set('Authorization', `Bearer ${session}`);
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('account-disabled');
    const login = await request(api.app).post('/api/auth/login').send({ username: 'li.ming', password: 'interviewer-password' });
    expect(login.status).toBe(401);
    expect(login.body.code).toBe('account-disabled');
    expect(await modelsOf(api.connection).Response.countDocuments({ interviewer: 'li.ming' })).toBe(1);
    expect((await modelsOf(api.connection).AuditEntry.findOne({ target: 'li.ming', action: 'user.disabled' }).lean())?.after).toMatchObject({ active: false });
    await asAdmin(request(api.app).patch('/api/users/li.ming')).send({ active: true });
    expect((await request(api.app).get('/api/sampling-points').set('Authorization', `Bearer ${session}`)).status).toBe(200);
  });

  it('deletes an account without interviews; one with interviews is disabled instead', async () => {
    await createUser(api.connection, { username: 'temp.user', password: 'temp-password', role: 'interviewer' });
    const deleted = await asAdmin(request(api.app).delete('/api/users/temp.user'));
    expect(deleted.body).toEqual({ outcome: 'deleted', interviews: 0 });
    expect(await modelsOf(api.connection).User.exists({ username: 'temp.user' })).toBeNull();
    const kept = await asAdmin(request(api.app).delete('/api/users/li.ming'));
    expect(kept.body).toEqual({ outcome: 'disabled', interviews: 1 });
    expect((await modelsOf(api.connection).User.findOne({ username: 'li.ming' }).lean())?.active).toBe(false);
    expect((await asAdmin(request(api.app).delete('/api/users/temp.user'))).status).toBe(404);
  });

  it('imports accounts from a GBK CSV with Chinese headers: preview stores nothing, the import stores all and answers generated passwords once', async () => {
    const csv = ['用户名,姓名,角色,密码,调查点', 'zhang.san,张三,调查员,,KM-01；KM-02', 'li.si,李四,访员,li-si-password,ZZ-01', 'chen.analyst,陈分析,分析员,,'].join('\r\n');
    const gbk = iconv.encode(csv, 'gbk');
    const preview = await asAdmin(request(api.app).post('/api/users/import?preview=true')).set('Content-Type', CSV).send(gbk);
    expect(preview.status).toBe(200);
    expect(preview.body.accounts).toEqual([
      { line: 2, username: 'zhang.san', displayName: '张三', role: 'interviewer', samplingPoints: ['KM-01', 'KM-02'] },
      { line: 3, username: 'li.si', displayName: '李四', role: 'interviewer', samplingPoints: ['ZZ-01'] },
      { line: 4, username: 'chen.analyst', displayName: '陈分析', role: 'analyst', samplingPoints: [] },
    ]);
    expect(await modelsOf(api.connection).User.exists({ username: 'zhang.san' })).toBeNull();
    const imported = await asAdmin(request(api.app).post('/api/users/import')).set('Content-Type', CSV).send(gbk);
    expect(imported.status).toBe(201);
    expectContract(userImportSchema, imported.body);
    const [zhang, li] = imported.body.accounts;
    expect(zhang.password).toMatch(/^[a-z2-9]{12}$/);
    expect(li.password).toBeUndefined();
    await signIn(api.app, 'zhang.san', zhang.password);
    await signIn(api.app, 'li.si', 'li-si-password');
    expect(await modelsOf(api.connection).AuditEntry.countDocuments({ action: 'user.created', target: { $in: ['zhang.san', 'li.si', 'chen.analyst'] } })).toBe(3);
  });

  it('imports accounts from XLSX', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('accounts');
    sheet.addRow(['username', 'display_name', 'role', 'password', 'sites']);
    sheet.addRow(['sun.qi', '孙七', 'interviewer', 'sun-qi-password', 'KM-02']);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const imported = await asAdmin(request(api.app).post('/api/users/import')).set('Content-Type', XLSX).send(bytes);
    expect(imported.status).toBe(201);
    expect(imported.body.accounts).toEqual([{ line: 2, username: 'sun.qi', displayName: '孙七', role: 'interviewer', samplingPoints: ['KM-02'] }]);
  });

  it('refuses a bad accounts file as a whole, naming every bad line, and stores nothing', async () => {
    const { User } = modelsOf(api.connection);
    const before = await User.countDocuments();
    const csv = ['username,display_name,role,password,sites', 'ok.user,好,interviewer,,KM-01', 'a b,坏,interviewer,,', 'zhang.san,重复,interviewer,,', 'new.one,新,boss,,', 'new.two,新,interviewer,,NOPE-1', 'ok.user,重,interviewer,,', 'new.three,新,interviewer,short,'].join('\n');
    const response = await asAdmin(request(api.app).post('/api/users/import')).set('Content-Type', CSV).send(csv);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('invalid-users');
    const paths = response.body.errors.map((error: { path: string }) => error.path);
    expect(paths).toEqual(expect.arrayContaining(['line 3, username', 'line 4, username', 'line 5, role', 'line 6, sites', 'line 7, username', 'line 8, password']));
    expect(paths.some((path: string) => path.startsWith('line 2'))).toBe(false);
    const header = await asAdmin(request(api.app).post('/api/users/import')).set('Content-Type', CSV).send('name,kind\nx,y');
    expect(header.body.code).toBe('invalid-users-header');
    const latin1 = await asAdmin(request(api.app).post('/api/users/import')).set('Content-Type', CSV).send(Buffer.from([0x75, 0x73, 0x65, 0x72, 0x6e, 0x61, 0x6d, 0x65, 0x0a, 0xe9, 0x2c, 0xff, 0x0a]));
    expect(latin1.status).toBe(400);
    expect(latin1.body.code).toBe('unreadable-encoding');
    expect((await asAdmin(request(api.app).post('/api/users/import')).set('Content-Type', 'application/json').send({})).status).toBe(415);
    expect(await User.countDocuments()).toBe(before);
  });

  it('removes all demo accounts in one step: deleted, or disabled where they have interviews', async () => {
    await createUser(api.connection, { username: 'demo-analyst', password: 'demo-analyst-2026', role: 'analyst' }, { demo: true });
    await createUser(api.connection, { username: 'demo-km01', password: 'demo-password', role: 'interviewer', samplingPoints: ['KM-01'] }, { demo: true });
    const demoToken = await signIn(api.app, 'demo-km01', 'demo-password');
    expect((await request(api.app).post('/api/responses').set('Authorization', `Bearer ${demoToken}`).send({ ...queuedInterview('demo-user', 0).submission, samplingPoint: 'KM-01' })).status).toBe(201);
    const removed = await asAdmin(request(api.app).post('/api/users/remove-demo'));
    expect(removed.body).toEqual({ deleted: ['demo-analyst'], disabled: ['demo-km01'] });
    expect((await request(api.app).get('/api/sampling-points').set('Authorization', `Bearer ${demoToken}`)).status).toBe(401);
    expect((await asAdmin(request(api.app).post('/api/users/remove-demo'))).body).toEqual({ deleted: [], disabled: [] });
  });
});
