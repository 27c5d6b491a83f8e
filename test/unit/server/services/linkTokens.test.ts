import { describe, expect, it } from 'vitest';
import { signLinkToken, verifyLinkToken, type LinkTokenPayload } from '../../../../server/services/linkTokens';
import { issueSessionToken, verifySessionToken } from '../../../../server/services/sessions';
import { TokenError } from '../../../../server/services/signedTokens';

const secret = 'x'.repeat(40);
const payload: LinkTokenPayload = { linkId: 'L1', instrumentId: 'migrant-health', instrumentVersion: 1, samplingPoint: 'KM-01', mode: 'cawi', exp: 4102444800 };

function problemOf(action: () => unknown): string | undefined {
  try {
    action();
    return undefined;
  } catch (error) {
    return error instanceof TokenError ? error.problem : 'not a TokenError';
  }
}

describe('link tokens', () => {
  it('round-trips the payload', () => {
    expect(verifyLinkToken(signLinkToken(payload, secret), secret)).toEqual(payload);
  });

  it('rejects a changed payload, another secret, an expired token and garbage', () => {
    const token = signLinkToken(payload, secret);
    const [, mac] = token.split('.');
    const otherSite = `${Buffer.from(JSON.stringify({ ...payload, samplingPoint: 'KM-02' })).toString('base64url')}.${mac}`;
    expect(problemOf(() => verifyLinkToken(otherSite, secret))).toBe('bad-signature');
    expect(problemOf(() => verifyLinkToken(token, 'y'.repeat(40)))).toBe('bad-signature');
    const expired = signLinkToken({ ...payload, exp: 1_700_000_000 }, secret);
    expect(problemOf(() => verifyLinkToken(expired, secret))).toBe('expired');
    expect(problemOf(() => verifyLinkToken('not-a-token', secret))).toBe('malformed');
    expect(problemOf(() => verifyLinkToken('a.b.c', secret))).toBe('malformed');
  });

  it('never accepts a sign-in token as a link token or the other way round', () => {
    const { token: session } = issueSessionToken('admin', 'admin', secret);
    expect(problemOf(() => verifyLinkToken(session, secret))).toBe('bad-signature');
    expect(problemOf(() => verifySessionToken(signLinkToken(payload, secret), secret))).toBe('bad-signature');
  });
});
