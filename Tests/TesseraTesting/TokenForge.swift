import TesseraJOSE

/// Compact JWTs built from raw header and claims JSON, signed however a test needs: forged access
/// tokens for introspection, client assertions for private_key_jwt. `DecodedJWT` reads them back.
package enum TokenForge {
    package static func token(header: String, claims: String, sign: (UnsafeRawBufferPointer) throws -> [UInt8]) rethrows -> String {
        let input = Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(Array(claims.utf8))
        let signature = try Array(input.utf8).withUnsafeBytes { try sign($0) }
        return input + "." + Base64URL.encode(signature)
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
