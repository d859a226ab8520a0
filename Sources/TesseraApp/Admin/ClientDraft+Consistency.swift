/// The admin API's rules across members of a client document (each member alone is checked
/// by `ClientDraft.parse`).
extension ClientDraft {
    /// What the members say together: an audience at all, what the auth method needs, and no
    /// credential of a method the client does not name. The method is not stored: it is read back
    /// from what the client holds (`derivedAuthMethod`), so a key or certificate name beside
    /// another method would make the client show, and accept, a method it was not given.
    /// Callers run it once the method in force is known (a PUT that names none keeps the current one).
    func checkConsistency() throws(AdminError) {
        guard !audiences.isEmpty else {
            throw .invalidMetadata("audiences: at least one audience is required (without one every token request is refused)")
        }
        let names = [tlsSubjectDN, tlsSanDNS, tlsSanURI].compactMap { $0 }
        guard names.count <= 1 else {
            throw .invalidMetadata("tls_client_auth_subject_dn: give one of tls_client_auth_subject_dn, tls_client_auth_san_dns, tls_client_auth_san_uri")
        }
        switch tokenEndpointAuthMethod {
        case "private_key_jwt" where jwks == nil:
            throw .invalidMetadata("jwks: required with token_endpoint_auth_method private_key_jwt")
        case "tls_client_auth" where names.isEmpty:
            throw .invalidMetadata("tls_client_auth_subject_dn: tls_client_auth needs a subject DN or a SAN")
        case "self_signed_tls_client_auth" where selfSignedCertificates.isEmpty:
            throw .invalidMetadata("self_signed_certificates: required with self_signed_tls_client_auth")
        default: break
        }
        if let field = foreignCredential() {
            throw .invalidMetadata(
                "\(field): must be null with token_endpoint_auth_method \(tokenEndpointAuthMethod) (a client holds the credentials of the one method it names)")
        }
    }

    /// The first member holding a credential of a method that `derivedAuthMethod` ranks above the
    /// named one, nil when there is none.
    private func foreignCredential() -> String? {
        switch tokenEndpointAuthMethod {
        case "private_key_jwt": return nil
        case "self_signed_tls_client_auth": return jwks != nil ? "jwks" : nil
        case "tls_client_auth":
            if jwks != nil { return "jwks" }
            return selfSignedCertificates.isEmpty ? nil : "self_signed_certificates"
        default:
            if jwks != nil { return "jwks" }
            if !selfSignedCertificates.isEmpty { return "self_signed_certificates" }
            if tlsSubjectDN != nil { return "tls_client_auth_subject_dn" }
            if tlsSanDNS != nil { return "tls_client_auth_san_dns" }
            return tlsSanURI != nil ? "tls_client_auth_san_uri" : nil
        }
    }
}
