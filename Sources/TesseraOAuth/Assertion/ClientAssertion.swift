import TesseraJOSE

/// A `private_key_jwt` client assertion (RFC 7523 §2.2, §3) as read from the request, before its
/// signature or claims are checked: header `alg` and `kid`, the claims the rules need, and where the
/// signing input and signature lie. Parsing is linear in the input and bounded: at most
/// `maximumSize` bytes, header and claims under the JOSE parser's member and depth caps.
package struct ClientAssertion: Sendable, Equatable {
    /// RFC 7521 §4.2 `client_assertion_type` for a JWT.
    package static let type = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
    package static let maximumSize = 8 * 1024

    package var algorithm: String
    package var keyID: String?
    package var issuer: String
    package var subject: String
    /// `aud` as a list (a single string becomes one element).
    package var audience: [String]
    package var expiresAt: Int64?
    package var notBefore: Int64?
    package var issuedAt: Int64?
    package var jwtID: String
    /// Byte ranges into the assertion.
    package var signingInput: Range<Int>
    package var signature: [UInt8]

    /// Reads an assertion; any defect is `invalid_client` with the reason.
    package static func parse(_ bytes: [UInt8]) throws(OAuthError) -> ClientAssertion {
        guard bytes.count <= maximumSize else { throw OAuthError.invalidClient("client_assertion larger than \(maximumSize) bytes") }
        let parts: TokenParts
        do { parts = try TokenParts(bytes) } catch { throw OAuthError.invalidClient("client_assertion is not a compact JWS") }
        func json(_ range: Range<Int>, _ what: String, _ limits: JSONParser.Limits) throws(OAuthError) -> JSONValue {
            let decoded = bytes.withUnsafeBytes { Base64URL.decode(UnsafeRawBufferPointer(rebasing: $0[range])) }
            guard let decoded else { throw OAuthError.invalidClient("client_assertion \(what) is not base64url") }
            let value: JSONValue
            do { value = try JSONValue.parse(decoded, limits: limits) } catch {
                throw OAuthError.invalidClient("client_assertion \(what): \(error)")
            }
            guard case .object = value else { throw OAuthError.invalidClient("client_assertion \(what) is not a JSON object") }
            return value
        }
        let header = try json(parts.header, "header", .header)
        if header["crit"] != nil { throw OAuthError.invalidClient("client_assertion names critical extensions (crit)") }
        guard let alg = header["alg"]?.stringValue else { throw OAuthError.invalidClient("client_assertion header has no alg") }
        var kid: String?
        if let value = header["kid"] {
            guard let text = value.stringValue else { throw OAuthError.invalidClient("client_assertion kid is not a string") }
            kid = text
        }
        let claims = try json(parts.payload, "claims", .claims)
        func string(_ name: String) throws(OAuthError) -> String {
            guard let text = claims[name]?.stringValue, !text.isEmpty else {
                throw OAuthError.invalidClient("client_assertion has no \(name) string")
            }
            return text
        }
        func time(_ name: String) throws(OAuthError) -> Int64? {
            guard let value = claims[name] else { return nil }
            guard let number = value.integerValue else { throw OAuthError.invalidClient("client_assertion \(name) is not an integer") }
            return number
        }
        var audience: [String] = []
        switch claims["aud"] {
        case .string(let value)?: audience = [value]
        case .array(let values)?:
            audience = values.compactMap(\.stringValue)
            guard audience.count == values.count else { throw OAuthError.invalidClient("client_assertion aud is not a list of strings") }
        case nil: throw OAuthError.invalidClient("client_assertion has no aud")
        default: throw OAuthError.invalidClient("client_assertion aud is not a string or a list")
        }
        let signatureText = bytes.withUnsafeBytes { UnsafeRawBufferPointer(rebasing: $0[parts.signature]) }
        guard signatureText.count <= KeyRing.maximumSignatureCharacters, let signature = Base64URL.decode(signatureText) else {
            throw OAuthError.invalidClient("client_assertion signature is not base64url")
        }
        return ClientAssertion(
            algorithm: alg, keyID: kid, issuer: try string("iss"), subject: try string("sub"), audience: audience,
            expiresAt: try time("exp"), notBefore: try time("nbf"), issuedAt: try time("iat"), jwtID: try string("jti"),
            signingInput: parts.signingInput, signature: signature)
    }

    /// The client id an assertion names (`sub`, RFC 7523 §3 item 2), read from the claims alone so
    /// that an assertion refused for its header still counts against its client; nil when it
    /// cannot be read.
    package static func subject(of bytes: [UInt8]) -> String? {
        guard bytes.count <= maximumSize, let parts = try? TokenParts(bytes) else { return nil }
        let decoded = bytes.withUnsafeBytes { Base64URL.decode(UnsafeRawBufferPointer(rebasing: $0[parts.payload])) }
        guard let decoded, let claims = try? JSONValue.parse(decoded, limits: .claims) else { return nil }
        return claims["sub"]?.stringValue
    }
}
