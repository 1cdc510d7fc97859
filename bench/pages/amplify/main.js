// The Amplify peer: React 19, aws-amplify 6 configured for a Cognito user pool (ids from the
// config bench/run.mjs generates after provisioning ministack), @aws-amplify/ui-react's
// <Authenticator> with its default sign-in form and styles; signed in, the user's name.
import { Amplify } from 'aws-amplify';
import { Authenticator } from '@aws-amplify/ui-react';
import '@aws-amplify/ui-react/styles.css';
import { createElement as h } from 'react';
import { createRoot } from 'react-dom/client';

// __AMPLIFY_CONFIG__: Amplify's resources config, put in by Vite's `define` at build time.
Amplify.configure(__AMPLIFY_CONFIG__);

function SignedIn({ user, signOut }) {
  return h('main', null,
    h('p', { id: 'bench-signed-in' }, `Signed in as ${user?.username ?? ''}`),
    h('button', { type: 'button', onClick: signOut }, 'Sign out'));
}

createRoot(document.getElementById('root')).render(
  h(Authenticator, null, ({ user, signOut }) => h(SignedIn, { user, signOut })),
);
