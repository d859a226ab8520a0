import COpenSSL

/// RFC 9440 `Client-Cert`: the certificate a TLS-terminating proxy received, as an RFC 8941
/// Byte Sequence (`:` base64 of the DER `:`). Only believed from `server.trusted_proxies`; a
/// malformed one from there is a 400 (`HTTPError.badRequest`), never a certificate.
package enum ClientCertHeader {
    /// Longest header value accepted; a certificate chain leaf is rarely above 4 KiB.
    package static let maxLength = 16 * 1024

    /// The DER bytes of a well-formed header value, which must decode to exactly one X.509
    /// certificate. Surrounding spaces are allowed (RFC 8941 §4.2); parameters are not (RFC 9440
    /// defines none).
    package static func parseDER(_ value: UnsafeRawBufferPointer) throws(HTTPError) -> [UInt8] {
        var lower = 0
        var upper = value.count
        while lower < upper, value[lower] == 0x20 || value[lower] == 0x09 { lower += 1 }
        while upper > lower, value[upper - 1] == 0x20 || value[upper - 1] == 0x09 { upper -= 1 }
        guard upper - lower <= maxLength else { throw .badRequest("Client-Cert header too long") }
        guard upper - lower >= 2, value[lower] == UInt8(ascii: ":"), value[upper - 1] == UInt8(ascii: ":") else {
            throw .badRequest("Client-Cert header is not an RFC 8941 byte sequence (:base64:)")
        }
        let encoded = UnsafeRawBufferPointer(rebasing: value[(lower + 1)..<(upper - 1)])
        guard let der = StructuredFieldBase64.decode(encoded), !der.isEmpty else {
            throw .badRequest("Client-Cert header is not valid base64")
        }
        guard isSingleCertificate(der) else { throw .badRequest("Client-Cert header is not a DER X.509 certificate") }
        return der
    }

    /// The certificate for a request: its DER, checked against `context`'s client CA when there
    /// is one. Without a client CA the chain counts as verified: the trusted proxy verified it
    /// before forwarding the header (RFC 9440 §2). Validity dates and the client's names are
    /// checked by the client's method either way.
    package static func certificate(_ value: UnsafeRawBufferPointer, context: TLSContext?) throws(HTTPError) -> TLSClientCertificate {
        let der = try parseDER(value)
        let certificate: TLSClientCertificate? = der.withUnsafeBufferPointer { buffer in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            guard let x509 = d2i_X509(nil, &cursor, buffer.count) else { return nil }
            defer { X509_free(x509) }
            var result = Int32(X509_V_OK)
            if let context, context.requestsClientCertificates { result = context.verify(certificate: x509) }
            return TLSClientCertificate(x509: x509, verifyResult: Int(result), source: .clientCertHeader)
        }
        ERR_clear_error()
        guard let certificate else { throw .badRequest("Client-Cert header is not a DER X.509 certificate") }
        return certificate
    }

    /// d2i_X509 takes the bytes as one certificate and stops exactly at their end, and they are
    /// DER: written back (i2d_X509) they are the same bytes. A BER variant OpenSSL also reads is
    /// refused, so the thumbprint a token is bound to is the one of the bytes presented.
    static func isSingleCertificate(_ der: [UInt8]) -> Bool {
        let ok = der.withUnsafeBufferPointer { buffer -> Bool in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            guard let x509 = d2i_X509(nil, &cursor, buffer.count) else { return false }
            defer { X509_free(x509) }
            guard cursor == buffer.baseAddress! + buffer.count, i2d_X509(x509, nil) == Int32(buffer.count) else { return false }
            var encoded = [UInt8](repeating: 0, count: buffer.count)
            let written = encoded.withUnsafeMutableBufferPointer { out -> Int32 in
                var target: UnsafeMutablePointer<UInt8>? = out.baseAddress
                return i2d_X509(x509, &target)
            }
            return written == Int32(buffer.count) && encoded.elementsEqual(buffer)
        }
        ERR_clear_error()
        return ok
    }
}
