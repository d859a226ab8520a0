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
        // Decoded on the stack: the only heap copy made is the secret handed to the
        // authenticator. The closure throws nothing and returns nothing (what it finds is
        // written to the variables below): a throwing one went through a `Result` and copied
        // the credentials out and destroyed them again (callgrind: ~400 instructions).
        var id: String?
        var secret: [UInt8] = []
        var rawSecret: [UInt8]?
        withUnsafeTemporaryAllocation(byteCount: Base64.maxDecodedLength(token.count), alignment: 8) { space in
            guard let base = space.baseAddress else { return }
            defer { explicit_bzero(base, space.count) }  // it held the secret
            guard let length = Base64.decode(token, alphabet: .standard, into: space),
                  let colonAt = memchr(base, Int32(UInt8(ascii: ":")), length),
                  let name = Self.identifier(UnsafeRawBufferPointer(start: base, count: base.distance(to: colonAt)))
            else { return }
            let colon = base.distance(to: colonAt)
            let sent = UnsafeRawBufferPointer(start: base + colon + 1, count: length - colon - 1)
            if FormDecoder.needsDecoding(sent) {
                (secret, rawSecret) = Self.decodeSecret(sent)
            } else {
                // The common secret has nothing to decode: one copy, no scan byte by byte.
                secret = Array(sent)
            }
            id = name
        }
        guard let id else { throw OAuthError.invalidClient("malformed Basic credentials") }
        return ClientCredentials(id: id, secret: secret, method: .clientSecretBasic, rawSecret: rawSecret)
    }

    /// The client id of the part before the colon: form-decoded, valid UTF-8, not empty; nil
    /// otherwise.
    @inline(__always)
    private static func identifier(_ raw: UnsafeRawBufferPointer) -> String? {
        guard !raw.isEmpty else { return nil }
        if FormDecoder.needsDecoding(raw) {
            guard let id = FormDecoder.decodeString(raw), !id.isEmpty else { return nil }
            return id
        }
        guard UTF8Validation.isValid(raw) else { return nil }
        return String(requestBytes: raw)
    }

    /// A secret that holds `%` or `+`: decoded, and the secret as sent kept too when decoding
    /// changed it.
    private static func decodeSecret(_ sent: UnsafeRawBufferPointer) -> (secret: [UInt8], raw: [UInt8]?) {
        var secret: [UInt8] = []
        guard FormDecoder.decodeComponent(sent, into: &secret) else {
            // Not form-encoded at all (`100%`): the secret as sent is the only candidate.
            return (Array(sent), nil)
        }
        // Lenient where safe: the undecoded secret is kept when decoding changed it.
        // (Both sides are what the client sent: no stored secret, so memcmp's timing tells
        // nothing; the generic `elementsEqual` cost ~620 instructions per request.)
        let unchanged = secret.count == sent.count
            && (secret.isEmpty || secret.withUnsafeBytes { memcmp($0.baseAddress!, sent.baseAddress!, secret.count) == 0 })
        return (secret, unchanged ? nil : Array(sent))
    }

    @inline(__always)
    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
    }
}
