/// The keys in force at one moment: the signing key, every verifier by `kid`, and the JWKS
/// to publish. An immutable value: a reload (SIGHUP, rotation) builds a new one and swaps it.
package struct KeyRing: Sendable {
    /// Allowed clock skew for `iat` / `nbf` in the future, in seconds. `exp` has none.
    package static let clockSkew: Int64 = 30

    /// Signs new tokens (header pre-encoded).
    package let signer: TokenSigner
    /// Every key that may verify a token, by `kid`.
    package let verifiers: [KeyID: any JWSVerifier]
    /// The public keys to publish; never an HS256 secret.
    package let jwks: JWKSet
    /// `jwks.jsonBytes()`, rendered once.
    package let jwksJSON: [UInt8]

    /// A ring from explicit parts. The signer's own verifier must be among `verifiers` for its
    /// tokens to verify.
    package init(signer: any JWSSigner, verifiers: [any JWSVerifier], jwks: JWKSet) {
        self.signer = TokenSigner(signer)
        var byID: [KeyID: any JWSVerifier] = [:]
        for verifier in verifiers { byID[verifier.keyID] = verifier }
        self.verifiers = byID
        self.jwks = jwks
        self.jwksJSON = jwks.jsonBytes()
    }

    /// Selects the signing key and publishes keys from a loaded key directory.
    ///
    /// - An asymmetric `algorithm`: the newest key of its type whose activation time has passed
    ///   (`activation <= now`) signs; `Ed25519` signs with an Ed25519 key under that name.
    /// - HS256: `hs256Secret` signs.
    /// - Every loaded key, of every type, including ones not yet active (pre-publication), is
    ///   published in the JWKS and verifies under its own algorithm. Ed25519 keys are published
    ///   with `alg` `Ed25519` when that is the configured algorithm, else `EdDSA`; they verify
    ///   under both names.
    /// - With a secret configured, HS256 tokens keep verifying after a switch of algorithm.
    /// - Throws: `noActiveKey` (no active key of the algorithm's type), `missingSecret` (HS256
    ///   without a secret), `secretTooShort`.
    /// - `moreHS256Secrets`: earlier HS256 secrets, each verifying under its own `kid`.
    package static func make(
        keys: [LoadedKey], now: Int64, hs256Secret: [UInt8]?, algorithm: JWSAlgorithm, moreHS256Secrets: [[UInt8]] = []
    ) throws(JOSEError) -> KeyRing {
        let ordered = keys.sorted { $0.activation > $1.activation }
        var verifiers: [any JWSVerifier] = ordered.map { $0.privateKey.verifier }
        let jwks = JWKSet(keys: ordered.map { key in
            var jwk = key.privateKey.verifier.jwk
            if key.keyType == .ed25519 && algorithm == .Ed25519 { jwk.alg = .Ed25519 }
            return jwk
        })
        var hmac: HS256Key?
        if let hs256Secret {
            let key = try HS256Key(secret: hs256Secret)
            verifiers.append(key)
            hmac = key
            for secret in moreHS256Secrets { verifiers.append(try HS256Key(secret: secret)) }
        }
        let signer: any JWSSigner
        if let type = algorithm.keyType {
            guard algorithm != .PS256, let active = ordered.first(where: { $0.keyType == type && $0.activation <= now }) else {
                throw .noActiveKey
            }
            signer = algorithm == active.privateKey.algorithm ? active.privateKey : RenamedSigner(active.privateKey, as: algorithm)
        } else {
            guard let hmac else { throw .missingSecret }
            signer = hmac
        }
        return KeyRing(signer: signer, verifiers: verifiers, jwks: jwks)
    }
}
