import TesseraHTTP
import TesseraOAuth

extension TesseraHandler {
    /// The client certificate a request came with (its TLS handshake, or a trusted proxy's
    /// `Client-Cert` header: see `HTTPRequest.clientCertificate()`), as OAuth sees it; a malformed
    /// `Client-Cert` header is `invalid_request` (400).
    static func clientCertificate(of request: HTTPRequest) -> Result<ClientCertificate?, OAuthError> {
        let presented: TLSClientCertificate?
        do {
            presented = try request.clientCertificate()
        } catch {
            return .failure(.invalidRequest("malformed Client-Cert header"))
        }
        guard let presented else { return .success(nil) }
        return .success(ClientCertificate(
            der: presented.der, chainVerified: presented.chainVerified, notBefore: presented.notBefore,
            notAfter: presented.notAfter))
    }

    /// Adds the request's certificate to `credentials`; false (and the error written) for a
    /// malformed `Client-Cert` header.
    static func attachCertificate(
        of request: HTTPRequest, to credentials: inout ClientCredentials, at endpoint: OAuthError.Endpoint,
        _ response: inout HTTPResponseBuilder
    ) -> Bool {
        // Plain HTTP from a peer that is not a trusted proxy has no certificate to attach (the
        // credentials come without one): the common case skips the Result and its copies
        // (~200 instructions per warm token request, callgrind).
        guard request.tls != nil || request.fromTrustedProxy else { return true }
        switch clientCertificate(of: request) {
        case .success(let certificate):
            credentials.certificate = certificate
            return true
        case .failure(let error):
            addOAuthHeaders(json: true, timing: nil, into: &response)
            writeError(error, at: endpoint, into: &response)
            return false
        }
    }
}
