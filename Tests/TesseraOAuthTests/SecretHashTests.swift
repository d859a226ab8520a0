import Testing

@testable import TesseraOAuth

@Suite struct SecretHashTests {
    @Test func fastHashRoundTripsThroughItsPHCString() throws {
        let hash = SecretHash.makeFast(secret: Array("s3cret".utf8))
        #expect(hash.phcString.hasPrefix("$hmac-sha256$"))
        #expect(!hash.isSlow)
        let parsed = try SecretHash.parse(hash.phcString)
        #expect(parsed == hash)
        #expect(parsed.verify(Array("s3cret".utf8)))
        #expect(!parsed.verify(Array("s3creT".utf8)))
        #expect(!parsed.verify([]))
    }

    @Test func pbkdf2HashRoundTripsAndNamesItsIterations() throws {
        let hash = SecretHash.makePBKDF2(secret: Array("hunter2".utf8), iterations: 1000)
        #expect(hash.phcString.hasPrefix("$pbkdf2-sha256$i=1000$"))
        #expect(hash.isSlow)
        let parsed = try SecretHash.parse(hash.phcString)
        #expect(parsed.algorithm == .pbkdf2SHA256(iterations: 1000))
        #expect(parsed.verify(Array("hunter2".utf8)))
        #expect(!parsed.verify(Array("hunter3".utf8)))
    }

    @Test func newPBKDF2HashesUseAtLeast600000Iterations() {
        #expect(SecretHash.defaultPBKDF2Iterations >= 600_000)
    }

    @Test func pbkdf2MatchesAKnownVector() throws {
        // PBKDF2-HMAC-SHA256("password", "salt", 1, 32), RFC 7914 §11 / widely published.
        let expected: [UInt8] = [
            0x12, 0x0f, 0xb6, 0xcf, 0xfc, 0xf8, 0xb3, 0x2c, 0x43, 0xe7, 0x22, 0x52, 0x56, 0xc4, 0xf8, 0x37,
            0xa8, 0x65, 0x48, 0xc9, 0x2c, 0xcc, 0x35, 0x48, 0x08, 0x05, 0x98, 0x7c, 0xb7, 0x0b, 0xe1, 0x7b,
        ]
        let hash = SecretHash(algorithm: .pbkdf2SHA256(iterations: 1), salt: Array("salt".utf8), digest: expected)
        #expect(hash.verify(Array("password".utf8)))
    }

    @Test func generatedSecretsHave256BitsAndAreURLSafe() {
        let (secret, hash) = Secret.generateWithHash()
        #expect(secret.count == 43)
        #expect(secret.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        #expect(hash.verify(Array(secret.utf8)))
        #expect(Secret.generate() != Secret.generate())
    }

    @Test(arguments: ["$argon2id$v=19$m=65536$c2FsdA$aGFzaA", "$bcrypt$x$y", "$md5$a$b"])
    func unknownAlgorithmsAreRejected(phc: String) {
        do throws(SecretHashError) {
            _ = try SecretHash.parse(phc)
            Issue.record("accepted \(phc)")
        } catch {
            guard case .unknownAlgorithm = error else {
                Issue.record("expected unknownAlgorithm, got \(error)")
                return
            }
        }
    }

    @Test(arguments: [
        "", "plaintext", "$hmac-sha256$", "$hmac-sha256$c2FsdHNhbHRzYWx0$", "$hmac-sha256$!!$!!",
        "$pbkdf2-sha256$c2FsdHNhbHRzYWx0$AAAA", "$pbkdf2-sha256$i=0$c2FsdHNhbHRzYWx0$" + String(repeating: "A", count: 43),
        "$pbkdf2-sha256$i=x$c2FsdHNhbHRzYWx0$" + String(repeating: "A", count: 43),
        "$hmac-sha256$c2FsdHNhbHRzYWx0$AAAA",
    ])
    func malformedHashStringsAreRejected(phc: String) {
        #expect(throws: SecretHashError.self) { try SecretHash.parse(phc) }
    }
}
