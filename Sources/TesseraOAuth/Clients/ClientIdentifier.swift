import TesseraCore
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
        return count > 0 && count <= maximumBytes && IdentityText.isAcceptable(id)
    }

    /// Why `id` is refused (for the CLI), or nil when it is acceptable.
    package static func problem(_ id: String) -> String? {
        if id.isEmpty { return "the client id must not be empty" }
        if id.utf8.count > maximumBytes { return "the client id is longer than \(maximumBytes) bytes" }
        return IdentityText.problem(id, what: "the client id")
    }

    /// Why a scope, audience or certificate name (`field` names it for the operator) is refused
    /// (for the CLI), or nil when it is acceptable: empty, or holding a control character
    /// (`IdentityText`, the one rule-4 check of every door).
    package static func problem(field: String, value: String) -> String? {
        if value.isEmpty { return "\(field) must not be empty" }
        return IdentityText.problem(value, what: field)
    }

    /// A client id from raw (already percent-decoded) bytes. Invalid UTF-8 becomes an id that
    /// `isAcceptable` refuses, instead of a look-alike with U+FFFD in it.
    package static func decode(_ bytes: UnsafeRawBufferPointer) -> String {
        guard UTF8Validation.isValid(bytes) else { return "\u{0}" }
        return String(decoding: bytes, as: UTF8.self)
    }
}
