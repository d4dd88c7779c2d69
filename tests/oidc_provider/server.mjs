// The OpenID providers the tests log in with: panva's oidc-provider (OpenID Certified), on loopback.
//
// One process serves several issuers, each on a port of its own, as configured by the JSON in the
// environment variable TEST_OIDC_CONFIG:
//   {"providers": [{"key": "gemeente", "scopes": "openid email profile",
//                   "clients": [{"client_id": "...", "client_secret": "..."}]}, ...]}
// When all listen it prints one line to stdout: {"ready": {"gemeente": "http://127.0.0.1:PORT", ...}}
// and it stops when its standard input closes (the test session ends) or on SIGTERM.
//
// The log-in page is ours, not a mock of the protocol: whatever is typed as "login" becomes the
// account. For staff providers the login is the e-mail address and the subject ("unverified.X"
// has an unverified e-mail, "noemail.X" none). For the DigiD broker the login is a BSN, optionally
// with the assurance level ("999993653@midden"), or DigiD Machtigen: "REPRESENTATIVE>REPRESENTED".
import { createServer } from 'node:http';
import { generateKeyPairSync } from 'node:crypto';
import Provider from 'oidc-provider';

const config = JSON.parse(process.env.TEST_OIDC_CONFIG || '{"providers": []}');

// Logius names for the DigiD levels (the broker passes one as its assurance claim).
const LOA = {
  basis: 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport',
  midden: 'urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract',
  substantieel: 'urn:oasis:names:tc:SAML:2.0:ac:classes:Smartcard',
  hoog: 'urn:oasis:names:tc:SAML:2.0:ac:classes:SmartcardPKI',
};

function staffClaims(login) {
  const claims = { sub: login, name: `Test ${login}` };
  if (!login.startsWith('noemail.')) {
    claims.email = login.replace(/^unverified\./, '');
    claims.email_verified = !login.startsWith('unverified.');
  }
  return claims;
}

function digidClaims(login) {
  const [who, level] = login.split('@');
  const claims = { sub: `digid-${who}`, loa: LOA[level || 'midden'] || LOA.midden };
  if (who.includes('>')) {
    const [representative, represented] = who.split('>');
    claims.gemachtigde = { bsn: representative };
    claims.vertegenwoordigde = { bsn: represented };
  } else {
    claims.bsn = who;
  }
  return claims;
}

function page(title, body) {
  return `<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>${title}</title></head>`
    + `<body><main><h1>${title}</h1>${body}</main></body></html>`;
}

async function readForm(req) {
  let raw = '';
  for await (const chunk of req) raw += chunk;
  return new URLSearchParams(raw);
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function makeProvider(issuer, spec) {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: `${spec.key}-1`, use: 'sig', alg: 'RS256' };
  const digid = spec.kind === 'digid';
  const scopes = spec.scopes || (digid ? 'openid digid' : 'openid email profile');
  const provider = new Provider(issuer, {
    clients: spec.clients.map((client) => ({
      client_id: client.client_id,
      client_secret: client.client_secret,
      redirect_uris: ['http://127.0.0.1/placeholder'],
      post_logout_redirect_uris: ['http://127.0.0.1/placeholder'],
      response_types: ['code'],
      grant_types: ['authorization_code'],
      token_endpoint_auth_method: 'client_secret_basic',
    })),
    jwks: { keys: [jwk] },
    pkce: { required: () => true },
    scopes: scopes.split(' '),
    claims: digid
      ? { openid: ['sub'], digid: ['bsn', 'loa', 'gemachtigde', 'vertegenwoordigde'] }
      : { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    conformIdTokenClaims: false, // the claims go in the ID token, as brokers do
    cookies: {
      keys: [`test-cookie-key-${spec.key}`],
      // one name per issuer: cookies do not tell ports apart, and all issuers run on 127.0.0.1
      names: { session: `${spec.key}_session`, interaction: `${spec.key}_interaction`,
               resume: `${spec.key}_resume` },
    },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          ctx.body = page('Uitloggen', `${form}<button form="op.logoutForm" name="logout" value="yes">`
            + 'Uitloggen</button>');
        },
        postLogoutSuccessSource: async (ctx) => { ctx.body = page('Uitgelogd', '<p>U bent uitgelogd.</p>'); },
      },
    },
    findAccount: async (ctx, id) => ({
      accountId: id,
      claims: async () => (digid ? digidClaims(id) : staffClaims(id)),
    }),
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    // Consent is implied (the clients are the service's own): one grant of every scope asked for.
    loadExistingGrant: async (ctx) => {
      const grantId = ctx.oidc.result?.consent?.grantId
        || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope(ctx.oidc.params.scope || 'openid');
      grant.addOIDCClaims(digid ? ['bsn', 'loa', 'gemachtigde', 'vertegenwoordigde']
        : ['email', 'email_verified', 'name']);
      await grant.save();
      return grant;
    },
    ttl: { Session: 3600, Interaction: 600, Grant: 3600, IdToken: 3600, AccessToken: 3600,
           AuthorizationCode: 60 },
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.body = page('Fout', `<p id="error">${escapeHtml(out.error)}: ${escapeHtml(out.error_description)}</p>`);
    },
  });
  // Any loopback redirect: the app under test listens on a port chosen when it starts.
  const loopback = (value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'http:' && ['127.0.0.1', 'localhost'].includes(url.hostname);
    } catch { return false; }
  };
  provider.Client.prototype.redirectUriAllowed = loopback;
  provider.Client.prototype.postLogoutRedirectUriAllowed = loopback;

  provider.use(async (ctx, next) => {
    const match = ctx.path.match(/^\/interaction\/([\w-]+)(\/login)?$/);
    if (!match) return next();
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    if (ctx.method === 'POST' && match[2]) {
      const login = ((await readForm(ctx.req)).get('login') || '').trim();
      if (!login) {
        ctx.status = 400;
        ctx.body = page('Inloggen', '<p id="error">Vul een login in.</p>');
        return undefined;
      }
      await provider.interactionFinished(ctx.req, ctx.res, { login: { accountId: login } },
                                         { mergeWithLastSubmission: false });
      return undefined;
    }
    ctx.type = 'html';
    const label = digid ? 'BSN (test-DigiD)' : 'E-mailadres';
    ctx.body = page(digid ? 'DigiD (test)' : `Inloggen bij ${escapeHtml(spec.key)}`,
      `<form method="post" action="/interaction/${details.uid}/login">`
      + `<label for="login">${label}</label> <input id="login" name="login" autofocus>`
      + '<button type="submit">Inloggen</button></form>');
    return undefined;
  });
  return provider;
}

const ready = {};
const servers = [];
for (const spec of config.providers) {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = makeProvider(issuer, spec);
  server.on('request', provider.callback());
  servers.push(server);
  ready[spec.key] = issuer;
}
process.stdout.write(`${JSON.stringify({ ready })}\n`);

const stop = () => { for (const server of servers) server.close(); process.exit(0); };
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
