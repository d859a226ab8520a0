/// `keys.encryption_key` as a list: the first seals, every one opens (by the identifier a sealed
/// key carries), so the encryption key rotates by putting the new one first and re-sealing.
package struct KeyEncryptionKeys: Sendable {
    package let keys: [KeyEncryptionKey]

    /// - Throws: `secretTooShort` for a secret under 32 bytes.
    package init(secrets: [[UInt8]]) throws(JOSEError) {
        var keys: [KeyEncryptionKey] = []
        for secret in secrets { keys.append(try KeyEncryptionKey(secret: secret)) }
        self.keys = keys
    }

    /// The key new keys are sealed with.
    package var current: KeyEncryptionKey? { keys.first }

    /// Why a sealed key did not open.
    package enum OpenFailure: Error, Sendable, Equatable {
        /// No configured encryption key has the identifier it was sealed under.
        case unknownKey(String)
        /// The key with that identifier did not open it: the ciphertext, nonce or kid was changed.
        case rejected(String)
    }

    package func open(_ sealed: SealedBytes, associated: [UInt8]) -> Result<[UInt8], OpenFailure> {
        guard let key = keys.first(where: { $0.id == sealed.keyID }) else { return .failure(.unknownKey(sealed.keyID)) }
        guard let plaintext = key.open(sealed, associated: associated) else { return .failure(.rejected(sealed.keyID)) }
        return .success(plaintext)
    }
}
