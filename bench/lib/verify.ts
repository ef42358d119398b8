/**
 * Before anything is timed, every signer's output for every fixture must pass an independent SigV4
 * verifier (the API Gateway stand-in of @ky-auth/testing): a fast signer that signs wrongly measures
 * nothing.
 */
import { gatewayIamAuthorizer } from '@ky-auth/testing';
import { bodyBytes, credentials, type Fixture, region, service } from './fixtures.ts';
import type { Signer } from './peers.ts';

const gateway = gatewayIamAuthorizer({ credentials: [credentials], region, service });

/** Throws, naming the signer and the verifier's reason, when the signed fixture does not verify. */
export async function verifySigner(signer: Signer, fixture: Fixture): Promise<void> {
  const request = await signer.signed(fixture);
  const decision = await gateway.authorize(request, {
    clock: { now: Date.now },
    body: bodyBytes(fixture) ?? new Uint8Array(),
  });
  if (!decision.allow) {
    throw new Error(
      `${signer.name} signed "${fixture.label}" in a way API Gateway rejects: ${decision.denial.reason}`,
    );
  }
}
