import COpenSSL

/// An OpenSSL `EVP_PKEY` (private or public) with pools of prepared key contexts: the RSA keys sign
/// and verify through it, the P-256 private key holds its key and PEM in it (it signs through
/// `tessera_p256_sign`). The SHA-256 digest is computed first, then `EVP_PKEY_sign` /
/// `EVP_PKEY_verify` run on an `EVP_PKEY_CTX` initialised once (algorithm fetched, padding and
/// digest set): OpenSSL 3 lets such a context sign or verify again and again, so the per-call cost
/// is the digest and the signature operation, not a provider fetch. Safe to use from many threads.
final class EVPKey: @unchecked Sendable {
    // @unchecked: the EVP_PKEY is only read after init; each context is owned by one thread at a
    // time (ContextPool).
    let pkey: OpaquePointer
    private let signing: ContextPool
    private let verifying: ContextPool
    private let verifyingPSS: ContextPool

    /// Takes ownership of `pkey`.
    init(taking pkey: OpaquePointer) {
        self.pkey = pkey
        let isRSA = EVP_PKEY_get_base_id(pkey) == EVP_PKEY_RSA
        func pool(_ prepare: @escaping (OpaquePointer) -> Bool) -> ContextPool {
            ContextPool(
                make: {
                    guard let ctx = EVP_PKEY_CTX_new_from_pkey(nil, pkey, nil) else { return nil }
                    guard prepare(ctx) else {
                        EVP_PKEY_CTX_free(ctx)
                        OpenSSLError.clear()
                        return nil
                    }
                    return ctx
                },
                destroy: { EVP_PKEY_CTX_free($0) })
        }
        signing = pool { ctx in
            EVP_PKEY_sign_init(ctx) == 1 && (!isRSA || EVP_PKEY_CTX_set_signature_md(ctx, EVP_sha256()) == 1)
        }
        verifying = pool { ctx in
            EVP_PKEY_verify_init(ctx) == 1 && (!isRSA || EVP_PKEY_CTX_set_signature_md(ctx, EVP_sha256()) == 1)
        }
        verifyingPSS = pool { ctx in
            EVP_PKEY_verify_init(ctx) == 1 && EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PSS_PADDING) == 1
                && EVP_PKEY_CTX_set_signature_md(ctx, EVP_sha256()) == 1 && EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, EVP_sha256()) == 1
                && EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx, RSA_PSS_SALTLEN_DIGEST) == 1
        }
    }

    deinit {
        EVP_PKEY_free(pkey)
    }

    /// Padding for RSA keys; ignored for EC keys.
    enum Padding {
        case none
        case pss
    }

    /// SHA-256 of `input` into a 32-byte stack value (a pooled context: OpenSSL 3's one-shot
    /// `SHA256()` fetches the algorithm on every call).
    private static func digest(_ input: UnsafeRawBufferPointer) -> Digest32 {
        TokenDigest.of(input)
    }

    /// Signs `input` with SHA-256; the signature (DER for ECDSA) is appended to `out`.
    func sign(_ input: UnsafeRawBufferPointer, maximumLength: Int, appendingTo out: inout [UInt8]) throws(JOSEError) {
        var digest = Self.digest(input)
        let written: Int? = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maximumLength) { buffer in
            withUnsafeBytes(of: &digest) { hash in
                signing.withContext { ctx in
                    var length = maximumLength
                    let ok = EVP_PKEY_sign(ctx, buffer.baseAddress, &length, hash.baseAddress?.assumingMemoryBound(to: UInt8.self), 32) == 1
                    if ok { out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[0..<length])) }
                    return (ok ? length : nil, ok)
                } ?? nil
            }
        }
        guard written != nil else { throw OpenSSLError.error("EVP_PKEY_sign") }
    }

    /// True when `signature` verifies for `input` under SHA-256 (and `padding`).
    func verify(_ signature: UnsafeRawBufferPointer, _ input: UnsafeRawBufferPointer, padding: Padding = .none) -> Bool {
        var digest = Self.digest(input)
        let pool = padding == .pss ? verifyingPSS : verifying
        let valid = withUnsafeBytes(of: &digest) { hash in
            pool.withContext { ctx in
                let rc = EVP_PKEY_verify(
                    ctx, signature.baseAddress?.assumingMemoryBound(to: UInt8.self), signature.count,
                    hash.baseAddress?.assumingMemoryBound(to: UInt8.self), 32)
                return (rc == 1, rc >= 0)
            } ?? false
        }
        if !valid { OpenSSLError.clear() }
        return valid
    }

    /// A new key from an `EVP_PKEY_CTX` prepared by `configure` (curve, modulus size).
    static func generate(algorithm: String, configure: (OpaquePointer) -> Int32) throws(JOSEError) -> OpaquePointer {
        guard let ctx = EVP_PKEY_CTX_new_from_name(nil, algorithm, nil) else { throw OpenSSLError.error("EVP_PKEY_CTX_new_from_name") }
        defer { EVP_PKEY_CTX_free(ctx) }
        var pkey: OpaquePointer?
        guard EVP_PKEY_keygen_init(ctx) == 1, configure(ctx) == 1, EVP_PKEY_keygen(ctx, &pkey) == 1, let pkey else {
            throw OpenSSLError.error("EVP_PKEY_keygen(\(algorithm))")
        }
        return pkey
    }

    /// The private key in a PKCS#8 PEM document (`-----BEGIN PRIVATE KEY-----`), unencrypted.
    static func readPEM(_ pem: [UInt8]) throws(JOSEError) -> OpaquePointer {
        guard pem.count <= Int(Int32.max) else { throw .invalidKey("PEM document too large") }
        let pkey: OpaquePointer? = pem.withUnsafeBytes { bytes in
            guard let bio = BIO_new_mem_buf(bytes.baseAddress, Int32(bytes.count)) else { return nil }
            defer { BIO_free(bio) }
            // A callback that returns 0 makes encrypted keys fail instead of prompting.
            return PEM_read_bio_PrivateKey(bio, nil, { _, _, _, _ in 0 }, nil)
        }
        guard let pkey else { throw OpenSSLError.error("PEM_read_bio_PrivateKey") }
        return pkey
    }

    /// `pkey` as an unencrypted PKCS#8 PEM document.
    static func writePEM(_ pkey: OpaquePointer) throws(JOSEError) -> [UInt8] {
        guard let bio = BIO_new(BIO_s_mem()) else { throw OpenSSLError.error("BIO_new") }
        defer { BIO_free(bio) }
        guard PEM_write_bio_PKCS8PrivateKey(bio, pkey, nil, nil, 0, nil, nil) == 1 else {
            throw OpenSSLError.error("PEM_write_bio_PKCS8PrivateKey")
        }
        var data: UnsafeMutablePointer<CChar>?
        let length = tessera_BIO_get_mem_data(bio, &data)
        guard length > 0, let data else { throw OpenSSLError.error("BIO_get_mem_data") }
        return Array(UnsafeRawBufferPointer(start: data, count: length))
    }

    /// A public key from DER: SubjectPublicKeyInfo (`d2i_PUBKEY`) or, with `rsa`, PKCS#1.
    static func publicKey(der: [UInt8], pkcs1RSA: Bool = false) -> OpaquePointer? {
        der.withUnsafeBufferPointer { buffer in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            let key = pkcs1RSA
                ? d2i_PublicKey(EVP_PKEY_RSA, nil, &cursor, buffer.count)
                : d2i_PUBKEY(nil, &cursor, buffer.count)
            // Trailing bytes mean the encoding was not the key alone.
            if let key, cursor != buffer.baseAddress.map({ $0 + buffer.count }) {
                EVP_PKEY_free(key)
                return nil
            }
            return key
        }
    }

    /// The big-endian bytes of a BIGNUM parameter (`n`, `e`) of `pkey`.
    static func bignum(_ pkey: OpaquePointer, _ name: String) -> [UInt8]? {
        var bn: OpaquePointer?
        guard EVP_PKEY_get_bn_param(pkey, name, &bn) == 1, let bn else { return nil }
        defer { BN_free(bn) }
        var bytes = [UInt8](repeating: 0, count: Int((BN_num_bits(bn) + 7) / 8))
        _ = BN_bn2bin(bn, &bytes)
        return bytes
    }
}
