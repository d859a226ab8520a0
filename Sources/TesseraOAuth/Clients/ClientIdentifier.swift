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
        guard count > 0 && count <= maximumBytes else { return false }
        // One pass over the contiguous bytes (iterating the UTF-8 view cost ~30 instructions a byte).
        let checked: Bool? = id.utf8.withContiguousStorageIfAvailable { bytes in
            for byte in bytes where byte < 0x20 || byte == 0x7F { return false }
            return true
        }
        if let checked { return checked }
        for byte in id.utf8 where byte < 0x20 || byte == 0x7F { return false }
        return true
    }

    /// Why `id` is refused (for the CLI), or nil when it is acceptable.
    package static func problem(_ id: String) -> String? {
        if id.isEmpty { return "the client id must not be empty" }
        if id.utf8.count > maximumBytes { return "the client id is longer than \(maximumBytes) bytes" }
        if !isAcceptable(id) { return "the client id must not contain control characters (U+0000-U+001F, U+007F)" }
        return nil
    }

    /// A client id from raw (already percent-decoded) bytes. Invalid UTF-8 becomes an id that
    /// `isAcceptable` refuses, instead of a look-alike with U+FFFD in it.
    package static func decode(_ bytes: UnsafeRawBufferPointer) -> String {
        guard UTF8Validation.isValid(bytes) else { return "\u{0}" }
        return String(decoding: bytes, as: UTF8.self)
    }
}
