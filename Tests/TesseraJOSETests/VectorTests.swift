import Testing
@testable import TesseraJOSE

/// Every vector of shared/vectors/JOSE.md, verbatim.
struct VectorTests {
    @Test func hs256SigningInputEncodesTheExactHeaderAndPayloadBytes() {
        #expect(Base64URL.encode(Fixtures.hs256Header) == Fixtures.hs256EncodedHeader)
        #expect(Base64URL.encode(Array(Fixtures.hs256Payload.utf8)) == Fixtures.hs256EncodedPayload)
        #expect(Base64URL.decode(Fixtures.hs256JWK) == Fixtures.hs256Key)
    }

    @Test func hs256SignsRFC7515AppendixA1Exactly() throws {
        let key = try HS256Key(secret: Fixtures.hs256Key)
        let signature = try Array(Fixtures.hs256SigningInput.utf8).withUnsafeBytes { try Fixtures.signature(key, $0) }
        #expect(signature == Fixtures.hs256SignatureOctets)
        #expect(Base64URL.encode(signature) == Fixtures.hs256Signature)
    }

    @Test func hs256VerifiesRFC7515CompactSerialization() throws {
        let key = try HS256Key(secret: Fixtures.hs256Key)
        let token = Array(Fixtures.hs256Compact.utf8)
        let parts = try TokenParts(token)
        let signature = try #require(token.withUnsafeBytes { Base64URL.decode(UnsafeRawBufferPointer(rebasing: $0[parts.signature])) })
        let valid = token.withUnsafeBytes { bytes in
            signature.withUnsafeBytes { key.verify(signature: $0, signingInput: UnsafeRawBufferPointer(rebasing: bytes[parts.signingInput])) }
        }
        #expect(valid)
    }

    @Test func ed25519SeedGivesRFC8037PublicKey() throws {
        let key = try Fixtures.rfcEd25519Key()
        #expect(key.publicKey.rawRepresentation == Fixtures.hex(Fixtures.edPublicHex))
        #expect(key.publicKey.jwk.x == Fixtures.edX)
        #expect(try key.seed() == Base64URL.decode(Fixtures.edD))
    }

    @Test func ed25519KeyIDIsRFC8037Thumbprint() throws {
        #expect(try Fixtures.rfcEd25519Key().keyID == KeyID(Fixtures.edThumbprint))
        #expect(Thumbprint.okp(crv: "Ed25519", x: Fixtures.edX) == Fixtures.edThumbprint)
    }

    @Test func rsaThumbprintMatchesRFC7638Example() {
        #expect(Thumbprint.rsa(e: Fixtures.rsaE, n: Fixtures.rsaN) == Fixtures.rsaThumbprint)
    }

    @Test func ed25519SignsRFC8037AppendixA4Exactly() throws {
        let key = try Fixtures.rfcEd25519Key()
        let signature = try Array(Fixtures.edSigningInput.utf8).withUnsafeBytes { try Fixtures.signature(key, $0) }
        #expect(signature == Fixtures.hex(Fixtures.edSignatureHex))
        #expect(Base64URL.encode(signature) == Fixtures.edSignature)
        #expect(Fixtures.edSigningInput + "." + Base64URL.encode(signature) == Fixtures.edCompact)
    }

    @Test func ed25519VerifiesRFC8037AppendixA5() throws {
        let key = try Ed25519PublicKey(x: Fixtures.edX)
        #expect(verify(key, Fixtures.edCompact))
    }

    @Test(arguments: ["signature", "payload"])
    func ed25519RejectsAFlippedCharacter(segment: String) throws {
        let key = try Ed25519PublicKey(x: Fixtures.edX)
        var bytes = Array(Fixtures.edCompact.utf8)
        let parts = try TokenParts(bytes)
        let index = segment == "signature" ? parts.signature.lowerBound + 5 : parts.payload.lowerBound + 3
        bytes[index] = bytes[index] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        #expect(!verify(key, String(decoding: bytes, as: UTF8.self)))
    }

    @Test func aRejectedSignatureDoesNotSpoilTheKeyForTheNextVerification() throws {
        let ed = try Ed25519PublicKey(x: Fixtures.edX)
        let hmac = try HS256Key(secret: Fixtures.hs256Key)
        for _ in 0..<3 {
            #expect(!verify(ed, Fixtures.edSigningInput + ".AAAA"))
            #expect(verify(ed, Fixtures.edCompact))
            #expect(!verify(hmac, Fixtures.hs256SigningInput + ".AAAA"))
            #expect(verify(hmac, Fixtures.hs256Compact))
        }
    }

    /// Verifies a compact serialization's signature with a bare verifier.
    func verify(_ key: some JWSVerifier, _ compact: String) -> Bool {
        let token = Array(compact.utf8)
        guard let parts = try? TokenParts(token) else { return false }
        return token.withUnsafeBytes { bytes in
            guard let signature = Base64URL.decode(UnsafeRawBufferPointer(rebasing: bytes[parts.signature])) else { return false }
            return signature.withUnsafeBytes { key.verify(signature: $0, signingInput: UnsafeRawBufferPointer(rebasing: bytes[parts.signingInput])) }
        }
    }
}
