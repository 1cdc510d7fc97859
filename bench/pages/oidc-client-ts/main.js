// oidc-client-ts 3.5 without a UI library: a UserManager for the same provider and client as our
// PKCE page, a look at the stored user (as any app does at start), then a "Sign in" button.
import { UserManager } from 'oidc-client-ts';

// __OIDC_SETTINGS__ ({authority, client_id}) is put in by Vite's `define` at build time.
const settings = __OIDC_SETTINGS__;
const manager = new UserManager({
  authority: settings.authority,
  client_id: settings.client_id,
  redirect_uri: new URL('/callback', window.location.origin).href,
  scope: 'openid profile email',
});

const user = await manager.getUser();
const main = document.createElement('main');
const button = document.createElement('button');
button.type = 'button';
button.className = 'oidc-sign-in';
button.textContent = user ? `Signed in as ${user.profile.name ?? user.profile.sub}` : 'Sign in';
button.addEventListener('click', () => manager.signinRedirect());
main.append(button);
document.body.append(main);
