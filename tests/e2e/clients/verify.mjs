// aws-jwt-verify (the library AWS publishes for checking Cognito tokens) against the local
// portal, as docs/services.md tells a service's Node backend to use it. Run by
// tests/e2e/test_service_tokens.py, which passes the portal's config and tokens to judge; prints,
// for each token and each of two verifiers, "ok" or the name of the error that refused it.
//
// - discovered: the pool's discovery document gives the issuer and the key set's address (what
//   works against the local portal, and against Cognito itself, unchanged);
// - cognito: CognitoJwtVerifier built from the pool id, as deployed; it derives Cognito's own
//   key-set address, which this machine cannot reach, so the discovered key set is cached into it.
import { CognitoJwtVerifier, JwtVerifier } from 'aws-jwt-verify';
import { validateCognitoJwtFields } from 'aws-jwt-verify/cognito-verifier';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';

// The library's own fetcher speaks https only (as Cognito does); the local portal is plain http
// on this machine, so its key set is fetched with Node's fetch, through the library's own cache.
const localFetcher = { fetch: async (uri) => (await fetch(uri)).arrayBuffer() };

const config = JSON.parse(process.env.PORTAL_CONFIG);
const tokens = JSON.parse(process.env.PORTAL_TOKENS);

const discovery = `${config.cognito_endpoint}/${config.user_pool_id}/.well-known/openid-configuration`;
const document = await (await fetch(discovery)).json();

const discovered = JwtVerifier.create(
  {
    issuer: document.issuer,
    jwksUri: document.jwks_uri,
    audience: null, // Cognito's access tokens carry client_id, not aud
    customJwtCheck: ({ payload }) =>
      validateCognitoJwtFields(payload, { tokenUse: 'access', clientId: config.client_id }),
  },
  { jwksCache: new SimpleJwksCache({ fetcher: localFetcher }) },
);

const cognito = CognitoJwtVerifier.create({
  userPoolId: config.user_pool_id,
  tokenUse: 'access',
  clientId: config.client_id,
});
cognito.cacheJwks(await (await fetch(document.jwks_uri)).json());

async function judge(verifier, token) {
  try {
    await verifier.verify(token);
    return 'ok';
  } catch (error) {
    if (process.env.PORTAL_DEBUG) console.error(error);
    return error.constructor?.name ?? String(error);
  }
}

const results = {};
for (const [name, token] of Object.entries(tokens)) {
  results[name] = { discovered: await judge(discovered, token), cognito: await judge(cognito, token) };
}
console.log(JSON.stringify({ issuer: document.issuer, jwks_uri: document.jwks_uri, results }));
