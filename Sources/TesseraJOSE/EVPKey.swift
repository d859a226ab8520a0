import COpenSSL

/// An OpenSSL `EVP_PKEY` (private or public) with a pool of digest contexts, shared by the
/// ECDSA and RSA keys: one-shot `EVP_DigestSign` / `EVP_DigestVerify` over SHA-256, optionally
/// with RSA-PSS padding. Safe to use from many threads at once.
final class EVPKey: @unchecked Sendable {
    // @unchecked: the EVP_PKEY is only read after init; each context is owned by one thread at a
    // time (ContextPool).
    let pkey: OpaquePointer
    private let pool: ContextPool

    /// Takes ownership of `pkey`.
    init(taking pkey: OpaquePointer) {
        self.pkey = pkey
        self.pool = ContextPool(make: { EVP_MD_CTX_new() }, destroy: { EVP_MD_CTX_free($0) })
    }

    deinit {
        EVP_PKEY_free(pkey)
    }

    /// Padding for RSA keys; ignored for EC keys.
    enum Padding {
        case none
        case pss
    }

    /// Signs `input` with SHA-256; the signature (DER for ECDSA) is appended to `out`.
    func sign(_ input: UnsafeRawBufferPointer, maximumLength: Int, appendingTo out: inout [UInt8]) throws(JOSEError) {
        let written: Int? = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maximumLength) { buffer in
            pool.withContext { ctx in
                var length = maximumLength
                let ok = EVP_DigestSignInit(ctx, nil, EVP_sha256(), nil, pkey) == 1
                    && EVP_DigestSign(ctx, buffer.baseAddress, &length,
                                      input.baseAddress?.assumingMemoryBound(to: UInt8.self), input.count) == 1
                if ok { out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[0..<length])) }
                return (ok ? length : nil, ok)
            } ?? nil
        }
        guard written != nil else { throw OpenSSLError.error("EVP_DigestSign") }
    }

    /// True when `signature` verifies for `input` under SHA-256 (and `padding`).
    func verify(_ signature: UnsafeRawBufferPointer, _ input: UnsafeRawBufferPointer, padding: Padding = .none) -> Bool {
        let valid = pool.withContext { ctx in
            var pctx: OpaquePointer?
            guard EVP_DigestVerifyInit(ctx, &pctx, EVP_sha256(), nil, pkey) == 1 else { return (false, false) }
            if case .pss = padding {
                guard let pctx, EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1,
                    EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) == 1
                else { return (false, false) }
            }
            let rc = EVP_DigestVerify(
                ctx, signature.baseAddress?.assumingMemoryBound(to: UInt8.self), signature.count,
                input.baseAddress?.assumingMemoryBound(to: UInt8.self), input.count)
            return (rc == 1, rc >= 0)
        } ?? false
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
