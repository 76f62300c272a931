/**
 * Web platform types that Node provides as globals but @types/node does not declare, and that
 * libraries' typings name. The engine's program has no DOM, so without these the names would not
 * resolve, and skipLibCheck would let the parameters that use them accept anything.
 *   CryptoKey  age-encryption takes identities as `string | CryptoKey`. Node has the global
 *              (unflagged since v19; the app needs 20.19) and it is Node's webcrypto.CryptoKey.
 */
declare global {
  type CryptoKey = import('node:crypto').webcrypto.CryptoKey;
}

export {};
