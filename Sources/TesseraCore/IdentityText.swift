/// Contract rule 4 ("identity is bytes") for every value that names a client or what it may be
/// granted: client ids, scopes, audiences, certificate subject DNs and SAN values, thumbprints.
/// Such a value must be valid UTF-8 without a control character (U+0000 to U+001F, U+007F): a
/// control character is a separator in some tier's encoding or a terminator in a C string, and
/// invalid UTF-8 is repaired into a look-alike of another value. The one check for all doors:
/// config decoding, `tessera client add` (and `update`), and records read back from PostgreSQL
/// and Redis, where a value that fails makes the client unusable, never split or repaired.
public enum IdentityText {
    /// True when `value` holds no control character (a Swift String is valid UTF-8 already).
    /// Inlinable: every presented client id is checked on the request path.
    @inlinable
    package static func isAcceptable(_ value: String) -> Bool {
        // In UTF-8 no byte below 0x80 is part of a longer sequence: a byte check is a character
        // check. One pass over the contiguous bytes (iterating the UTF-8 view cost ~30
        // instructions a byte).
        let found: Bool? = value.utf8.withContiguousStorageIfAvailable { bytes in
            for byte in bytes where byte < 0x20 || byte == 0x7F { return true }
            return false
        }
        if let found { return !found }
        return !value.utf8.contains { $0 < 0x20 || $0 == 0x7F }
    }

    /// True when `bytes` are valid UTF-8 holding no control character.
    package static func isAcceptable(bytes: some Collection<UInt8>) -> Bool {
        String(validating: bytes, as: UTF8.self).map(isAcceptable) ?? false
    }

    /// Why `value` is refused, for an error message naming it (`what`: "scope", "audience", ...),
    /// or nil when it is acceptable.
    package static func problem(_ value: String, what: String) -> String? {
        isAcceptable(value) ? nil : "\(what) must not contain control characters (U+0000-U+001F, U+007F)"
    }

    /// The same for raw bytes (a command line argument, a file): invalid UTF-8 is refused, never repaired.
    package static func problem(bytes: some Collection<UInt8>, what: String) -> String? {
        guard let text = String(validating: bytes, as: UTF8.self) else { return "\(what) is not valid UTF-8" }
        return problem(text, what: what)
    }
}
