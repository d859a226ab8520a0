import Testing
@testable import TesseraJOSE

struct KeyRingVerifyTests {
    let edKey: Ed25519PrivateKey
    let ring: KeyRing

    init() throws {
        edKey = try Fixtures.rfcEd25519Key()
        ring = try Fixtures.ring(edKey)
    }

    func token(_ claims: AccessTokenClaims = Fixtures.claims()) throws -> [UInt8] {
        var out: [UInt8] = []
        var scratch: [UInt8] = []
        try ring.signer.appendToken(claims: claims, into: &out, scratch: &scratch)
        return out
    }

    func rejection(_ token: [UInt8], now: Int64 = Fixtures.now, issuer: String? = Fixtures.issuer) -> TokenRejection? {
        if case let .failure(reason) = ring.verify(token: token, now: now, expectedIssuer: issuer) { return reason }
        return nil
    }

    func rejection(_ token: String) -> TokenRejection? { rejection(Array(token.utf8)) }

    @Test func aValidTokenVerifies() throws {
        #expect(rejection(try token()) == nil)
    }

    @Test func aFlippedBitInTheSignatureFails() throws {
        var bytes = try token()
        let parts = try TokenParts(bytes)
        bytes[parts.signature.lowerBound + 10] ^= 0x01
        // A flip may turn a base64url letter into another letter or into a non-alphabet byte.
        #expect(rejection(bytes) == .badSignature || rejection(bytes) == .malformed("signature is not base64url"))
        var decoded = Base64URL.decode(String(decoding: try token()[parts.signature], as: UTF8.self))!
        decoded[0] ^= 0x01
        let flipped = String(decoding: try token()[..<parts.signature.lowerBound], as: UTF8.self) + Base64URL.encode(decoded)
        #expect(rejection(flipped) == .badSignature)
    }

    @Test func aChangedPayloadCharacterFails() throws {
        var bytes = try token()
        let parts = try TokenParts(bytes)
        let i = parts.payload.lowerBound + 4
        bytes[i] = bytes[i] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        #expect(rejection(bytes) == .badSignature)
    }

    @Test(arguments: [1, 3, 32, 63])
    func aTruncatedSignatureFails(droppedBytes: Int) throws {
        let bytes = try token()
        let parts = try TokenParts(bytes)
        let signature = Base64URL.decode(String(decoding: bytes[parts.signature], as: UTF8.self))!
        let truncated = String(decoding: bytes[..<parts.signature.lowerBound], as: UTF8.self)
            + Base64URL.encode(signature.dropLast(droppedBytes))
        #expect(rejection(truncated) == .badSignature)
        #expect(rejection(Array(bytes.dropLast(droppedBytes))) != nil)
    }

    @Test func anUnknownKidFails() throws {
        let other = try Ed25519PrivateKey.generate()
        let payload = Fixtures.payloadJSON(Fixtures.claims())
        let header = #"{"alg":"EdDSA","typ":"at+jwt","kid":"\#(other.keyID.value)"}"#
        let crafted = try Fixtures.craft(header: header, payload: payload) { try Fixtures.signature(other, $0) }
        #expect(rejection(crafted) == .unknownKey(other.keyID))
    }

    @Test func anHS256TokenNamingAnEdDSAKeyFails() throws {
        let hmac = try HS256Key(secret: Fixtures.hs256Key)
        let header = #"{"alg":"HS256","typ":"at+jwt","kid":"\#(edKey.keyID.value)"}"#
        let crafted = try Fixtures.craft(header: header, payload: Fixtures.payloadJSON(Fixtures.claims())) { try Fixtures.signature(hmac, $0) }
        #expect(rejection(crafted) == .algorithmMismatch(header: "HS256", key: .EdDSA))
    }

    @Test func anEdDSATokenNamingTheHS256KeyFails() throws {
        let hmacKid = try HS256Key(secret: Fixtures.hs256Key).keyID
        let header = #"{"alg":"EdDSA","typ":"at+jwt","kid":"\#(hmacKid.value)"}"#
        let crafted = try Fixtures.craft(header: header, payload: Fixtures.payloadJSON(Fixtures.claims())) { try Fixtures.signature(edKey, $0) }
        #expect(rejection(crafted) == .algorithmMismatch(header: "EdDSA", key: .HS256))
    }

    @Test(arguments: ["none", "None", "RS512", "ES384", "eddsa", ""])
    func unsupportedAlgorithmsFail(alg: String) throws {
        let header = #"{"alg":"\#(alg)","typ":"at+jwt","kid":"\#(edKey.keyID.value)"}"#
        let crafted = Fixtures.craft(header: header, payload: Fixtures.payloadJSON(Fixtures.claims()))
        #expect(rejection(crafted) == .algorithmMismatch(header: alg, key: nil))
    }

    @Test func algNoneWithAnEmptySignatureFails() {
        let header = Base64URL.encode(Array(#"{"alg":"none","kid":"x"}"#.utf8))
        let payload = Base64URL.encode(Array(Fixtures.payloadJSON(Fixtures.claims()).utf8))
        #expect(rejection(header + "." + payload + ".") == .malformed("empty part"))
    }

    @Test func aTokenIsInactiveFromTheSecondItsExpPasses() throws {
        let bytes = try token(Fixtures.claims(exp: Fixtures.now + 10))
        #expect(rejection(bytes, now: Fixtures.now + 9) == nil)
        #expect(rejection(bytes, now: Fixtures.now + 10) == .expired(exp: Fixtures.now + 10))
        #expect(rejection(bytes, now: Fixtures.now + 11) == .expired(exp: Fixtures.now + 10))
    }

    @Test func iatUpTo30SecondsAheadIsToleratedButNotMore() throws {
        #expect(rejection(try token(Fixtures.claims(iat: Fixtures.now + 29))) == nil)
        #expect(rejection(try token(Fixtures.claims(iat: Fixtures.now + 30))) == nil)
        #expect(rejection(try token(Fixtures.claims(iat: Fixtures.now + 31))) == .notYetValid(claim: "iat", value: Fixtures.now + 31))
    }

    @Test func nbfMoreThan30SecondsAheadFails() throws {
        var claims = Fixtures.claims()
        claims.notBefore = Fixtures.now + 31
        #expect(rejection(try token(claims)) == .notYetValid(claim: "nbf", value: Fixtures.now + 31))
        claims.notBefore = Fixtures.now + 29
        #expect(rejection(try token(claims)) == nil)
    }

    @Test func aWrongIssuerFailsAndNoExpectedIssuerSkipsTheCheck() throws {
        let bytes = try token()
        #expect(rejection(bytes, issuer: "https://other.example") == .wrongIssuer(Fixtures.issuer))
        #expect(rejection(bytes, issuer: nil) == nil)
    }

    @Test(arguments: ["at+jwt", "AT+JWT", "application/at+jwt", "Application/AT+JWT"])
    func acceptedTypValues(typ: String) throws {
        #expect(rejection(try craftSigned(header: #"{"alg":"EdDSA","typ":"\#(typ)","kid":"\#(edKey.keyID.value)"}"#)) == nil)
    }

    @Test func aMissingTypIsAccepted() throws {
        #expect(rejection(try craftSigned(header: #"{"alg":"EdDSA","kid":"\#(edKey.keyID.value)"}"#)) == nil)
    }

    @Test(arguments: ["JWT", "jwt", "at+jwt "])
    func otherTypValuesFail(typ: String) throws {
        let crafted = try craftSigned(header: #"{"alg":"EdDSA","typ":"\#(typ)","kid":"\#(edKey.keyID.value)"}"#)
        #expect(rejection(crafted) == .wrongType(typ))
    }

    func craftSigned(header: String, payload: String = Fixtures.payloadJSON(Fixtures.claims())) throws -> String {
        try Fixtures.craft(header: header, payload: payload) { try Fixtures.signature(edKey, $0) }
    }

    @Test(arguments: [
        ("two parts", "eyJhbGciOiJFZERTQSJ9.e30"),
        ("four parts", "eyJhbGciOiJFZERTQSJ9.e30.AA.AA"),
        ("empty header", ".e30.AA"),
        ("empty payload", "eyJhbGciOiJFZERTQSJ9..AA"),
        ("empty signature", "eyJhbGciOiJFZERTQSJ9.e30."),
        ("empty token", ""),
        ("bad base64url header", "eyJhbGciOiJFZERTQSJ9=.e30.AA"),
        ("non-JSON header", "bm90IGpzb24.e30.AA"),
        ("header not an object", "WzFd.e30.AA"),
        ("header without alg", "eyJraWQiOiJ4In0.e30.AA"),
        ("header without kid", "eyJhbGciOiJFZERTQSJ9.e30.AA"),
        ("bad base64url signature", "eyJhbGciOiJFZERTQSJ9.e30.A*"),
    ])
    func malformedTokensFail(name: String, token: String) {
        var text = token
        if name == "bad base64url signature" {
            // Give the header a known kid so that the signature is reached.
            text = Base64URL.encode(Array(#"{"alg":"EdDSA","kid":"\#(edKey.keyID.value)"}"#.utf8)) + ".e30.A*"
        }
        guard case .malformed = rejection(text) else {
            Issue.record("\(name): expected malformed, got \(String(describing: rejection(text)))")
            return
        }
    }

    @Test func oversizeTokensFail() {
        let big = "eyJhbGciOiJFZERTQSJ9." + String(repeating: "A", count: 8 * 1024) + ".AA"
        #expect(rejection(big) == .malformed("larger than 8192 bytes"))
    }

    @Test(arguments: [
        #"{"iss":"https://issuer.example","sub":"demo","client_id":"demo","aud":"api","iat":1700000000,"jti":"j"}"#,
        #"{"iss":"https://issuer.example","sub":"demo","client_id":"demo","aud":"api","iat":1700000000,"exp":"1700003600","jti":"j"}"#,
        #"{"iss":"https://issuer.example","sub":"demo","client_id":"demo","aud":[],"iat":1700000000,"exp":1700003600,"jti":"j"}"#,
        #"{"iss":"https://issuer.example","sub":"demo","client_id":"demo","aud":[1],"iat":1700000000,"exp":1700003600,"jti":"j"}"#,
        #"{"iss":"https://issuer.example","sub":"demo","client_id":"demo","aud":"api","iat":1700000000,"exp":1700003600.5,"jti":"j"}"#,
        #"{"iss":"https://issuer.example","sub":"demo","client_id":"demo","aud":"api","iat":1700000000,"exp":1700003600,"jti":"j","jti":"k"}"#,
        #"["not","an","object"]"#,
    ])
    func signedTokensWithBadClaimsAreMalformed(payload: String) throws {
        let crafted = try craftSigned(header: #"{"alg":"EdDSA","typ":"at+jwt","kid":"\#(edKey.keyID.value)"}"#, payload: payload)
        guard case .malformed = rejection(crafted) else {
            Issue.record("expected malformed, got \(String(describing: rejection(crafted)))")
            return
        }
    }

    @Test func audienceArraysAndMissingScopeAreRead() throws {
        let payload = #"{"iss":"https://issuer.example","sub":"s","client_id":"c","aud":["a","b"],"iat":1700000000,"exp":1700003600,"jti":"j"}"#
        let crafted = try craftSigned(header: #"{"alg":"EdDSA","typ":"at+jwt","kid":"\#(edKey.keyID.value)"}"#, payload: payload)
        let verified = try ring.verify(token: crafted, now: Fixtures.now, expectedIssuer: Fixtures.issuer).get()
        #expect(verified.claims.audience == ["a", "b"])
        #expect(verified.claims.scope == "")
        #expect(verified.claims.subject == "s")
        #expect(verified.claims.clientID == "c")
    }
}
