import Foundation
#if canImport(TesseraJOSE)
import TesseraJOSE
#endif

/// A compact JWS split into its header, claims and signature, decoded with Foundation only; the
/// signature checks go through TesseraJOSE's OpenSSL-backed keys.
package struct DecodedJWT {
    package let token: String
    package let header: [String: Any]
    package let claims: [String: Any]
    package let signingInput: [UInt8]
    package let signature: [UInt8]

    package init(_ token: String) throws {
        self.token = token
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw HarnessError.unexpected("a JWS has 3 parts, got \(parts.count): \(token)") }
        guard let headerBytes = Self.base64URLDecode(parts[0]), let claimBytes = Self.base64URLDecode(parts[1]),
              let signature = Self.base64URLDecode(parts[2]) else {
            throw HarnessError.unexpected("a JWT part is not unpadded base64url: \(token)")
        }
        guard let header = (try? JSONSerialization.jsonObject(with: Data(headerBytes))) as? [String: Any],
              let claims = (try? JSONSerialization.jsonObject(with: Data(claimBytes))) as? [String: Any] else {
            throw HarnessError.unexpected("JWT header or claims are not JSON objects: \(token)")
        }
        self.header = header
        self.claims = claims
        self.signingInput = Array("\(parts[0]).\(parts[1])".utf8)
        self.signature = signature
    }

    package static func base64URLDecode(_ text: Substring) -> [UInt8]? {
        guard !text.contains("="), !text.contains("+"), !text.contains("/") else { return nil }
        var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while standard.count % 4 != 0 { standard += "=" }
        return Data(base64Encoded: standard).map { Array($0) }
    }

    package var kid: String? { header["kid"] as? String }
    package func string(_ claim: String) -> String? { claims[claim] as? String }
    package func integer(_ claim: String) -> Int? { (claims[claim] as? NSNumber)?.intValue }

    /// The `aud` claim as a list, whether it is a string or an array.
    package var audiences: [String]? {
        if let one = claims["aud"] as? String { return [one] }
        return claims["aud"] as? [String]
    }

    /// Whether the signature verifies under the JWKS key named by `kid` (Ed25519).
    /// Throws when no such key is published or TesseraJOSE is unavailable.
    package func verifiesEdDSA(jwks: [[String: Any]]) throws -> Bool {
        guard let kid, let jwk = jwks.first(where: { ($0["kid"] as? String) == kid }), let x = jwk["x"] as? String else {
            throw HarnessError.unexpected("kid \(kid ?? "nil") is not in the JWKS")
        }
        #if canImport(TesseraJOSE)
        return verifies(with: try Ed25519PublicKey(x: x))
        #else
        throw HarnessError.unexpected("TesseraJOSE is not built; cannot verify EdDSA signatures")
        #endif
    }

    /// Whether the signature verifies as HS256 with `secret`.
    package func verifiesHS256(secret: [UInt8]) throws -> Bool {
        #if canImport(TesseraJOSE)
        return verifies(with: try HS256Key(secret: secret))
        #else
        throw HarnessError.unexpected("TesseraJOSE is not built; cannot verify HS256 signatures")
        #endif
    }

    #if canImport(TesseraJOSE)
    /// Whether `key` accepts the signature over the signing input.
    private func verifies(with key: some JWSVerifier) -> Bool {
        signature.withUnsafeBytes { sig in
            signingInput.withUnsafeBytes { key.verify(signature: sig, signingInput: $0) }
        }
    }
    #endif

    /// The RFC 7638 thumbprint of an Ed25519 JWK `x`.
    package static func thumbprint(x: String) throws -> String {
        #if canImport(TesseraJOSE)
        return try Ed25519PublicKey(x: x).keyID.value
        #else
        throw HarnessError.unexpected("TesseraJOSE is not built; cannot compute thumbprints")
        #endif
    }
}
