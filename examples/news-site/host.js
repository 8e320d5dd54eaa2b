// The Daily Packet's own login, wired to the viewer in host mode (auth="host"): the viewer
// asks (profile-viewer:login-requested), the site signs the reader in and hands every viewer
// on the page {token, name, tier} with setSession(). A real site would mint the token from
// its own accounts; the reference server gives one for `{"token": true}` logins.
const viewers = () => document.querySelectorAll('profile-viewer');
const api = () => document.querySelector('profile-viewer')?.getAttribute('api') ?? '/api';
const dialog = document.getElementById('login-dialog');
const form = document.getElementById('login-form');
const error = document.getElementById('login-error');
const accountName = document.getElementById('account-name');
const logout = document.getElementById('account-logout');
let session = null;

document.addEventListener('profile-viewer:login-requested', () => {
  error.textContent = '';
  dialog.showModal();
});
document.addEventListener('profile-viewer:join-requested', (event) => {
  accountName.textContent = `Join ${event.detail.tier} at the subscriptions desk`;
});
document.getElementById('login-cancel').addEventListener('click', () => dialog.close());

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const data = new FormData(form);
  try {
    const response = await fetch(`${api()}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-profile-viewer': '1' },
      body: JSON.stringify({ email: data.get('email'), password: data.get('password'), token: true }),
    });
    if (!response.ok) {
      error.textContent = response.status === 429 ? 'Too many attempts, try again later.' : 'E-mail or password is wrong.';
      return;
    }
    const body = await response.json();
    session = { token: body.token, name: body.member.name, tier: body.member.tier };
    for (const viewer of viewers()) viewer.setSession(session);
    accountName.textContent = `Signed in as ${session.name}`;
    logout.hidden = false;
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
  if (token) {
    await fetch(`${api()}/auth/logout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'x-profile-viewer': '1' },
    }).catch(() => {});
  }
});
