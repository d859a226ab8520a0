extension HTTPRequest {
    /// The client's certificate, for RFC 8705 client authentication and certificate-bound tokens:
    ///
    /// - from a trusted proxy (`server.trusted_proxies`): its RFC 9440 `Client-Cert` header, or
    ///   nil without one (the proxy's own TLS certificate is not the client's); a malformed or
    ///   repeated header throws `HTTPError.badRequest` (a 400);
    /// - otherwise the certificate of this connection's TLS handshake, or nil (plain HTTP, no
    ///   `client_ca`, or the client sent none). A `Client-Cert` header from anyone else is ignored.
    ///
    /// Nothing is computed until a handler asks; the handshake's certificate is read once per
    /// connection.
    package func clientCertificate() throws(HTTPError) -> TLSClientCertificate? {
        guard fromTrustedProxy else { return tls?.clientCertificate }
        guard let value = header(.clientCert) else { return nil }
        guard !headerRepeats(.clientCert) else { throw .badRequest("repeated Client-Cert header") }
        return try ClientCertHeader.certificate(value, context: tls?.context)
    }
}
