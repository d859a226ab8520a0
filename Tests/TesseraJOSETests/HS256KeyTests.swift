import Testing
@testable import TesseraJOSE

struct HS256KeyTests {
    @Test(arguments: [0, 1, 31])
    func secretsShorterThan32BytesAreRefused(length: Int) {
        #expect(throws: JOSEError.secretTooShort(minimum: 32, actual: length)) {
            try HS256Key(secret: [UInt8](repeating: 7, count: length))
        }
    }

    @Test func keyIDIsStablePerSecretAndDistinctBetweenSecrets() throws {
        let a = try HS256Key(secret: Fixtures.hs256Key)
        let b = try HS256Key(secret: Fixtures.hs256Key)
        let c = try HS256Key(secret: [UInt8](repeating: 1, count: 32))
        #expect(a.keyID == b.keyID)
        #expect(a.keyID != c.keyID)
        #expect(a.keyID.value.utf8.count == 22)
        #expect(!Fixtures.hs256JWK.contains(a.keyID.value))
    }

    @Test func hs256KeysAreNeverPublished() throws {
        let ring = try Fixtures.ring(try Fixtures.rfcEd25519Key(), algorithm: .HS256)
        #expect(ring.jwks.keys.map(\.kid) == [KeyID(Fixtures.edThumbprint)])
        #expect(String(decoding: ring.jwksJSON, as: UTF8.self) == #"{"keys":[{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","kid":"kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k","alg":"EdDSA","use":"sig"}]}"#)
    }

    @Test(arguments: [0, 31, 33, 64])
    func signaturesOfTheWrongLengthFail(length: Int) throws {
        let key = try HS256Key(secret: Fixtures.hs256Key)
        let signature = Array(Fixtures.hs256SignatureOctets.prefix(length)) + [UInt8](repeating: 0, count: max(0, length - 32))
        let valid = Array(Fixtures.hs256SigningInput.utf8).withUnsafeBytes { input in
            signature.withUnsafeBytes { key.verify(signature: $0, signingInput: input) }
        }
        #expect(!valid)
    }
}
