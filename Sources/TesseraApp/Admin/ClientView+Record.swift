import TesseraConfig
import TesseraJOSE
import TesseraStore

/// Between the API's documents and what the shared operations store. The auth method is read
/// from what the client holds (keys, certificate names, a secret); for a secret, which of the two
/// ways of sending it was registered is recorded (`ClientRecord.secretMethod`).
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
        draft.tokenEndpointAuthMethod = draft.derivedAuthMethod(hasSecret: !record.secrets.isEmpty, secretMethod: record.secretMethod)
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
    func derivedAuthMethod(hasSecret: Bool, secretMethod: SecretMethod = .basic) -> String {
        if jwks != nil { return "private_key_jwt" }
        if !selfSignedCertificates.isEmpty { return "self_signed_tls_client_auth" }
        if tlsSubjectDN != nil || tlsSanDNS != nil || tlsSanURI != nil { return "tls_client_auth" }
        return hasSecret ? secretMethod.rawValue : tokenEndpointAuthMethod
    }

    /// A new client (no secret yet: the operation makes it).
    func record(id: String) -> ClientRecord {
        var record = ClientRecord(id: id, secretHash: "", scopes: [], audiences: [], introspect: false)
        apply(to: &record)
        return record
    }

    /// Writes every field of the document over the record: grant, keys, certificate names and
    /// policy. The secrets are the operation's (`AdminOperations.replace`). Keys equal as JSON
    /// keep their stored text, so an unrelated change does not rewrite them.
    func apply(to record: inout ClientRecord) {
        record.scopes = scopes
        record.audiences = audiences
        record.introspect = introspect
        if Self.parsed(jwks) != Self.parsed(record.jwks) { record.jwks = jwks }
        record.certificateMethods = ClientCertificateMethods(
            subjectDN: tlsSubjectDN, sanDNS: tlsSanDNS, sanURI: tlsSanURI, selfSignedCertificates: selfSignedCertificates)
        record.policy.tokenTTLSeconds = tokenTTL
        record.policy.rate = rate
        record.policy.disabled = disabled
        record.dpopBoundAccessTokens = dpopBoundAccessTokens
        record.secretMethod = SecretMethod(rawValue: tokenEndpointAuthMethod) ?? .basic
    }

    /// Whether this document moves the client to another way of authenticating (the two secret
    /// methods are one: both take the same secret).
    func changesAuthMethod(from current: ClientDraft) -> Bool {
        usesSecret ? !current.usesSecret : tokenEndpointAuthMethod != current.tokenEndpointAuthMethod
    }

    private static func parsed(_ text: String?) -> JSONValue? {
        text.flatMap { try? JSONValue.parse(Array($0.utf8)) }
    }
}
