import Foundation
import Testing
@testable import TesseraJOSE

/// JWKS shape per key type and RFC 7638 thumbprints (vectors from shared/vectors/JOSE.md, verbatim).
struct JWKSetTests {
    /// RFC 7638 §3.1, the RSA example JWK exactly as printed there.
    static let rfc7638Example = """
        {
          "kty": "RSA",
          "n": "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw",
          "e": "AQAB",
          "alg": "RS256",
          "kid": "2011-04-29"
        }
        """
    static let rfc7638Canonical = #"{"e":"AQAB","kty":"RSA","n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw"}"#
    static let rfc7638Digest: [UInt8] = [
        55, 54, 203, 177, 120, 124, 184, 48, 156, 119, 238, 140, 55, 5, 197, 225, 111, 251, 158, 133, 151, 21, 144, 31, 30,
        76, 89, 177, 17, 130, 245, 123,
    ]

    @Test func theRFC7638RSAExampleHasItsThumbprint() throws {
        let jwk = try JSONValue.parse(Array(Self.rfc7638Example.utf8))
        let n = try #require(jwk["n"]?.stringValue)
        let e = try #require(jwk["e"]?.stringValue)
        #expect(Thumbprint.rsa(e: e, n: n) == "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs")
        #expect(Thumbprint.digest(Array(Self.rfc7638Canonical.utf8)) == Base64URL.encode(Self.rfc7638Digest))
        let key = try RSAPublicKey(n: n, e: e)
        #expect(key.keyID.value == "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs")
        #expect(key.jwk.n == n && key.jwk.e == e)
    }

    @Test func theRFC8037Ed25519KeyHasItsThumbprint() throws {
        #expect(try Fixtures.rfcEd25519Key().keyID.value == Fixtures.edThumbprint)
        #expect(Thumbprint.okp(crv: "Ed25519", x: Fixtures.edX) == "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k")
    }

    @Test func anECThumbprintCoversCrvKtyXAndYInOrder() throws {
        let key = try P256PrivateKey.generate().publicKey
        let x = Base64URL.encode(key.x), y = Base64URL.encode(key.y)
        let canonical = #"{"crv":"P-256","kty":"EC","x":"\#(x)","y":"\#(y)"}"#
        #expect(key.keyID.value == Thumbprint.digest(Array(canonical.utf8)))
    }

    @Test(arguments: [JWSAlgorithm.EdDSA, .Ed25519])
    func theJWKSPublishesEveryKeyTypeWithItsMembers(algorithm: JWSAlgorithm) throws {
        let ed = try Fixtures.rfcEd25519Key(), p256 = try P256PrivateKey.generate(), rsa = try RSAPrivateKey.generate()
        let ring = try KeyRing.make(
            keys: [LoadedKey(activation: 1, privateKey: ed), LoadedKey(activation: 2, privateKey: p256), LoadedKey(activation: 3, privateKey: rsa)],
            now: Fixtures.now, hs256Secret: Fixtures.hs256Key, algorithm: algorithm)
        guard case let .array(keys)? = try JSONValue.parse(ring.jwksJSON)["keys"] else {
            Issue.record("no keys array")
            return
        }
        #expect(keys.count == 3)  // never the HS256 secret
        func names(_ key: JSONValue) -> [String] {
            guard case let .object(members) = key else { return [] }
            return members.map(\.0)
        }
        let rsaJWK = try #require(keys.first { $0["kty"] == .string("RSA") })
        #expect(names(rsaJWK) == ["kty", "n", "e", "kid", "alg", "use"])
        #expect(rsaJWK["alg"] == .string("RS256") && rsaJWK["use"] == .string("sig") && rsaJWK["kid"] == .string(rsa.keyID.value))
        let ecJWK = try #require(keys.first { $0["kty"] == .string("EC") })
        #expect(names(ecJWK) == ["kty", "crv", "x", "y", "kid", "alg", "use"])
        #expect(ecJWK["crv"] == .string("P-256") && ecJWK["alg"] == .string("ES256") && ecJWK["kid"] == .string(p256.keyID.value))
        let okpJWK = try #require(keys.first { $0["kty"] == .string("OKP") })
        #expect(names(okpJWK) == ["kty", "crv", "x", "kid", "alg", "use"])
        #expect(okpJWK["x"] == .string(Fixtures.edX) && okpJWK["alg"] == .string(algorithm.rawValue))
        #expect(okpJWK["kid"] == .string(Fixtures.edThumbprint))
    }

    @Test(arguments: KeyType.allCases)
    func keyFilesOfEveryTypeRoundTripThroughTheKeyDirectory(type: KeyType) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-jwks-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let generated = try KeyDirectory.generate(path: path, activation: 100, type: type)
        #expect(FileManager.default.fileExists(atPath: path + "/\(type.rawValue)-100.pem"))
        let loaded = try KeyDirectory.load(path: path, now: 100)
        #expect(loaded.map(\.keyID) == [generated.keyID])
        #expect(loaded.first?.keyType == type)
        // A key of another type under this type's name is refused, naming the file.
        let other = KeyType.allCases.first { $0 != type }!
        try other.generate().pemRepresentation().withUnsafeBytes {
            try Data($0).write(to: URL(fileURLWithPath: path + "/\(type.rawValue)-200.pem"))
        }
        #expect(throws: JOSEError.self) { try KeyDirectory.load(path: path, now: 100) }
    }

    @Test func ensureOneGeneratesAKeyOfTheConfiguredTypeWhenTheNewestIsOfAnother() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-switch-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let first = try KeyDirectory.ensureOne(path: path, now: 100, type: .ed25519)
        #expect(first.map(\.keyType) == [.ed25519])
        #expect(try KeyDirectory.ensureOne(path: path, now: 150, type: .ed25519).count == 1)
        let switched = try KeyDirectory.ensureOne(path: path, now: 200, type: .es256)
        #expect(switched.map(\.keyType) == [.es256, .ed25519])
        #expect(switched.first?.activation == 200)
        // Back to Ed25519: the old Ed25519 key is older than the ES256 one, so a new one signs.
        let back = try KeyDirectory.ensureOne(path: path, now: 300, type: .ed25519)
        #expect(back.map(\.keyType) == [.ed25519, .es256, .ed25519])
    }
}
