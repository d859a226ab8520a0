import Glibc
import TesseraJOSE

/// Parses `Authorization: Basic <base64(urlencode(id) ":" urlencode(secret))>` (RFC 7617 with the
/// RFC 6749 §2.3.1 encoding): the scheme is case-insensitive, the base64 is standard with optional
/// padding, the credentials split at the first colon, and each half is form-urlencoded-decoded
/// (`+` is a space, `%3A` a colon inside the id). When decoding changed the secret, the secret as
/// sent is kept too (`rawSecret`) and tried when the decoded one fails.
///
/// Every failure is `invalid_client` (401 with a Basic challenge), not `invalid_request`: RFC 6749
/// §5.2 names "client authentication failed ... unsupported authentication method" as
/// invalid_client, and a client whose header cannot be read has failed to authenticate. The
/// descriptions never quote the header.
package enum BasicCredentials {
    package static func parse(_ header: UnsafeRawBufferPointer) throws(OAuthError) -> ClientCredentials {
        var start = 0
        var end = header.count
        while start < end && isWhitespace(header[start]) { start += 1 }
        while end > start && isWhitespace(header[end - 1]) { end -= 1 }

        // "basic", compared without case on the stack (no array per request).
        let scheme: (UInt8, UInt8, UInt8, UInt8, UInt8) = (0x62, 0x61, 0x73, 0x69, 0x63)
        let schemeLength = 5
        guard end - start > schemeLength, header[start + schemeLength] == UInt8(ascii: " ") else {
            throw OAuthError.invalidClient("unsupported or malformed Authorization header")
        }
        guard header[start] | 0x20 == scheme.0, header[start + 1] | 0x20 == scheme.1, header[start + 2] | 0x20 == scheme.2,
            header[start + 3] | 0x20 == scheme.3, header[start + 4] | 0x20 == scheme.4
        else {
            throw OAuthError.invalidClient("unsupported authentication scheme")
        }
        var tokenStart = start + schemeLength
        while tokenStart < end && header[tokenStart] == UInt8(ascii: " ") { tokenStart += 1 }
        let token = UnsafeRawBufferPointer(rebasing: header[tokenStart..<end])
        guard !token.isEmpty else { throw OAuthError.invalidClient("malformed Basic credentials") }
        // Decoded on the stack: the only heap copy made is the secret handed to the authenticator.
        return try withUnsafeTemporaryAllocation(byteCount: Base64.maxDecodedLength(token.count), alignment: 8) {
            (space) throws(OAuthError) -> ClientCredentials in
            defer { if let base = space.baseAddress { explicit_bzero(base, space.count) } }  // it held the secret
            guard let length = Base64.decode(token, alphabet: .standard, into: space) else {
                throw OAuthError.invalidClient("malformed Basic credentials")
            }
            let decoded = UnsafeRawBufferPointer(rebasing: space[0..<length])
            guard let colon = decoded.firstIndex(of: UInt8(ascii: ":")) else {
                throw OAuthError.invalidClient("malformed Basic credentials")
            }
            let rawID = UnsafeRawBufferPointer(rebasing: decoded[..<colon])
            let rawSecret = UnsafeRawBufferPointer(rebasing: decoded[(colon + 1)...])
            guard let id = FormDecoder.decodeString(rawID), !id.isEmpty else {
                throw OAuthError.invalidClient("malformed Basic credentials")
            }
            // The common secret has nothing to decode: one copy, no scan byte by byte, no compare.
            guard FormDecoder.needsDecoding(rawSecret) else {
                return ClientCredentials(id: id, secret: Array(rawSecret), method: .clientSecretBasic)
            }
            var secret: [UInt8] = []
            guard FormDecoder.decodeComponent(rawSecret, into: &secret) else {
                // Not form-encoded at all (`100%`): the secret as sent is the only candidate.
                return ClientCredentials(id: id, secret: Array(rawSecret), method: .clientSecretBasic)
            }
            // Lenient where safe: the undecoded secret is kept when decoding changed it.
            // (Both sides are what the client sent: no stored secret, so memcmp's timing tells
            // nothing; the generic `elementsEqual` cost ~620 instructions per request.)
            let unchanged = secret.count == rawSecret.count
                && (secret.isEmpty || secret.withUnsafeBytes { memcmp($0.baseAddress!, rawSecret.baseAddress!, secret.count) == 0 })
            let raw = unchanged ? nil : Array(rawSecret)
            return ClientCredentials(id: id, secret: secret, method: .clientSecretBasic, rawSecret: raw)
        }
    }

    @inline(__always)
    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
    }
}
