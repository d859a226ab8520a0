import Testing
@testable import TesseraJOSE

/// AES-256-GCM sealing of private keys at rest.
@Suite struct KeyEncryptionTests {
    let first = try! KeyEncryptionKey(secret: Array("the first encryption key, 32+ bytes long".utf8))
    let second = try! KeyEncryptionKey(secret: Array("the second encryption key, also 32+ bytes".utf8))
    let plaintext = Array("-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEI...\n-----END PRIVATE KEY-----\n".utf8)
    let kid = Array("kid-1".utf8)

    @Test func sealedBytesOpenUnderTheSameKeyAndKid() throws {
        let sealed = try first.seal(plaintext, associated: kid)
        #expect(sealed.keyID == first.id)
        #expect(sealed.nonce.count == 12)
        #expect(sealed.ciphertext.count == plaintext.count + 16)
        #expect(sealed.ciphertext.prefix(plaintext.count) != plaintext[...])
        #expect(first.open(sealed, associated: kid) == plaintext)
        // A fresh nonce each time: the same key sealed twice gives different bytes.
        let again = try first.seal(plaintext, associated: kid)
        #expect(again.nonce != sealed.nonce && again.ciphertext != sealed.ciphertext)
    }

    @Test func theWrongKeyAKidMismatchOrAnyChangedByteDoesNotOpen() throws {
        let sealed = try first.seal(plaintext, associated: kid)
        #expect(first.id != second.id)
        #expect(second.open(SealedBytes(keyID: second.id, nonce: sealed.nonce, ciphertext: sealed.ciphertext), associated: kid) == nil)
        #expect(first.open(sealed, associated: Array("kid-2".utf8)) == nil, "moved to another kid")
        for index in [0, plaintext.count / 2, sealed.ciphertext.count - 1] {  // body and tag
            var tampered = sealed.ciphertext
            tampered[index] ^= 0x01
            #expect(first.open(SealedBytes(keyID: sealed.keyID, nonce: sealed.nonce, ciphertext: tampered), associated: kid) == nil)
        }
        var nonce = sealed.nonce
        nonce[0] ^= 0x80
        #expect(first.open(SealedBytes(keyID: sealed.keyID, nonce: nonce, ciphertext: sealed.ciphertext), associated: kid) == nil)
        #expect(first.open(SealedBytes(keyID: sealed.keyID, nonce: sealed.nonce, ciphertext: Array(sealed.ciphertext.prefix(15))),
                           associated: kid) == nil)
    }

    @Test func aListSealsWithTheFirstAndOpensWithAnyByIdentifier() throws {
        let old = try KeyEncryptionKeys(secrets: [Array("the second encryption key, also 32+ bytes".utf8)])
        let sealedUnderOld = try #require(old.current).seal(plaintext, associated: kid)
        let rotated = try KeyEncryptionKeys(secrets: [Array("the first encryption key, 32+ bytes long".utf8),
                                                      Array("the second encryption key, also 32+ bytes".utf8)])
        #expect(rotated.current?.id == first.id)
        #expect(try rotated.open(sealedUnderOld, associated: kid).get() == plaintext)
        let onlyNew = try KeyEncryptionKeys(secrets: [Array("the first encryption key, 32+ bytes long".utf8)])
        #expect(onlyNew.open(sealedUnderOld, associated: kid) == .failure(.unknownKey(second.id)))
        var tampered = sealedUnderOld.ciphertext
        tampered[3] ^= 0xFF
        #expect(rotated.open(SealedBytes(keyID: second.id, nonce: sealedUnderOld.nonce, ciphertext: tampered), associated: kid)
                == .failure(.rejected(second.id)))
    }

    @Test func theIdentifierRevealsNothingAndShortSecretsAreRefused() throws {
        let secret = "the first encryption key, 32+ bytes long"
        #expect(!first.id.isEmpty && !secret.contains(first.id))
        #expect(first.id == (try KeyEncryptionKey(secret: Array(secret.utf8))).id, "stable for a secret")
        #expect(throws: JOSEError.secretTooShort(minimum: 32, actual: 31)) {
            try KeyEncryptionKey(secret: Array(repeating: 0x61, count: 31))
        }
    }
}
