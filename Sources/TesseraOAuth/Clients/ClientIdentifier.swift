import TesseraJOSE

/// What a presented client id must look like before any cache or store is asked about it
/// (contract rule 4): 1 to 255 bytes of valid UTF-8 without a control character (U+0000 to
/// U+001F, U+007F). Anything else is `invalid_client` at once: a NUL would be cut short by the C
/// string of a store driver and alias another client, invalid UTF-8 would be replaced by U+FFFD
/// and alias another one.
package enum ClientIdentifier {
    package static let maximumBytes = 255

    /// True for an id that may be looked up.
    @inline(__always)
    package static func isAcceptable(_ id: String) -> Bool {
        let count = id.utf8.count
        return count > 0 && count <= maximumBytes && !containsControlCharacter(id)
    }

    /// True when `text` holds a control character (U+0000 to U+001F, U+007F). Rule 4 refuses them
    /// in a client id, scope, audience or certificate name wherever one comes in (a request, `client
    /// add`, config): a NUL cuts a store driver's C string short, a newline or tab splits a log
    /// line or a revocation journal record.
    @inline(__always)
    package static func containsControlCharacter(_ text: String) -> Bool {
        // One pass over the contiguous bytes (iterating the UTF-8 view cost ~30 instructions a byte).
        let found: Bool? = text.utf8.withContiguousStorageIfAvailable { bytes in
            for byte in bytes where byte < 0x20 || byte == 0x7F { return true }
            return false
        }
        if let found { return found }
        for byte in text.utf8 where byte < 0x20 || byte == 0x7F { return true }
        return false
    }

    /// Why `id` is refused (for the CLI), or nil when it is acceptable.
    package static func problem(_ id: String) -> String? {
        if id.isEmpty { return "the client id must not be empty" }
        if id.utf8.count > maximumBytes { return "the client id is longer than \(maximumBytes) bytes" }
        if !isAcceptable(id) { return "the client id must not contain control characters (U+0000-U+001F, U+007F)" }
        return nil
    }

    /// Why a scope, audience or certificate name (`field` names it for the operator) is refused
    /// (for the CLI), or nil when it is acceptable: empty, or holding a control character.
    package static func problem(field: String, value: String) -> String? {
        if value.isEmpty { return "\(field) must not be empty" }
        if containsControlCharacter(value) { return "\(field) must not contain control characters (U+0000-U+001F, U+007F)" }
        return nil
    }

    /// A client id from raw (already percent-decoded) bytes. Invalid UTF-8 becomes an id that
    /// `isAcceptable` refuses, instead of a look-alike with U+FFFD in it.
    package static func decode(_ bytes: UnsafeRawBufferPointer) -> String {
        guard UTF8Validation.isValid(bytes) else { return "\u{0}" }
        return String(decoding: bytes, as: UTF8.self)
    }
}
