import COpenSSL

/// A certificate file as `tessera client add --self-signed-cert` reads it: PEM (the first
/// certificate) or DER.
package enum CertificateFile {
    /// The DER of the first certificate in `bytes`, or nil when there is none.
    package static func der(_ bytes: [UInt8]) -> [UInt8]? {
        defer { ERR_clear_error() }
        let certificate: OpaquePointer? = bytes.withUnsafeBufferPointer { buffer in
            if let bio = BIO_new_mem_buf(buffer.baseAddress, Int32(buffer.count)) {
                defer { BIO_free(bio) }
                if let pem = PEM_read_bio_X509(bio, nil, nil, nil) { return pem }
            }
            var cursor = buffer.baseAddress
            return d2i_X509(nil, &cursor, buffer.count)
        }
        guard let certificate else { return nil }
        defer { X509_free(certificate) }
        let length = i2d_X509(certificate, nil)
        guard length > 0 else { return nil }
        var der = [UInt8](repeating: 0, count: Int(length))
        let written = der.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var cursor = buffer.baseAddress
            return i2d_X509(certificate, &cursor)
        }
        return written == length ? der : nil
    }
}
