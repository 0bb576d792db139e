// The authenticator app of the UI's tests: the code it shows for a two-step sign-in secret (RFC 6238 TOTP with
// the parameters every authenticator app uses for an otpauth:// URL without others: HMAC-SHA1, 30 s, 6 digits).
import { createHmac } from 'node:crypto';

const STEP_MS = 30_000;
const DIGITS = 6;
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** The bytes of a base32 secret (RFC 4648, padding and spaces ignored), as an authenticator app reads it. */
function base32Bytes(secret: string): Buffer {
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of secret.toUpperCase().replace(/[\s=]/g, '')) {
    const digit = BASE32.indexOf(char);
    if (digit < 0) throw new Error(`${char} is not a base32 digit`);
    value = (value << 5) | digit;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((value >>> bits) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

/** The code the authenticator shows for `secret` at `atMs` (milliseconds since 1970). */
export function totp(secret: string, atMs: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(atMs / STEP_MS)));
  const mac = createHmac('sha1', base32Bytes(secret)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const number = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(number % 10 ** DIGITS).padStart(DIGITS, '0');
}

/** A six-digit code the authenticator shows at no time within two minutes of `atMs`: a mistyped one. */
export function wrongTotp(secret: string, atMs: number): string {
  const near = new Set(Array.from({ length: 9 }, (_, i) => totp(secret, atMs + (i - 4) * STEP_MS)));
  const wrong = ['000000', '111111', '222222'].find((code) => !near.has(code));
  if (!wrong) throw new Error('every candidate is a real code: the secret is not random');
  return wrong;
}
