import { afterEach, describe, expect, it } from '@jest/globals';
import { createClock } from '@ky-auth/core';
import { interceptorContext } from '@ky-auth/testing';
import { forgetCredentials } from './forget-credentials.ts';
import { fromEnv } from './from-env.ts';
import { iamSigner } from './iam-signer.ts';
import { signRequest } from './sign-request.ts';
import { caught, testSecrets } from './test-support/secrets.ts';
import type { AwsCredentials, CredentialsProvider } from './types.ts';

const url = 'https://abc123.execute-api.us-east-1.amazonaws.com/prod/items';
const keyId = (request: Request) =>
  /Credential=([^/]+)\//.exec(request.headers.get('authorization') ?? '')?.[1];
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function countingProvider(make: (call: number) => AwsCredentials, ms = 20) {
  const provider = Object.assign(
    async () => {
      provider.calls += 1;
      const call = provider.calls;
      await delay(ms);
      return make(call);
    },
    { calls: 0 },
  );
  return provider;
}

describe('a credentials provider', () => {
  it("signs with the new user's credentials after forgetCredentials(provider), never the previous user's", async () => {
    let user = 'ALICE';
    const provider = countingProvider(
      () => ({
        accessKeyId: `ASIA${user}`,
        secretAccessKey: testSecrets.secretAccessKey,
        expiration: new Date(Date.now() + 3_600_000),
      }),
      1,
    );
    const signer = iamSigner({ credentials: provider });
    const sign = async () => {
      const request = new Request(url);
      return (await signer.apply(request, interceptorContext())) ?? request;
    };
    expect(keyId(await sign())).toBe('ASIAALICE');
    // Alice signs out, Bob signs in: the provider answers for Bob, but ky-auth keeps Alice's until told.
    user = 'BOB';
    expect(keyId(await sign())).toBe('ASIAALICE');
    forgetCredentials(provider);
    expect(keyId(await sign())).toBe('ASIABOB');
    expect(provider.calls).toBe(2);
    // Static credentials and unknown functions keep nothing: forgetting them is harmless.
    forgetCredentials(async () => ({ accessKeyId: 'ASIAX', secretAccessKey: 'x' }));
  });

  it('is called once for 500 concurrent signs, and every request is signed with its credentials', async () => {
    const provider = countingProvider((call) => ({
      accessKeyId: `ASIA${call}`,
      secretAccessKey: testSecrets.secretAccessKey,
      sessionToken: testSecrets.sessionToken,
      expiration: new Date(Date.now() + 3_600_000),
    }));
    const signer = iamSigner({ credentials: provider });
    const requests = Array.from({ length: 500 }, (_, i) => new Request(`${url}?i=${i}`));
    await Promise.all(requests.map((request) => signer.apply(request, interceptorContext())));
    expect(provider.calls).toBe(1);
    expect(new Set(requests.map(keyId))).toEqual(new Set(['ASIA1']));
    expect(new Set(requests.map((request) => request.headers.get('x-amz-security-token')))).toEqual(
      new Set([testSecrets.sessionToken]),
    );
  });

  it('is called again, once, when its credentials near expiration', async () => {
    const provider = countingProvider(
      (call) => ({
        accessKeyId: `ASIA${call}`,
        secretAccessKey: testSecrets.secretAccessKey,
        expiration: new Date(Date.now() + 100),
      }),
      1,
    );
    const signer = iamSigner({ credentials: provider });
    const first = new Request(url);
    await signer.apply(first, interceptorContext());
    expect(keyId(first)).toBe('ASIA1');
    await delay(80);
    const later = Array.from({ length: 20 }, () => new Request(url));
    await Promise.all(later.map((request) => signer.apply(request, interceptorContext())));
    expect(provider.calls).toBe(2);
    expect(new Set(later.map(keyId))).toEqual(new Set(['ASIA2']));
  });

  it('keeps credentials without expiration', async () => {
    const provider = countingProvider(
      () => ({ accessKeyId: 'AKIDFOREVER', secretAccessKey: testSecrets.secretAccessKey }),
      1,
    );
    const signer = iamSigner({ credentials: provider });
    for (let i = 0; i < 3; i++) await signer.apply(new Request(url), interceptorContext());
    expect(provider.calls).toBe(1);
  });

  it('is shared by signers and signRequest calls given the same function', async () => {
    const provider = countingProvider(
      () => ({ accessKeyId: 'AKIDSHARED', secretAccessKey: testSecrets.secretAccessKey }),
      1,
    );
    await iamSigner({ credentials: provider }).apply(new Request(url), interceptorContext());
    await signRequest(new Request(url), { credentials: provider });
    expect(provider.calls).toBe(1);
  });

  it('failing fails the request with ERR_CREDENTIALS_PROVIDER_FAILED, keeping the cause, and retries on the next request', async () => {
    let fail = true;
    const cause = new Error('role assumption denied');
    const provider: CredentialsProvider = async () => {
      if (fail) throw cause;
      return { accessKeyId: 'AKIDRECOVERED', secretAccessKey: testSecrets.secretAccessKey };
    };
    const signer = iamSigner({ credentials: provider });
    const request = new Request(url);
    const error = await caught(() => signer.apply(request, interceptorContext()));
    expect(error).toMatchObject({ name: 'CredentialsError', code: 'ERR_CREDENTIALS_PROVIDER_FAILED', cause });
    expect(request.headers.has('authorization')).toBe(false);
    fail = false;
    const next = new Request(url);
    await signer.apply(next, interceptorContext());
    expect(keyId(next)).toBe('AKIDRECOVERED');
  });

  it.each<[string, unknown, string]>([
    ['nothing', undefined, 'gave undefined'],
    ['no access key', { secretAccessKey: testSecrets.secretAccessKey }, 'no accessKeyId'],
    ['no secret', { accessKeyId: 'AKID' }, 'no secretAccessKey'],
    [
      'a token with a line break',
      {
        accessKeyId: 'AKID',
        secretAccessKey: testSecrets.secretAccessKey,
        sessionToken: `${testSecrets.sessionToken}\n`,
      },
      'sessionToken',
    ],
    [
      'an expiration that is not a Date',
      { accessKeyId: 'AKID', secretAccessKey: testSecrets.secretAccessKey, expiration: '2030-01-01' },
      'expiration',
    ],
  ])(
    'returning %s fails with ERR_CREDENTIALS_INVALID naming the field, never a value',
    async (_, value, words) => {
      const signer = iamSigner({ credentials: async () => value as AwsCredentials });
      const error = await caught(() => signer.apply(new Request(url), interceptorContext()));
      expect(error).toMatchObject({ name: 'CredentialsError', code: 'ERR_CREDENTIALS_INVALID' });
      expect(error.message).toContain(words);
    },
  );

  it('returning credentials already expired fails with ERR_CREDENTIALS_EXPIRED', async () => {
    const error = await caught(() =>
      signRequest(new Request(url), {
        credentials: {
          accessKeyId: 'ASIAOLD',
          secretAccessKey: testSecrets.secretAccessKey,
          sessionToken: testSecrets.sessionToken,
          expiration: new Date('2020-01-01T00:00:00Z'),
        },
      }),
    );
    expect(error).toMatchObject({ name: 'CredentialsError', code: 'ERR_CREDENTIALS_EXPIRED' });
    expect(error.message).toContain('2020-01-01T00:00:00.000Z');
  });

  it('refuses credentials expired on both the skew-corrected clock and the local one', async () => {
    const expiration = new Date(Date.now() - 60_000);
    const signer = iamSigner({
      credentials: { accessKeyId: 'ASIA', secretAccessKey: testSecrets.secretAccessKey, expiration },
    });
    const clock = createClock();
    clock.setOffset(3_600_000);
    const error = await caught(() => signer.apply(new Request(url), interceptorContext({ clock })));
    expect(error).toMatchObject({ code: 'ERR_CREDENTIALS_EXPIRED' });
  });

  it('signs with credentials only a wrong offset calls expired: sent, the skew rejection corrects the clock', async () => {
    const expiration = new Date(Date.now() + 30 * 60_000);
    const signer = iamSigner({
      credentials: { accessKeyId: 'ASIA', secretAccessKey: testSecrets.secretAccessKey, expiration },
    });
    const clock = createClock();
    clock.setOffset(3_600_000);
    const request = new Request(url);
    const signed = (await signer.apply(request, interceptorContext({ clock }))) ?? request;
    expect(keyId(signed)).toBe('ASIA');
  });

  it("rejects a waiting request with its signal's reason when it aborts, and the load goes on", async () => {
    const provider = countingProvider(
      () => ({ accessKeyId: 'AKIDSLOW', secretAccessKey: testSecrets.secretAccessKey }),
      50,
    );
    const signer = iamSigner({ credentials: provider });
    const controller = new AbortController();
    const aborted = signer.apply(new Request(url), interceptorContext({ signal: controller.signal }));
    const patient = new Request(url);
    const waiting = signer.apply(patient, interceptorContext());
    const reason = new DOMException('gave up', 'AbortError');
    controller.abort(reason);
    await expect(aborted).rejects.toBe(reason);
    await waiting;
    expect(keyId(patient)).toBe('AKIDSLOW');
    expect(provider.calls).toBe(1);
  });

  it('given as static credentials of the wrong shape fails when the signer is created', async () => {
    const error = await caught(() => iamSigner({ credentials: { accessKeyId: '', secretAccessKey: 'x' } }));
    expect(error).toMatchObject({ name: 'CredentialsError', code: 'ERR_CREDENTIALS_INVALID' });
  });
});

describe('fromEnv', () => {
  const names = [
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_SESSION_TOKEN',
    'AWS_CREDENTIAL_EXPIRATION',
  ];
  const saved = Object.fromEntries(names.map((name) => [name, process.env[name]]));
  afterEach(() => {
    for (const name of names) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  it('reads the AWS variables', async () => {
    process.env.AWS_ACCESS_KEY_ID = 'ASIAENV';
    process.env.AWS_SECRET_ACCESS_KEY = testSecrets.secretAccessKey;
    process.env.AWS_SESSION_TOKEN = testSecrets.sessionToken;
    process.env.AWS_CREDENTIAL_EXPIRATION = '2099-01-01T00:00:00Z';
    expect(await fromEnv()()).toEqual({
      accessKeyId: 'ASIAENV',
      secretAccessKey: testSecrets.secretAccessKey,
      sessionToken: testSecrets.sessionToken,
      expiration: new Date('2099-01-01T00:00:00Z'),
    });
  });

  it('needs no session token', async () => {
    process.env.AWS_ACCESS_KEY_ID = 'AKIDENV';
    process.env.AWS_SECRET_ACCESS_KEY = testSecrets.secretAccessKey;
    delete process.env.AWS_SESSION_TOKEN;
    delete process.env.AWS_CREDENTIAL_EXPIRATION;
    const request = await signRequest(new Request(url), { credentials: fromEnv() });
    expect(keyId(request)).toBe('AKIDENV');
    expect(request.headers.has('x-amz-security-token')).toBe(false);
  });

  it.each(['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'])(
    'fails the request with a code naming %s when it is missing',
    async (missing) => {
      process.env.AWS_ACCESS_KEY_ID = 'AKIDENV';
      process.env.AWS_SECRET_ACCESS_KEY = testSecrets.secretAccessKey;
      delete process.env[missing];
      const error = await caught(() =>
        iamSigner({ credentials: fromEnv() }).apply(new Request(url), interceptorContext()),
      );
      expect(error).toMatchObject({ name: 'CredentialsError', code: `ERR_CREDENTIALS_MISSING_${missing}` });
      expect(error.message).toContain(missing);
    },
  );
});
