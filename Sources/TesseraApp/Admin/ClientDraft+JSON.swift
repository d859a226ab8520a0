import TesseraCore
import TesseraJOSE
import TesseraOAuth

/// The client metadata document of the admin API (RFC 7591 names where one exists). Parsing is
/// strict: an unknown member, a wrong type, or a value rule 4 refuses is `invalid_client_metadata`
/// naming the member; nothing is repaired or ignored.
extension ClientDraft {
    /// Members of the document; `client_id_issued_at` is read-only (accepted, ignored), so a GET's
    /// body can be sent back as a PUT.
    static let members: Set<String> = [
        "client_id", "client_id_issued_at", "scope", "audiences", "introspect", "token_endpoint_auth_method", "jwks",
        "tls_client_auth_subject_dn", "tls_client_auth_san_dns", "tls_client_auth_san_uri", "self_signed_certificates",
        "token_ttl", "rate", "disabled", "dpop_bound_access_tokens",
    ]

    /// Parses a document; returns the `client_id` it names (nil when absent) and the draft.
    /// `maxTTL`: the longest `token_ttl` allowed (`tokens.max_ttl`), in seconds.
    static func parse(_ document: JSONValue, maxTTL: Int64) throws(AdminError) -> (id: String?, draft: ClientDraft) {
        guard case .object(let fields) = document else { throw .invalidMetadata("the body must be a JSON object") }
        var draft = ClientDraft()
        var id: String?
        for (name, value) in fields {
            guard members.contains(name) else { throw .invalidMetadata("\(name): unknown field") }
            if value == .null { continue }  // absent: the default
            switch name {
            case "client_id":
                let text = try string(value, name)
                if let problem = ClientIdentifier.problem(text) { throw .invalidMetadata("client_id: \(problem)") }
                id = text
            case "client_id_issued_at":
                guard value.integerValue != nil else { throw .invalidMetadata("client_id_issued_at: expected an integer") }
            case "scope":
                draft.scopes = try distinct(try string(value, name).split(separator: " ").map(String.init), name)
            case "audiences":
                guard case .array(let items) = value else { throw .invalidMetadata("audiences: expected an array of strings") }
                var audiences: [String] = []
                for item in items { audiences.append(try string(item, "audiences")) }
                draft.audiences = try distinct(audiences, name)
                for audience in draft.audiences where audience.isEmpty { throw .invalidMetadata("audiences: an audience must not be empty") }
            case "introspect": draft.introspect = try bool(value, name)
            case "disabled": draft.disabled = try bool(value, name)
            case "dpop_bound_access_tokens": draft.dpopBoundAccessTokens = try bool(value, name)
            case "token_endpoint_auth_method":
                let method = try string(value, name)
                guard authMethods.contains(method) else {
                    throw .invalidMetadata("token_endpoint_auth_method: expected one of \(authMethods.joined(separator: ", "))")
                }
                draft.tokenEndpointAuthMethod = method
            case "jwks": draft.jwks = try keySet(value)
            case "tls_client_auth_subject_dn": draft.tlsSubjectDN = try identity(value, name)
            case "tls_client_auth_san_dns": draft.tlsSanDNS = try identity(value, name)
            case "tls_client_auth_san_uri": draft.tlsSanURI = try identity(value, name)
            case "self_signed_certificates":
                guard case .array(let items) = value else { throw .invalidMetadata("\(name): expected an array of strings") }
                draft.selfSignedCertificates = try items.map { item throws(AdminError) in try identity(item, name) }
            case "token_ttl":
                guard let seconds = value.integerValue, seconds > 0, seconds <= maxTTL else {
                    throw .invalidMetadata("token_ttl: expected a number of seconds from 1 to \(maxTTL) (tokens.max_ttl)")
                }
                draft.tokenTTL = seconds
            case "rate": draft.rate = try rate(value)
            default: break
            }
        }
        return (id, draft)
    }

    private static func string(_ value: JSONValue, _ name: String) throws(AdminError) -> String {
        guard let text = value.stringValue else { throw .invalidMetadata("\(name): expected a string") }
        return text
    }

    private static func bool(_ value: JSONValue, _ name: String) throws(AdminError) -> Bool {
        guard case .bool(let flag) = value else { throw .invalidMetadata("\(name): expected true or false") }
        return flag
    }

    private static func identity(_ value: JSONValue, _ name: String) throws(AdminError) -> String {
        let text = try string(value, name)
        guard !text.isEmpty else { throw .invalidMetadata("\(name): must not be empty") }
        if let problem = IdentityText.problem(text, what: name) { throw .invalidMetadata("\(name): \(problem)") }
        return text
    }

    /// Each value once, in byte order (rule 4: equal means equal bytes).
    private static func distinct(_ values: [String], _ name: String) throws(AdminError) -> [String] {
        for value in values {
            if let problem = IdentityText.problem(value, what: name) { throw .invalidMetadata("\(name): \(problem)") }
        }
        return Set(values.map(ExactString.init)).sorted().map(\.value)
    }

    private static func rate(_ value: JSONValue) throws(AdminError) -> ClientRate {
        guard case .object(let members) = value else { throw .invalidMetadata("rate: expected an object {\"rps\", \"burst\"}") }
        var rate = ClientRate(rps: 0, burst: 0)
        for (name, member) in members {
            guard name == "rps" || name == "burst" else { throw .invalidMetadata("rate.\(name): unknown field") }
            guard let number = member.integerValue, number >= 0, number <= 1_000_000_000 else {
                throw .invalidMetadata("rate.\(name): expected a whole number from 0 to 1000000000")
            }
            if name == "rps" { rate.rps = Int(number) } else { rate.burst = Int(number) }
        }
        return rate
    }

    /// A JWK Set checked as `client add --jwks` checks it, kept as JSON text.
    private static func keySet(_ value: JSONValue) throws(AdminError) -> String {
        var bytes: [UInt8] = []
        value.appendJSON(to: &bytes)
        do {
            _ = try ClientKeySet.parse(json: bytes)
        } catch {
            throw .invalidMetadata("jwks: \(error.description)")
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
