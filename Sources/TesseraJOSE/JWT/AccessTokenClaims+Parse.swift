extension AccessTokenClaims {
    /// Reads the RFC 9068 claims from a parsed payload. `iss`, `sub`, `client_id`, `aud`,
    /// `iat`, `exp` and `jti` are required; `scope` and `nbf` are optional. `aud` may be a
    /// string or a non-empty array of strings. Times must be integers.
    package static func from(_ payload: JSONValue) -> Result<AccessTokenClaims, TokenRejection> {
        guard case .object = payload else { return .failure(.malformed("claims are not a JSON object")) }
        func string(_ name: String) -> Result<String, TokenRejection> {
            guard let value = payload[name] else { return .failure(.malformed("missing claim \(name)")) }
            guard let text = value.stringValue else { return .failure(.malformed("claim \(name) is not a string")) }
            return .success(text)
        }
        func integer(_ name: String, required: Bool) -> Result<Int64?, TokenRejection> {
            guard let value = payload[name] else { return required ? .failure(.malformed("missing claim \(name)")) : .success(nil) }
            guard let number = value.integerValue else { return .failure(.malformed("claim \(name) is not an integer")) }
            return .success(number)
        }
        do throws(TokenRejection) {
            let audience: [String]
            switch payload["aud"] {
            case let .string(value)?:
                audience = [value]
            case let .array(values)?:
                let strings = values.compactMap(\.stringValue)
                guard !strings.isEmpty, strings.count == values.count else { return .failure(.malformed("claim aud is not a list of strings")) }
                audience = strings
            case nil:
                return .failure(.malformed("missing claim aud"))
            default:
                return .failure(.malformed("claim aud is not a string or array"))
            }
            var scope = ""
            if payload["scope"] != nil { scope = try string("scope").get() }
            var claims = AccessTokenClaims(
                issuer: try string("iss").get(),
                subject: try string("sub").get(),
                clientID: try string("client_id").get(),
                audience: audience,
                scope: scope,
                issuedAt: try integer("iat", required: true).get()!,
                expiresAt: try integer("exp", required: true).get()!,
                jwtID: try string("jti").get(),
                notBefore: try integer("nbf", required: false).get(),
                certificateThumbprint: payload["cnf"]?["x5t#S256"]?.stringValue
            )
            if let reference = payload["status"]?["status_list"], let uri = reference["uri"]?.stringValue,
                let index = reference["idx"]?.integerValue, index >= 0
            {
                claims.status = StatusReference(uri: uri, index: index)
            }
            return .success(claims)
        } catch {
            return .failure(error)
        }
    }
}
