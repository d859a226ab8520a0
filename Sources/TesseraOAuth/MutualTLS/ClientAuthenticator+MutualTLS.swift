extension ClientAuthenticator {
    /// The names of certificates seen recently, shared by every endpoint and reload.
    static let identities = CertificateIdentityCache()

    /// RFC 8705 §2: `client_id` alone, and the certificate the request came with. The client from
    /// memory (a miss is looked up off the I/O thread, and checked in phase two); its `MutualTLSPolicy`
    /// decides. No certificate, a client without a certificate method, or a certificate that does
    /// not match: `invalid_client`, counted against the client's authentication failure limit.
    func authenticateCertificate(
        _ credentials: ClientCredentials, now: Int64, admitting: Bool
    ) -> Outcome {
        keyOrCertificateClient(credentials) { [self] client in
            guard let policy = client.mutualTLS, let certificate = credentials.certificate,
                policy.authenticates(certificate, now: now, identity: Self.identities.identity(of:))
            else {
                return refuse(credentials, Self.failed)
            }
            return admitted(client, admitting: admitting)
        }
    }
}
