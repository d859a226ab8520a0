import Foundation
import Testing
@testable import TesseraJOSE
import TesseraTesting

/// ES256, RS256, EdDSA, Ed25519 and HS256 through one ring: round trips, tampering, the alg/key
/// binding, raw ECDSA signatures (DER refused), key sizes and curve points.
struct SigningAlgorithmTests {
    static let ed = try! Fixtures.rfcEd25519Key()
    static let p256 = try! P256PrivateKey.generate()
    static let rsa = try! RSAPrivateKey.generate()
    static let keys = [
        LoadedKey(activation: 10, privateKey: ed), LoadedKey(activation: 20, privateKey: p256),
        LoadedKey(activation: 30, privateKey: rsa),
    ]

    static func ring(_ algorithm: JWSAlgorithm) throws -> KeyRing {
        try KeyRing.make(keys: keys, now: Fixtures.now, hs256Secret: Fixtures.hs256Key, algorithm: algorithm)
    }

    static func token(_ ring: KeyRing) throws -> [UInt8] {
        var out: [UInt8] = []
        var scratch: [UInt8] = []
        try ring.signer.appendToken(claims: Fixtures.claims(), into: &out, scratch: &scratch)
        return out
    }

    static func header(_ token: [UInt8]) throws -> JSONValue {
        let parts = try TokenParts(token)
        return try JSONValue.parse(Base64URL.decode(String(decoding: token[parts.header], as: UTF8.self))!)
    }

    @Test(arguments: [JWSAlgorithm.EdDSA, .Ed25519, .ES256, .RS256, .HS256])
    func tokensOfEveryAlgorithmVerifyInEveryRing(algorithm: JWSAlgorithm) throws {
        let token = try Self.token(try Self.ring(algorithm))
        #expect(try Self.header(token)["alg"] == .string(algorithm.rawValue))
        // Whatever signs now, a ring of the same keys verifies it (the switch keeps old tokens alive).
        for other in [JWSAlgorithm.EdDSA, .ES256, .RS256, .HS256] {
            let verified = try Self.ring(other).verify(token: token, now: Fixtures.now, expectedIssuer: Fixtures.issuer)
            #expect((try? verified.get())?.algorithm == algorithm, "\(algorithm) token in a \(other) ring: \(verified)")
        }
    }

    @Test(arguments: [JWSAlgorithm.EdDSA, .Ed25519, .ES256, .RS256, .HS256])
    func aTamperedSignatureOrPayloadFails(algorithm: JWSAlgorithm) throws {
        let ring = try Self.ring(algorithm)
        let token = try Self.token(ring)
        let parts = try TokenParts(token)
        var signature = Base64URL.decode(String(decoding: token[parts.signature], as: UTF8.self))!
        signature[signature.count / 2] ^= 0x01
        let tampered = Array(token[..<parts.signature.lowerBound]) + Array(Base64URL.encode(signature).utf8)
        #expect(ring.verify(token: tampered, now: Fixtures.now, expectedIssuer: nil) == .failure(.badSignature))
        var payload = token
        payload[parts.payload.lowerBound + 3] = payload[parts.payload.lowerBound + 3] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        #expect(ring.verify(token: payload, now: Fixtures.now, expectedIssuer: nil) == .failure(.badSignature))
    }

    @Test func theConfiguredAlgorithmPicksTheNewestActiveKeyOfItsType() throws {
        #expect(try Self.ring(.ES256).signer.keyID == Self.p256.keyID)
        #expect(try Self.ring(.RS256).signer.keyID == Self.rsa.keyID)
        #expect(try Self.ring(.Ed25519).signer.keyID == Self.ed.keyID)
        #expect(throws: JOSEError.noActiveKey) {
            try KeyRing.make(keys: Array(Self.keys.prefix(2)), now: Fixtures.now, hs256Secret: nil, algorithm: .RS256)
        }
    }

    /// Algorithm confusion: each key verifies only under its own algorithm(s).
    @Test(arguments: [
        ("HS256", "rsa"), ("HS256", "p256"), ("HS256", "ed"), ("RS256", "p256"), ("ES256", "rsa"), ("EdDSA", "p256"),
        ("PS256", "rsa"), ("ES256", "ed"), ("none", "rsa"),
    ])
    func aHeaderAlgOtherThanTheKeysIsRefused(alg: String, key: String) throws {
        let verifier: any PublicKey = switch key {
        case "rsa": Self.rsa.publicKey
        case "p256": Self.p256.publicKey
        default: Self.ed.publicKey
        }
        let header = #"{"alg":"\#(alg)","typ":"at+jwt","kid":"\#(verifier.keyID.value)"}"#
        // The HMAC "signature" keyed with the public key's published bytes (the classic attack).
        var jwkJSON: [UInt8] = []
        verifier.jwk.appendJSON(to: &jwkJSON)
        let token = try Fixtures.craft(header: header, payload: Fixtures.payloadJSON(Fixtures.claims())) {
            try Fixtures.signature(HS256Key(secret: jwkJSON), $0)
        }
        guard case .failure(.algorithmMismatch) = try Self.ring(.ES256).verify(token: token, now: Fixtures.now, expectedIssuer: nil) else {
            Issue.record("\(alg) with the \(key) key was not refused as an algorithm mismatch")
            return
        }
    }

    @Test func es256SignaturesAreRawRAndSNotDER() throws {
        let input = Array("header.payload".utf8)
        var raw: [UInt8] = []
        try input.withUnsafeBytes { try Self.p256.sign($0, appendingTo: &raw) }
        #expect(raw.count == 64)
        let verifier = Self.p256.publicKey
        #expect(raw.withUnsafeBytes { r in input.withUnsafeBytes { verifier.verify(signature: r, signingInput: $0) } })
        // The DER form of the same signature (ECDSA-Sig-Value) is refused: JWS carries r || s only.
        let body = DER.unsignedInteger(Array(raw[0..<32])) + DER.unsignedInteger(Array(raw[32..<64]))
        let der = [0x30] + DER.length(body.count) + body
        #expect(der.count != 64)
        #expect(!der.withUnsafeBytes { d in input.withUnsafeBytes { verifier.verify(signature: d, signingInput: $0) } })
    }

    @Test func aP256PointNotOnTheCurveIsRefused() throws {
        let good = Self.p256.publicKey
        var y = good.y
        y[31] ^= 0x01
        #expect(throws: JOSEError.self) { try P256PublicKey(x: good.x, y: y) }
        #expect(try P256PublicKey(x: good.x, y: good.y).keyID == good.keyID)
    }

    /// r and s are checked against the group order by the verification itself (they reach it as
    /// numbers, not DER): zero, the order and all ones are refused, and one key verifies on many
    /// threads at once.
    @Test func es256RAndSOutOfRangeAreRefusedAndOneKeyVerifiesConcurrently() throws {
        let input = Array("header.payload".utf8)
        var raw: [UInt8] = []
        try input.withUnsafeBytes { try Self.p256.sign($0, appendingTo: &raw) }
        let order: [UInt8] = [
            0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
            0xBC, 0xE6, 0xFA, 0xAD, 0xA7, 0x17, 0x9E, 0x84, 0xF3, 0xB9, 0xCA, 0xC2, 0xFC, 0x63, 0x25, 0x51,
        ]
        let zero = [UInt8](repeating: 0, count: 32)
        let ones = [UInt8](repeating: 0xFF, count: 32)
        let r = Array(raw[0..<32])
        let s = Array(raw[32..<64])
        let key = try P256PublicKey(x: Self.p256.publicKey.x, y: Self.p256.publicKey.y)
        for bad in [zero + s, r + zero, order + s, r + order, ones + s, r + ones] {
            #expect(!bad.withUnsafeBytes { b in input.withUnsafeBytes { key.verify(signature: b, signingInput: $0) } })
        }
        let verified = try concurrently(8) { _ in
            (0..<10).allSatisfy { _ in raw.withUnsafeBytes { b in input.withUnsafeBytes { key.verify(signature: b, signingInput: $0) } } }
        }
        #expect(verified.allSatisfy { $0 })
    }

    @Test func rsaKeysUnder2048BitsAreRefused() throws {
        #expect(throws: JOSEError.self) { try RSAPrivateKey.generate(bits: 1024) }
        let small = [UInt8](repeating: 0xC3, count: 128)  // a 1024-bit modulus
        #expect(throws: JOSEError.self) { try RSAPublicKey(n: small, e: [1, 0, 1]) }
    }

    @Test func rs256SignaturesAreTheModulusSize() throws {
        var signature: [UInt8] = []
        try Array("x.y".utf8).withUnsafeBytes { try Self.rsa.sign($0, appendingTo: &signature) }
        #expect(signature.count == 256)
    }
}
