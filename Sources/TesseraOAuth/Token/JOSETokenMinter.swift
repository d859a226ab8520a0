import TesseraJOSE

/// The production `TokenMinting`: RFC 9068 JWTs (`typ: at+jwt`) signed by a JOSE `TokenSigner`
/// (EdDSA or HS256, header encoded once per key). A key rotation builds a new minter.
package struct JOSETokenMinter: TokenMinting {
    package let signer: TokenSigner

    package init(signer: TokenSigner) {
        self.signer = signer
    }

    package init(keyRing: KeyRing) {
        self.init(signer: keyRing.signer)
    }

    package var algorithm: JWSAlgorithm { signer.algorithm }

    package var signerIdentity: UInt64 {
        ClientVersion.of(text: signer.algorithm.rawValue + "\u{1F}" + signer.keyID.value)
    }

    package func newJWTID() -> String { JWT.newJTI() }

    package func mint(_ claims: TokenClaims, into out: inout [UInt8]) throws {
        var jose = AccessTokenClaims(
            issuer: claims.issuer, subject: claims.subject, clientID: claims.clientID, audience: claims.audiences,
            scope: claims.scope, issuedAt: claims.issuedAt, expiresAt: claims.expiresAt, jwtID: claims.jwtID,
            certificateThumbprint: claims.certificateThumbprint)
        jose.status = claims.status
        // The signer is shared by every I/O thread, so the scratch space is per call: one small
        // allocation next to a signature that costs far more.
        var scratch: [UInt8] = []
        scratch.reserveCapacity(512)
        try signer.appendToken(claims: jose, into: &out, scratch: &scratch)
    }
}
