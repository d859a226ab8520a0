import COpenSSL

/// A private key encrypted at rest: AES-256-GCM under the encryption key named by `keyID`, with
/// a random 96-bit nonce and the 128-bit tag appended to the ciphertext.
package struct SealedBytes: Sendable, Equatable {
    /// `KeyEncryptionKey.id` of the key that sealed it.
    package let keyID: String
    package let nonce: [UInt8]
    package let ciphertext: [UInt8]

    package init(keyID: String, nonce: [UInt8], ciphertext: [UInt8]) {
        self.keyID = keyID
        self.nonce = nonce
        self.ciphertext = ciphertext
    }
}

/// One encryption key of `keys.encryption_key`: the configured text is never used as the AES key
/// itself; two HMAC-SHA256 derivations give the 256-bit AES key and a public identifier, so a
/// stored key names which encryption key sealed it without revealing anything of it.
package struct KeyEncryptionKey: Sendable {
    package static let minimumSecretLength = 32
    static let nonceLength = 12
    static let tagLength = 16

    /// base64url of 9 bytes of HMAC-SHA256(secret, "tessera-key-encryption-id").
    package let id: String
    private let key: [UInt8]

    package init(secret: [UInt8]) throws(JOSEError) {
        guard secret.count >= Self.minimumSecretLength else {
            throw .secretTooShort(minimum: Self.minimumSecretLength, actual: secret.count)
        }
        let derive = PreparedHMAC(key: secret)
        key = derive.authenticate(Array("tessera-key-encryption".utf8))
        id = Base64URL.encode(derive.authenticate(Array("tessera-key-encryption-id".utf8)).prefix(9))
    }

    /// Encrypts `plaintext` bound to `associated` (the key's `kid`: a row's ciphertext moved to
    /// another kid does not open).
    package func seal(_ plaintext: [UInt8], associated: [UInt8]) throws(JOSEError) -> SealedBytes {
        let nonce = OpenSSLCrypto.randomBytes(Self.nonceLength)
        guard let sealed = crypt(encrypt: true, nonce: nonce, input: plaintext, associated: associated, tag: nil) else {
            throw OpenSSLError.error("AES-256-GCM encrypt")
        }
        return SealedBytes(keyID: id, nonce: nonce, ciphertext: sealed)
    }

    /// Decrypts what `seal` made; nil when this is not the key, or the bytes were changed.
    package func open(_ sealed: SealedBytes, associated: [UInt8]) -> [UInt8]? {
        guard sealed.nonce.count == Self.nonceLength, sealed.ciphertext.count >= Self.tagLength else { return nil }
        let body = Array(sealed.ciphertext.dropLast(Self.tagLength))
        let tag = Array(sealed.ciphertext.suffix(Self.tagLength))
        let opened = crypt(encrypt: false, nonce: sealed.nonce, input: body, associated: associated, tag: tag)
        if opened == nil { OpenSSLError.clear() }
        return opened
    }

    /// One AES-256-GCM pass: encrypting returns ciphertext + tag; decrypting checks `tag` and
    /// returns the plaintext, nil on any failure.
    private func crypt(encrypt: Bool, nonce: [UInt8], input: [UInt8], associated: [UInt8], tag: [UInt8]?) -> [UInt8]? {
        guard let ctx = EVP_CIPHER_CTX_new() else { return nil }
        defer { EVP_CIPHER_CTX_free(ctx) }
        let initialized = key.withUnsafeBufferPointer { k in
            nonce.withUnsafeBufferPointer { n in
                EVP_CipherInit_ex(ctx, EVP_aes_256_gcm(), nil, k.baseAddress, n.baseAddress, encrypt ? 1 : 0)
            }
        }
        guard initialized == 1 else { return nil }
        var length: Int32 = 0
        let aadOK = associated.withUnsafeBufferPointer { EVP_CipherUpdate(ctx, nil, &length, $0.baseAddress, Int32($0.count)) }
        guard aadOK == 1 else { return nil }
        var output = [UInt8](repeating: 0, count: input.count + Self.tagLength)
        var written: Int32 = 0
        let updated = output.withUnsafeMutableBufferPointer { out in
            input.withUnsafeBufferPointer { EVP_CipherUpdate(ctx, out.baseAddress, &written, $0.baseAddress, Int32($0.count)) }
        }
        guard updated == 1 else { return nil }
        if var tag {
            let set = tag.withUnsafeMutableBytes { EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, Int32(Self.tagLength), $0.baseAddress) }
            guard set == 1 else { return nil }
        }
        var final: Int32 = 0
        let finished = output.withUnsafeMutableBufferPointer { EVP_CipherFinal_ex(ctx, $0.baseAddress! + Int(written), &final) }
        guard finished == 1 else { return nil }
        let produced = Int(written + final)
        guard encrypt else { return Array(output.prefix(produced)) }
        let got = output.withUnsafeMutableBufferPointer {
            EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, Int32(Self.tagLength), $0.baseAddress! + produced)
        }
        guard got == 1 else { return nil }
        return Array(output.prefix(produced + Self.tagLength))
    }
}
