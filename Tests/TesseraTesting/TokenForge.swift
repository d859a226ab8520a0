import TesseraJOSE

/// Compact JWTs built from raw header and claims JSON, signed however a test needs: forged access
/// tokens for introspection, client assertions for private_key_jwt. `DecodedJWT` reads them back.
/// Serialized by the issuer's own `CompactJWS`.
package enum TokenForge {
    package static func token(header: String, claims: String, sign: (UnsafeRawBufferPointer) throws -> [UInt8]) rethrows -> String {
        var encodedHeader: [UInt8] = []
        Array(header.utf8).withUnsafeBytes { Base64URL.encode($0, into: &encodedHeader) }
        var out: [UInt8] = []
        var scratch: [UInt8] = []
        try CompactJWS.append(encodedHeader: encodedHeader, into: &out, scratch: &scratch,
                              payload: { $0.append(contentsOf: claims.utf8) }, sign: { $1 = try sign($0) })
        return String(decoding: out, as: UTF8.self)
    }

    package static func ed25519(_ key: Ed25519PrivateKey) -> (UnsafeRawBufferPointer) -> [UInt8] {
        { input in
            var out: [UInt8] = []
            try! key.sign(input, appendingTo: &out)
            return out
        }
    }

    package static func hs256(_ secret: [UInt8]) -> (UnsafeRawBufferPointer) -> [UInt8] {
        { input in
            var out: [UInt8] = []
            try! HS256Key(secret: secret).sign(input, appendingTo: &out)
            return out
        }
    }

    package static func header(alg: String = "EdDSA", kid: String) -> String {
        #"{"alg":"\#(alg)","typ":"at+jwt","kid":"\#(kid)"}"#
    }
}
