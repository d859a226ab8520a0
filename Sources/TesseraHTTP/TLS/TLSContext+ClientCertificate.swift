import COpenSSL
import CTesseraOpenSSL

extension TLSContext {
    /// Checks a certificate that arrived in a trusted proxy's `Client-Cert` header against this
    /// context's `client_ca`, the way a handshake would have (no intermediates are known: the
    /// leaf must be issued by a CA in the file). Without a client CA nothing verifies.
    func verify(certificate: OpaquePointer) -> Int32 {
        guard requestsClientCertificates else { return Int32(X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY) }
        let result = tessera_tls_ctx_verify_certificate(context, certificate)
        ERR_clear_error()
        return result
    }
}
