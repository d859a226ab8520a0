import Testing
@testable import TesseraJOSE
import TesseraTesting

struct TokenSignerTests {
    @Test func headerIsExactlyAlgTypKidInThatOrder() throws {
        let key = try Fixtures.rfcEd25519Key()
        let token = try JWT.token(claims: Fixtures.claims(), signer: key)
        let parts = try TokenParts(Array(token.utf8))
        let header = Array(token.utf8)[parts.header].withUnsafeBytes { Base64URL.decode($0) }
        #expect(header.map { String(decoding: $0, as: UTF8.self) } == #"{"alg":"EdDSA","typ":"at+jwt","kid":"kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"}"#)
    }

    @Test func claimsAreWrittenInFixedOrderWithOneAudienceAsAString() {
        let json = Fixtures.payloadJSON(Fixtures.claims())
        #expect(json == #"{"iss":"https://issuer.example","sub":"demo","client_id":"demo","aud":"api","scope":"read write","iat":1700000000,"exp":1700003600,"jti":"jti-1"}"#)
    }

    @Test func severalAudiencesAreWrittenAsAnArray() {
        let json = Fixtures.payloadJSON(Fixtures.claims(aud: ["a", "b"]))
        #expect(json.contains(#""aud":["a","b"],"#))
    }

    @Test func claimStringsAreJSONEscaped() throws {
        var claims = Fixtures.claims()
        claims.subject = "a\"b\\c\n\u{1}é"
        let json = Fixtures.payloadJSON(claims)
        #expect(json.contains(#""sub":"a\"b\\c\n\u0001é""#))
        #expect(try JSONValue.parse(Array(json.utf8))["sub"]?.stringValue == claims.subject)
    }

    @Test(arguments: [Int64(0), -1, 42, Int64.max, Int64.min])
    func integersAreWrittenInDecimal(value: Int64) {
        var out: [UInt8] = []
        JSONWriter.appendInteger(value, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == String(value))
    }

    @Test func builtTokenVerifiesWithTheKeyRing() throws {
        let key = try Fixtures.rfcEd25519Key()
        let ring = try KeyRing.make(keys: [LoadedKey(activation: 0, privateKey: key)], now: Fixtures.now, hs256Secret: nil, algorithm: .EdDSA)
        var scratch: [UInt8] = []
        var out: [UInt8] = Array("prefix ".utf8)
        try ring.signer.appendToken(claims: Fixtures.claims(aud: ["a", "b"]), into: &out, scratch: &scratch)
        #expect(out.starts(with: "prefix ".utf8))
        let token = Array(out.dropFirst(7))
        let verified = try ring.verify(token: token, now: Fixtures.now, expectedIssuer: Fixtures.issuer).get()
        #expect(verified.claims == Fixtures.claims(aud: ["a", "b"]))
        #expect(verified.keyID == key.keyID)
        #expect(verified.algorithm == .EdDSA)
        #expect(verified.type == "at+jwt")
    }

    @Test func scratchReuseProducesIdenticalTokens() throws {
        let signer = TokenSigner(try Fixtures.rfcEd25519Key())
        var scratch: [UInt8] = []
        var first: [UInt8] = []
        var second: [UInt8] = []
        try signer.appendToken(claims: Fixtures.claims(), into: &first, scratch: &scratch)
        try signer.appendToken(claims: Fixtures.claims(), into: &second, scratch: &scratch)
        #expect(first == second)  // Ed25519 is deterministic
    }

    @Test func hs256TokensCarryTheHS256HeaderAndVerify() throws {
        let ring = try KeyRing.make(keys: [], now: Fixtures.now, hs256Secret: Fixtures.hs256Key, algorithm: .HS256)
        var out: [UInt8] = []
        var scratch: [UInt8] = []
        try ring.signer.appendToken(claims: Fixtures.claims(), into: &out, scratch: &scratch)
        let verified = try ring.verify(token: out, now: Fixtures.now, expectedIssuer: nil).get()
        #expect(verified.algorithm == .HS256)
        #expect(verified.header.jsonText == #"{"alg":"HS256","typ":"at+jwt","kid":"\#(ring.signer.keyID.value)"}"#)
    }

    @Test func jtiHas128RandomBitsIn22Characters() {
        let ids = (0..<100).map { _ in JWT.newJTI() }
        #expect(ids.allSatisfy { $0.utf8.count == 22 && Base64URL.decode($0)?.count == 16 })
        #expect(Set(ids).count == ids.count)
    }

    /// Each thread hands out bytes from a buffer of its own, refilled every 32 jtis: no two
    /// threads, and no two refills, give the same bytes.
    @Test func jtisDrawnOnEightThreadsAtOnceAreAllDistinct() throws {
        let ids = try concurrently(8) { _ in (0..<500).map { _ in JWT.newJTI() } }.flatMap { $0 }
        #expect(ids.allSatisfy { Base64URL.decode($0)?.count == 16 })
        #expect(Set(ids).count == 4000)
    }
}
