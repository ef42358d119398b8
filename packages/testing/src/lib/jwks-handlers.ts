import type { JSONWebKeySet } from 'jose';
import { HttpResponse, http } from 'msw';

/** `GET <issuer>/.well-known/jwks.json` and `GET <issuer>/.well-known/openid-configuration`. */
export function jwksHandlers(issuer: string, jwks: JSONWebKeySet) {
  const base = issuer.replace(/\/+$/, '');
  const jwksUri = `${base}/.well-known/jwks.json`;
  const cors = { 'access-control-allow-origin': '*' };
  return [
    http.get(jwksUri, () => HttpResponse.json(jwks, { headers: cors })),
    http.get(`${base}/.well-known/openid-configuration`, () =>
      HttpResponse.json(
        {
          issuer,
          jwks_uri: jwksUri,
          id_token_signing_alg_values_supported: ['RS256'],
          subject_types_supported: ['public'],
          response_types_supported: ['code'],
        },
        { headers: cors },
      ),
    ),
  ];
}
