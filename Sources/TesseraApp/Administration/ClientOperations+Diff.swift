import TesseraJOSE
import TesseraStore
import TesseraTelemetry

extension ClientOperations {
    /// The fields that differ between two states of a client (nil: it did not exist), secrets
    /// only as "(changed)" and the previous secrets only by when they stop.
    static func diff(_ before: ClientRecord?, _ after: ClientRecord?) -> [ClientChange.Field] {
        var fields: [ClientChange.Field] = []
        func compare(_ name: String, _ value: (ClientRecord) -> String?) {
            let old = before.flatMap(value)
            let new = after.flatMap(value)
            if old != new { fields.append(.init(name: name, before: old, after: new)) }
        }
        compare("scopes") { $0.scopes.joined(separator: " ") }
        compare("audiences") { $0.audiences.joined(separator: " ") }
        compare("introspect") { String($0.introspect) }
        compare("token_ttl") { $0.policy.tokenTTLSeconds.map { "\($0)s" } }
        compare("rate") { $0.policy.rate.map { "rps=\($0.rps) burst=\($0.burst)" } }
        compare("disabled") { String($0.policy.disabled) }
        compare("dpop_bound_access_tokens") { String($0.dpopBoundAccessTokens) }
        compare("token_endpoint_auth_method") { ClientView(record: $0, issuedAt: nil).draft.tokenEndpointAuthMethod }
        // Public keys, shown by their RFC 7638 thumbprints: which keys, without kilobytes of modulus.
        compare("jwks") { $0.jwks.map(keyThumbprints) }
        compare("tls_client_auth_subject_dn") { $0.certificateMethods.subjectDN }
        compare("tls_client_auth_san_dns") { $0.certificateMethods.sanDNS }
        compare("tls_client_auth_san_uri") { $0.certificateMethods.sanURI }
        compare("self_signed_certificates") { record in
            let thumbprints = record.certificateMethods.selfSignedCertificates
            return thumbprints.isEmpty ? nil : thumbprints.joined(separator: " ")
        }
        if before?.secretHash != after?.secretHash {
            fields.append(.init(
                name: "secret", before: before.map { $0.secretHash.isEmpty ? "(none)" : "(set)" },
                after: after.map { $0.secretHash.isEmpty ? "(none)" : "(changed)" }))
        }
        compare("previous_secrets_expire_at") { record in
            record.secrets.count > 1 ? record.secrets.dropFirst().map { expiryText($0.expiresAt) }.joined(separator: " ") : nil
        }
        return fields
    }

    /// The keys of a JWK Set as their thumbprints, space-separated (unparsable text: a marker).
    static func keyThumbprints(_ jwks: String) -> String {
        guard let set = try? ClientKeySet.parse(json: Array(jwks.utf8)) else { return "(unreadable)" }
        return set.keys.map(\.keyID.value).joined(separator: " ")
    }

    /// RFC 3339 UTC, or "never".
    package static func expiryText(_ seconds: Int64?) -> String {
        guard let seconds else { return "never" }
        var out: [UInt8] = []
        WallClock.appendRFC3339(UInt64(max(0, seconds)) &* 1_000_000_000, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
