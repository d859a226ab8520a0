import TesseraConfig
import TesseraJOSE
import TesseraStore

/// Between the API's documents and what the shared operations store. The auth method is not a
/// column: it is read from what the client holds (keys, certificate names, a secret).
extension ClientView {
    init(record: ClientRecord, issuedAt: Int64?) {
        var draft = ClientDraft()
        draft.scopes = record.scopes
        draft.audiences = record.audiences
        draft.introspect = record.introspect
        draft.jwks = record.jwks
        draft.tlsSubjectDN = record.certificateMethods.subjectDN
        draft.tlsSanDNS = record.certificateMethods.sanDNS
        draft.tlsSanURI = record.certificateMethods.sanURI
        draft.selfSignedCertificates = record.certificateMethods.selfSignedCertificates
        draft.tokenTTL = record.policy.tokenTTLSeconds
        draft.rate = record.policy.rate
        draft.disabled = record.policy.disabled
        draft.dpopBoundAccessTokens = record.dpopBoundAccessTokens
        draft.tokenEndpointAuthMethod = draft.derivedAuthMethod(hasSecret: !record.secrets.isEmpty)
        self.init(id: record.id, draft: draft, version: record.version, issuedAt: issuedAt)
    }

    init(static entry: StaticClientConfig) {
        var draft = ClientDraft()
        draft.scopes = entry.scopes
        draft.audiences = entry.audiences
        draft.introspect = entry.introspect
        draft.jwks = entry.jwks
        if let auth = entry.tlsClientAuth {
            switch auth.name {
            case .subjectDN: draft.tlsSubjectDN = auth.value
            case .sanDNS: draft.tlsSanDNS = auth.value
            case .sanURI: draft.tlsSanURI = auth.value
            }
        }
        draft.selfSignedCertificates = entry.selfSignedCertificates
        draft.tokenTTL = entry.tokenTTL.map { Int64($0.components.seconds) }
        draft.rate = entry.rate
        draft.disabled = entry.disabled
        draft.dpopBoundAccessTokens = entry.dpopBoundAccessTokens
        draft.tokenEndpointAuthMethod = draft.derivedAuthMethod(hasSecret: !entry.secretHash.isEmpty || !entry.secrets.isEmpty)
        self.init(id: entry.id, draft: draft, version: 0, isStatic: true)
    }
}

extension ClientDraft {
    /// How the client can authenticate, the strongest method it holds first.
    func derivedAuthMethod(hasSecret: Bool) -> String {
        if jwks != nil { return "private_key_jwt" }
        if !selfSignedCertificates.isEmpty { return "self_signed_tls_client_auth" }
        if tlsSubjectDN != nil || tlsSanDNS != nil || tlsSanURI != nil { return "tls_client_auth" }
        return hasSecret ? "client_secret_basic" : tokenEndpointAuthMethod
    }

    /// A new client (no secret yet: the operation makes it).
    func record(id: String) -> ClientRecord {
        var record = ClientRecord(id: id, secretHash: "", scopes: scopes, audiences: audiences, introspect: introspect, jwks: jwks)
        record.certificateMethods = ClientCertificateMethods(
            subjectDN: tlsSubjectDN, sanDNS: tlsSanDNS, sanURI: tlsSanURI, selfSignedCertificates: selfSignedCertificates)
        apply(to: &record)
        return record
    }

    /// The fields an update writes (keys and certificate names are fixed at creation).
    func apply(to record: inout ClientRecord) {
        record.scopes = scopes
        record.audiences = audiences
        record.introspect = introspect
        record.policy.tokenTTLSeconds = tokenTTL
        record.policy.rate = rate
        record.policy.disabled = disabled
        record.dpopBoundAccessTokens = dpopBoundAccessTokens
    }

    /// The first member an update may not change, nil when there is none.
    func fixedMemberChanged(from current: ClientDraft) -> String? {
        if tokenEndpointAuthMethod != current.tokenEndpointAuthMethod { return "token_endpoint_auth_method" }
        let parsed = { (text: String?) in text.flatMap { try? JSONValue.parse(Array($0.utf8)) } }
        if parsed(jwks) != parsed(current.jwks) { return "jwks" }
        if tlsSubjectDN != current.tlsSubjectDN { return "tls_client_auth_subject_dn" }
        if tlsSanDNS != current.tlsSanDNS { return "tls_client_auth_san_dns" }
        if tlsSanURI != current.tlsSanURI { return "tls_client_auth_san_uri" }
        if selfSignedCertificates != current.selfSignedCertificates { return "self_signed_certificates" }
        return nil
    }
}
