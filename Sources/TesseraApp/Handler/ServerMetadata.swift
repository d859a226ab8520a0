import TesseraJOSE

/// RFC 8414 authorization server metadata, rendered once per configuration.
enum ServerMetadata {
    static func json(issuer: String, statusLists: Bool = false) -> [UInt8] {
        let base = issuer.hasSuffix("/") ? String(issuer.dropLast()) : issuer
        let methods = #"["client_secret_basic","client_secret_post","private_key_jwt","tls_client_auth","self_signed_tls_client_auth"]"#
        // private_key_jwt assertions (RFC 7523) and RFC 9701 JWT introspection responses.
        let assertionAlgorithms = #"["EdDSA","Ed25519","ES256","RS256","PS256"]"#
        let responseAlgorithms = #"["EdDSA","Ed25519","ES256","RS256","HS256"]"#
        var out = "{"
        out += #""issuer":\#(quoted(issuer)),"#
        out += #""token_endpoint":\#(quoted(base + "/oauth/token")),"#
        out += #""jwks_uri":\#(quoted(base + "/.well-known/jwks.json")),"#
        out += #""introspection_endpoint":\#(quoted(base + "/oauth/introspect")),"#
        out += #""revocation_endpoint":\#(quoted(base + "/oauth/revoke")),"#
        out += #""grant_types_supported":["client_credentials"],"#
        out += #""response_types_supported":[],"#
        out += #""token_endpoint_auth_methods_supported":\#(methods),"#
        out += #""introspection_endpoint_auth_methods_supported":\#(methods),"#
        out += #""revocation_endpoint_auth_methods_supported":\#(methods),"#
        out += #""token_endpoint_auth_signing_alg_values_supported":\#(assertionAlgorithms),"#
        out += #""introspection_endpoint_auth_signing_alg_values_supported":\#(assertionAlgorithms),"#
        out += #""revocation_endpoint_auth_signing_alg_values_supported":\#(assertionAlgorithms),"#
        out += #""introspection_signing_alg_values_supported":\#(responseAlgorithms)"#
        // RFC 8705 §3.3: a token issued to a request with a client certificate is bound to it
        // (the certificate comes from the handshake or a trusted proxy's Client-Cert header).
        out += #","tls_client_certificate_bound_access_tokens":true"#
        if statusLists { out += #","status_list_aggregation_endpoint":\#(quoted(base + "/oauth/status"))"# }
        out += "}"
        return Array(out.utf8)
    }

    /// A JSON string literal (issuer URLs come from the operator's config), escaped by JOSE's one
    /// JSON writer.
    static func quoted(_ s: String) -> String {
        var out: [UInt8] = []
        JSONWriter.appendString(s, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
