import COpenSSL

extension Ed25519PrivateKey {
    /// From a PKCS#8 PEM document (`-----BEGIN PRIVATE KEY-----`), unencrypted; an encrypted one
    /// fails instead of prompting (`EVPKey.readPEM`, as for the P-256 and RSA keys).
    package convenience init(pem: [UInt8]) throws(JOSEError) {
        try self.init(taking: try EVPKey.readPEM(pem))
    }

    /// The key as an unencrypted PKCS#8 PEM document.
    package func pemRepresentation() throws(JOSEError) -> [UInt8] {
        try EVPKey.writePEM(pkey)
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
