import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditListSchema } from '../../contracts/audit';
import { overviewSchema } from '../../contracts/overview';
import { createUser } from '../../server/services/users';
import { expectContract, importFrame, signIn, startTestApi, TEST_ADMIN_PASSWORD } from '../helpers/api';

describe('console overview and audit log', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let adminToken: string;
  const asAdmin = (path: string) => request(api.app).get(path).set('Authorization', `Bearer ${adminToken}`);

  beforeAll(async () => {
    api = await startTestApi('admin_console');
    adminToken = await signIn(api.app, 'admin', TEST_ADMIN_PASSWORD);
    await importFrame(api.app, adminToken);
    await createUser(api.connection, { username: 'demo-analyst', password: 'demo-analyst-2026', role: 'analyst' }, { demo: true });
  });
  afterAll(() => api.drop());

  it('warns about an unset PUBLIC_URL, demo accounts and the first admin password, until each is dealt with', async () => {
    const overview = await asAdmin('/api/overview');
    expect(overview.body).toMatchObject({ publicUrl: null, sites: 3, planned: 70, completes: 0, openLinks: 0, warnings: ['public-url-unset', 'demo-accounts', 'initial-admin-password'] });
    expectContract(overviewSchema, overview.body);
    await request(api.app).post('/api/users/remove-demo').set('Authorization', `Bearer ${adminToken}`);
    await request(api.app).patch('/api/users/admin').set('Authorization', `Bearer ${adminToken}`).send({ password: 'a-new-admin-password' });
    expect((await asAdmin('/api/overview')).body.warnings).toEqual(['public-url-unset']);
  });

  it('lists the audit log newest first with filters, and downloads it as CSV for Excel', async () => {
    await request(api.app).post('/api/users').set('Authorization', `Bearer ${adminToken}`).send({ username: 'wang.fang', displayName: '王芳', password: 'interviewer-1', role: 'interviewer' });
    const all = await asAdmin('/api/audit');
    expect(all.body[0]).toMatchObject({ actor: 'admin', action: 'user.created', target: 'wang.fang', after: { displayName: '王芳' } });
    expect(all.body.map((entry: { action: string }) => entry.action)).toEqual(expect.arrayContaining(['user.deleted', 'user.password-reset']));
    expectContract(auditListSchema, all.body);
    const deleted = await asAdmin('/api/audit?action=user.deleted');
    expect(deleted.body).toEqual([expect.objectContaining({ target: 'demo-analyst', before: expect.objectContaining({ role: 'analyst' }) })]);
    expect((await asAdmin('/api/audit?from=2000-01-01&to=2000-01-02')).body).toEqual([]);
    const csv = await asAdmin('/api/audit?format=csv');
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.text.startsWith('\uFEFF时间 time (UTC),操作人 actor')).toBe(true);
    expect(csv.text).toContain('wang.fang');
    const bad = await asAdmin('/api/audit?action=nope&to=x');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((error: { path: string }) => error.path).sort()).toEqual(['action', 'to']);
  });
});
