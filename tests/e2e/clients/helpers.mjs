// What every client-library script shares: the portal's config, people's mailboxes and phones,
// authenticator codes, and a check that fails loudly. Run by tests/e2e/test_client_libraries.py.
import { createHmac } from 'node:crypto';
import assert from 'node:assert/strict';

export const config = JSON.parse(process.env.PORTAL_CONFIG);
export const people = JSON.parse(process.env.PORTAL_PEOPLE);
export const NEW_PASSWORD = 'a long new password';
export const RESET_PASSWORD = 'another long password';

const CODE = /(?<!\d)(\d{6})(?!\d)/;

async function newest(path, to) {
  const answer = await fetch(`${config.api_url}${path}?to=${encodeURIComponent(to)}`);
  const { items } = await answer.json();
  assert.ok(items.length, `nothing sent to ${to}`);
  return items[0].text;
}

export async function emailCode(email) {
  return (await newest('/_local/mailbox', email)).match(CODE)[1];
}

export async function smsCode(phone) {
  return (await newest('/_local/sms', phone)).match(CODE)[1];
}

function base32(secret) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secret.replace(/=+$/, '')) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  return Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
}

// RFC 6238, as an authenticator app computes it.
export function totp(secret, offset = 0) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30000) + offset));
  const mac = createHmac('sha1', base32(secret)).update(counter).digest();
  const at = mac[mac.length - 1] & 0xf;
  return String((mac.readUInt32BE(at) & 0x7fffffff) % 1000000).padStart(6, '0');
}

export function wrongCode(code) {
  return String((Number(code) + 500000) % 1000000).padStart(6, '0');
}

export async function refused(promise, name) {
  await assert.rejects(promise, (error) => {
    assert.equal(error.name ?? error.code, name, error.message);
    return true;
  });
}

export function claims(jwt) {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());
}

export { assert };
