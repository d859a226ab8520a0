import Foundation
import TesseraJOSE

/// DPoP proofs (RFC 9449 §4.2) made in the tests with TesseraJOSE's own signing keys: a good one
/// by default, and any header or claim replaced to make a bad one.
package struct DPoPProofForge {
    package let key: any DirectoryKey

    package init(_ key: any DirectoryKey) {
        self.key = key
    }

    /// A new P-256 (ES256) key.
    package static func es256() throws -> DPoPProofForge { DPoPProofForge(try P256PrivateKey.generate()) }
    /// A new Ed25519 (EdDSA) key.
    package static func ed25519() throws -> DPoPProofForge { DPoPProofForge(try Ed25519PrivateKey.generate()) }

    /// The public JWK as JSON text.
    package var jwk: String {
        var out: [UInt8] = []
        key.verifier.jwk.appendJSON(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// RFC 7638 thumbprint of the public key: the `cnf.jkt` of a token bound to it.
    package var thumbprint: String {
        let value = try! JSONValue.parse(Array(jwk.utf8))
        switch value["kty"]?.stringValue {
        case "OKP": return Thumbprint.okp(crv: value["crv"]!.stringValue!, x: value["x"]!.stringValue!)
        default: return Thumbprint.ec(crv: value["crv"]!.stringValue!, x: value["x"]!.stringValue!, y: value["y"]!.stringValue!)
        }
    }

    /// A proof for `POST htu` at `iat` (now by default). `header` and `claims` replace or add
    /// members (JSON text values); a nil value removes the member.
    package func proof(
        htu: String = "https://tessera.test/oauth/token", htm: String = "POST", iat: Int64? = nil, jti: String? = nil,
        nonce: String? = nil, ath: String? = nil, header: [String: String?] = [:], claims: [String: String?] = [:]
    ) throws -> String {
        var headerMembers: [String: String?] = [
            "typ": #""dpop+jwt""#, "alg": "\"\(key.algorithm.rawValue)\"", "jwk": jwk,
        ]
        headerMembers.merge(header) { $1 }
        var claimMembers: [String: String?] = [
            "htm": Self.quoted(htm), "htu": Self.quoted(htu), "iat": String(iat ?? Int64(Date().timeIntervalSince1970)),
            "jti": Self.quoted(jti ?? UUID().uuidString),
        ]
        if let nonce { claimMembers["nonce"] = Self.quoted(nonce) }
        if let ath { claimMembers["ath"] = Self.quoted(ath) }
        claimMembers.merge(claims) { $1 }
        let bytes = try TokenSigner(key, header: Self.object(headerMembers)).compact(payload: Self.object(claimMembers))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// base64url(SHA-256(token)): the `ath` of a proof sent with `token` (RFC 9449 §4.2).
    package static func accessTokenHash(_ token: String) -> String {
        withUnsafeBytes(of: TokenDigest.of(Array(token.utf8))) { Base64URL.encode($0) }
    }

    static func quoted(_ text: String) -> String {
        var out: [UInt8] = []
        JSONWriter.appendString(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func object(_ members: [String: String?]) -> [UInt8] {
        let text = members.keys.sorted().compactMap { name in members[name]!.map { "\(quoted(name)):\($0)" } }
        return Array(("{" + text.joined(separator: ",") + "}").utf8)
    }
}
