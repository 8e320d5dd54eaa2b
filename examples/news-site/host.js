// The Daily Packet's own login, wired to the viewer in host mode (auth="host"): the viewer
// asks (profile-viewer:login-requested), the site signs the reader in and hands every viewer
// on the page {token, name, tier} with setSession().
//
// Two ways to get the token, chosen by <meta name="dp-sign-in">:
// - "publisher": the site's own accounts. Its backend (/publisher/*, the demo's is
//   crates/profile-server/src/site/publisher.rs) checks the password and signs a short-lived
//   member token; the viewer's server never sees the password. When a token expires the
//   viewer asks again with detail.reason "expired" and the site fetches a fresh one for its
//   own session, without bothering the reader.
// - "viewer": the reference server's demo accounts (`POST /api/auth/login` with "token": true).
const viewers = () => document.querySelectorAll('profile-viewer');
const api = () => document.querySelector('profile-viewer')?.getAttribute('api') ?? '/api';
const ownAccounts = document.querySelector('meta[name="dp-sign-in"]')?.content === 'publisher';
const dialog = document.getElementById('login-dialog');
const form = document.getElementById('login-form');
const error = document.getElementById('login-error');
const accountName = document.getElementById('account-name');
const logout = document.getElementById('account-logout');
let session = null;

const post = (url, { body, token } = {}) => fetch(url, {
  method: 'POST',
  headers: {
    'content-type': 'application/json',
    'x-profile-viewer': '1',
    ...(token ? { authorization: `Bearer ${token}` } : {}),
  },
  body: body && JSON.stringify(body),
});

function signedIn(next) {
  session = next;
  for (const viewer of viewers()) viewer.setSession(session);
  accountName.textContent = `Signed in as ${session.name}`;
  logout.hidden = false;
}

function askReader() {
  error.textContent = '';
  if (!dialog.open) dialog.showModal();
}

// A fresh token for the site's own session, for every viewer on the page: elements that ask
// together share one request. A fresh token refused within 5 s means a configuration
// problem, so then the reader is asked instead of fetching tokens in a loop.
let renewal = null;
let renewedAt = 0;
function renew() {
  if (!ownAccounts || !session) return Promise.resolve(false);
  if (!renewal) {
    if (Date.now() - renewedAt < 5000) return Promise.resolve(false);
    renewedAt = Date.now();
    renewal = post('/publisher/member-token')
      .then(async (response) => {
        if (!response.ok) return false;
        signedIn(await response.json());
        return true;
      })
      .catch(() => false)
      .finally(() => { renewal = null; });
  }
  return renewal;
}

document.addEventListener('profile-viewer:login-requested', async (event) => {
  if (event.detail?.reason === 'expired' && (await renew())) return;
  askReader();
});
document.addEventListener('profile-viewer:join-requested', (event) => {
  accountName.textContent = `Join ${event.detail.tier} at the subscriptions desk`;
});
document.getElementById('login-cancel').addEventListener('click', () => dialog.close());

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const data = new FormData(form);
  const credentials = { email: data.get('email'), password: data.get('password') };
  try {
    const response = ownAccounts
      ? await post('/publisher/login', { body: credentials })
      : await post(`${api()}/auth/login`, { body: { ...credentials, token: true } });
    if (!response.ok) {
      error.textContent = response.status === 429 ? 'Too many attempts, try again later.' : 'E-mail or password is wrong.';
      return;
    }
    const body = await response.json();
    signedIn(ownAccounts ? body : { token: body.token, name: body.member.name, tier: body.member.tier });
    dialog.close();
  } catch {
    error.textContent = 'Cannot reach the server.';
  }
});

logout.addEventListener('click', async () => {
  const token = session?.token;
  session = null;
  for (const viewer of viewers()) viewer.clearSession();
  accountName.textContent = 'Not signed in';
  logout.hidden = true;
  // A member token simply expires; the site ends its own session. A viewer session is revoked.
  const done = ownAccounts ? post('/publisher/logout') : token && post(`${api()}/auth/logout`, { token });
  await Promise.resolve(done).catch(() => {});
});
