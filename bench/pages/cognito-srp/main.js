// The client side of USER_SRP_AUTH with amazon-cognito-identity-js 6.3.21, the steps its
// CognitoUser.authenticateUserDefaultAuth takes in a real sign-in, without the network:
// new AuthenticationHelper(poolName) (random a, then A), B and the salt read as BigIntegers,
// getPasswordAuthenticationKey (u, x, S, HKDF), then the claim signature (HMAC-SHA256 with
// @aws-crypto/sha256-js over pool name, user id, secret block and timestamp).
//
// window.benchSrp(aHex) runs it once and returns {ms, srpA, signature}; aHex '' draws a random
// a as the SDK does, a fixed one lets the bench check the result against srp-inputs.json.
import { AuthenticationHelper, DateHelper } from 'amazon-cognito-identity-js';
import BigInteger from 'amazon-cognito-identity-js/es/BigInteger';
import { Sha256 } from '@aws-crypto/sha256-js';
import { Buffer } from 'buffer';

import inputs from '../srp-inputs.json';

const poolName = inputs.user_pool_id.split('_')[1];

function run(aHex, timestamp) {
  const started = performance.now();
  const helper = new AuthenticationHelper(poolName);
  if (aHex) {
    // The constructor already drew a and computed A: replace both, outside the work the SDK does.
    helper.smallAValue = new BigInteger(aHex, 16);
    helper.largeAValue = undefined;
  }
  let srpA;
  helper.getLargeAValue((err, a) => {
    if (err) throw err;
    srpA = a.toString(16);
  });
  const serverB = new BigInteger(inputs.srp_b, 16);
  const salt = new BigInteger(inputs.salt, 16);
  let key;
  helper.getPasswordAuthenticationKey(inputs.user_id_for_srp, inputs.password, serverB, salt, (err, hkdf) => {
    if (err) throw err;
    key = hkdf;
  });
  if (!key) throw new Error('getPasswordAuthenticationKey did not call back synchronously');
  const now = timestamp ?? new DateHelper().getNowString();
  const hmac = new Sha256(key);
  hmac.update(Buffer.concat([
    Buffer.from(poolName, 'utf8'),
    Buffer.from(inputs.user_id_for_srp, 'utf8'),
    Buffer.from(inputs.secret_block, 'base64'),
    Buffer.from(now, 'utf8'),
  ]));
  const signature = Buffer.from(hmac.digestSync()).toString('base64');
  return { ms: performance.now() - started, srpA, signature };
}

window.benchSrp = (aHex = '') => run(aHex, aHex ? inputs.check.timestamp : undefined);
window.benchSrpReady = true;
document.getElementById('srp-status').textContent = 'ready';
