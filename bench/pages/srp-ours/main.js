// Our core::srp (bench/srp-wasm, wasm-bindgen --target web, wasm-opt -Oz) on the same inputs as
// the amazon-cognito-identity-js page. window.benchSrp(aHex) runs both steps once (SrpClient::new
// or with_private_key, then respond_to_password_verifier) and returns {ms, srpA, signature}.
import init, { srp_sign_in_math } from './srp_wasm.js';

const inputs = await (await fetch('./srp-inputs.json')).json();
await init({ module_or_path: './srp_wasm_bg.wasm' });

window.benchSrp = (aHex = '') => {
  const now = aHex ? inputs.check.now : Math.floor(Date.now() / 1000);
  const started = performance.now();
  const out = srp_sign_in_math(aHex, inputs.user_pool_id, inputs.user_id_for_srp, inputs.password,
    inputs.salt, inputs.srp_b, inputs.secret_block, now);
  const ms = performance.now() - started;
  const [srpA, signature] = out.split(' ');
  return { ms, srpA, signature };
};
window.benchSrpReady = true;
document.getElementById('srp-status').textContent = 'ready';
