'use strict';
// Signing and checking tokens with jose (RS256), shared by the Entra emulator (issuer) and the flow API and trigger
// emulators (validators), so a token only passes if the emulated Entra really issued it.

const crypto = require('crypto');

let josePromise;
const jose = () => (josePromise ||= import('jose')); // jose 6 is ESM-only

async function createKeys() {
    const { generateKeyPair, exportJWK } = await jose();
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    const jwk = await exportJWK(publicKey);
    const kid = crypto.createHash('sha1').update(jwk.n).digest('base64url'); // stable per key, like Entra's x5t
    return { privateKey, publicKey, kid, jwk: { kty: 'RSA', use: 'sig', kid, x5t: kid, n: jwk.n, e: jwk.e } };
}

async function sign(keys, claims) {
    const { SignJWT } = await jose();
    return new SignJWT(claims).setProtectedHeader({ typ: 'JWT', alg: 'RS256', kid: keys.kid, x5t: keys.kid }).sign(keys.privateKey);
}

/**
 * Verify signature and lifetime; returns { claims } or { error } (a short reason for the emulator's log).
 * Claim checks (aud, iss, tid, scp) are the caller's: each service checks different ones.
 */
async function verify(keys, token, clockSkewSec = 0) {
    const { jwtVerify } = await jose();
    try {
        const { payload } = await jwtVerify(token, keys.publicKey, { algorithms: ['RS256'], clockTolerance: clockSkewSec });
        return { claims: payload };
    } catch (e) {
        return { error: e.code || e.message };
    }
}

function bearerOf(headers) {
    const h = headers.authorization || '';
    const m = /^Bearer\s+(\S+)$/i.exec(h);
    return { scheme: h ? h.split(/\s+/)[0] : null, token: m ? m[1] : null };
}

const randomId = (bytes = 32) => crypto.randomBytes(bytes).toString('base64url');
const guid = () => crypto.randomUUID();

module.exports = { createKeys, sign, verify, bearerOf, randomId, guid };
