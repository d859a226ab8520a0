import Glibc

/// Parses a `scope` value (RFC 6749 §3.3: `scope-token *( SP scope-token )`,
/// `scope-token = 1*( %x21 / %x23-5B / %x5D-7E )`) into a set: sorted, without repeats; nil when
/// the value names none.
///
/// Decisions: runs of spaces between tokens, and leading or trailing spaces, are tolerated (a client
/// that joins with two spaces still means the same set, and the result is a set anyway); a token with
/// a character outside scope-token (a control character, `"`, `\`, non-ASCII, a tab) is
/// `invalid_scope`, which RFC 6749 §5.2 defines as "invalid, unknown, or malformed" scope.
package enum ScopeParser {
    package static func parse(_ value: UnsafeRawBufferPointer) throws(OAuthError) -> RequestedScopes? {
        guard let base = value.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
        var start = 0
        var end = value.count
        while start < end && base[start] == UInt8(ascii: " ") { start &+= 1 }
        while end > start && base[end &- 1] == UInt8(ascii: " ") { end &-= 1 }
        guard start < end else { return nil }
        // The usual request names one scope: one check of its bytes, one String.
        guard memchr(base + start, Int32(UInt8(ascii: " ")), end &- start) != nil else {
            var i = start
            while i < end {
                guard isScopeTokenByte(base[i]) else { throw OAuthError.invalidScope("malformed scope") }
                i &+= 1
            }
            return RequestedScopes(one: String(requestBytes: UnsafeRawBufferPointer(start: base + start, count: end &- start)))
        }
        return RequestedScopes(set: try parseList(UnsafeRawBufferPointer(start: base + start, count: end &- start)))
    }

    /// Several tokens: each checked and made a String, then sorted and deduplicated.
    private static func parseList(_ value: UnsafeRawBufferPointer) throws(OAuthError) -> [String] {
        var scopes: [String] = []
        var start = 0
        while start < value.count {
            while start < value.count && value[start] == UInt8(ascii: " ") { start += 1 }
            var end = start
            while end < value.count && value[end] != UInt8(ascii: " ") {
                guard isScopeTokenByte(value[end]) else {
                    throw OAuthError.invalidScope("malformed scope")
                }
                end += 1
            }
            if end > start {
                scopes.append(String(requestBytes: UnsafeRawBufferPointer(rebasing: value[start..<end])))
            }
            start = end
        }
        if scopes.count > 1 {
            scopes.sort()
            var unique: [String] = []
            unique.reserveCapacity(scopes.count)
            for scope in scopes where unique.last != scope { unique.append(scope) }
            scopes = unique
        }
        return scopes
    }

    package static func parse(_ value: String) throws(OAuthError) -> [String] {
        var copy = value
        let result = copy.withUTF8 { bytes in
            Result { () throws(OAuthError) in try parse(UnsafeRawBufferPointer(bytes)) }
        }
        return try result.get()?.all ?? []
    }

    @inline(__always)
    package static func isScopeTokenByte(_ byte: UInt8) -> Bool {
        byte == 0x21 || (byte >= 0x23 && byte <= 0x5B) || (byte >= 0x5D && byte <= 0x7E)
    }
}
