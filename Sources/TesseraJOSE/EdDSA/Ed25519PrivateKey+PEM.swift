import COpenSSL

extension Ed25519PrivateKey {
    /// From a PKCS#8 PEM document (`-----BEGIN PRIVATE KEY-----`), unencrypted.
    package convenience init(pem: [UInt8]) throws(JOSEError) {
        guard pem.count <= Int(Int32.max) else { throw .invalidKey("PEM document too large") }
        let pkey: OpaquePointer? = pem.withUnsafeBytes { bytes in
            guard let bio = BIO_new_mem_buf(bytes.baseAddress, Int32(bytes.count)) else { return nil }
            defer { BIO_free(bio) }
            // A nil password callback with a nil user pointer would prompt on a terminal for an
            // encrypted key; a callback that returns 0 makes encrypted keys fail instead.
            return PEM_read_bio_PrivateKey(bio, nil, { _, _, _, _ in 0 }, nil)
        }
        guard let pkey else { throw OpenSSLError.error("PEM_read_bio_PrivateKey") }
        try self.init(taking: pkey)
    }

    /// The key as an unencrypted PKCS#8 PEM document.
    package func pemRepresentation() throws(JOSEError) -> [UInt8] {
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

    /// The 32-byte seed. Handle with care: this is the secret key.
    package func seed() throws(JOSEError) -> [UInt8] {
        var raw = [UInt8](repeating: 0, count: 32)
        var length = 32
        guard EVP_PKEY_get_raw_private_key(pkey, &raw, &length) == 1, length == 32 else {
            throw OpenSSLError.error("EVP_PKEY_get_raw_private_key")
        }
        return raw
    }
}
