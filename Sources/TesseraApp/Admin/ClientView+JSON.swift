import TesseraJOSE

/// The client as the admin API answers it: every member always present (null when unset), so a
/// merge patch can name any of them and a GET's body can be sent back as a PUT. Never a secret.
extension ClientView {
    var json: JSONValue {
        let draft = self.draft
        var members: [(String, JSONValue)] = [("client_id", .string(id))]
        members.append(("client_id_issued_at", issuedAt.map(JSONValue.integer) ?? .null))
        members.append(("scope", .string(draft.scopes.joined(separator: " "))))
        members.append(("audiences", .array(draft.audiences.map(JSONValue.string))))
        members.append(("introspect", .bool(draft.introspect)))
        members.append(("token_endpoint_auth_method", .string(draft.tokenEndpointAuthMethod)))
        members.append(("jwks", draft.jwks.flatMap { try? JSONValue.parse(Array($0.utf8)) } ?? .null))
        members.append(("tls_client_auth_subject_dn", draft.tlsSubjectDN.map(JSONValue.string) ?? .null))
        members.append(("tls_client_auth_san_dns", draft.tlsSanDNS.map(JSONValue.string) ?? .null))
        members.append(("tls_client_auth_san_uri", draft.tlsSanURI.map(JSONValue.string) ?? .null))
        members.append(("self_signed_certificates", .array(draft.selfSignedCertificates.map(JSONValue.string))))
        members.append(("token_ttl", draft.tokenTTL.map(JSONValue.integer) ?? .null))
        members.append(("rate", draft.rate.map {
            JSONValue.object([("rps", .integer(Int64($0.rps))), ("burst", .integer(Int64($0.burst)))])
        } ?? .null))
        members.append(("disabled", .bool(draft.disabled)))
        members.append(("dpop_bound_access_tokens", .bool(draft.dpopBoundAccessTokens)))
        return .object(members)
    }

    /// The document without what only the server sets: what `changes` of an audit record compare.
    var auditedFields: [(String, JSONValue)] {
        guard case .object(let members) = json else { return [] }
        return members.filter { $0.0 != "client_id_issued_at" }
    }
}
