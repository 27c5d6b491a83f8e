import request from 'supertest';
import { Model } from 'survey-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerSurveyProperties } from '../../surveys/properties';
import { startTestApi } from '../helpers/api';

describe('GET /api/instruments', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  beforeAll(async () => {
    api = await startTestApi('instruments');
  });
  afterAll(() => api.drop());

  it('lists id, version, title and state: the shipped version seeded as published', async () => {
    const response = await request(api.app).get('/api/instruments');
    expect(response.status).toBe(200);
    expect(response.body).toContainEqual(expect.objectContaining({ id: 'migrant-health', version: 1, state: 'published', title: expect.objectContaining({ 'zh-cn': expect.any(String), en: expect.any(String) }) }));
  });

  it('serves the SurveyJS JSON without any answer key, loadable by survey-core', async () => {
    const response = await request(api.app).get('/api/instruments/migrant-health');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: 'migrant-health', version: 1 });
    expect(response.text).not.toMatch(/"correct(Answer)?"\s*:/);
    expect(response.text).not.toMatch(/"points"\s*:/);
    registerSurveyProperties();
    const survey = new Model(response.body.json);
    expect(survey.jsonErrors ?? []).toEqual([]);
    expect(survey.getQuestionByName('aw_records_content')).toBeTruthy();
  });

  it('answers 304 to If-None-Match with its ETag', async () => {
    const first = await request(api.app).get('/api/instruments/migrant-health?version=1');
    expect(first.headers.etag).toMatch(/^"/);
    const again = await request(api.app).get('/api/instruments/migrant-health?version=1').set('If-None-Match', String(first.headers.etag));
    expect(again.status).toBe(304);
  });

  it('answers 404 for an unknown instrument or version, 400 for a malformed version', async () => {
    expect((await request(api.app).get('/api/instruments/nothing')).status).toBe(404);
    expect((await request(api.app).get('/api/instruments/migrant-health?version=99')).status).toBe(404);
    const bad = await request(api.app).get('/api/instruments/migrant-health?version=one');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('invalid-version');
  });
});
