extension OAuthError {
    /// Appends `{"error":"...","error_description":"..."}`.
    package func writeJSON(into out: inout [UInt8]) {
        out.appendLiteral(#"{"error":""#)
        out.append(contentsOf: code.utf8)
        out.appendLiteral(#"","error_description":""#)
        JSONText.appendEscaped(errorDescription, to: &out)
        out.appendLiteral(#""}"#)
    }
}

/// Minimal JSON string escaping for the few strings the OAuth module writes itself.
enum JSONText {
    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    static func appendEscaped(_ string: String, to out: inout [UInt8]) {
        // Most strings (scopes, descriptions) need no escaping: copy them whole.
        let plain = string.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            for byte in bytes where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return false }
            out.append(contentsOf: bytes)
            return true
        }
        if plain == true { return }
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.appendLiteral(#"\""#)
            case UInt8(ascii: "\\"): out.appendLiteral(#"\\"#)
            case 0x00..<0x20:
                out.appendLiteral(#"\u00"#)
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            default: out.append(byte)
            }
        }
    }

    static func appendInteger(_ value: Int64, to out: inout [UInt8]) {
        if value < 0 {
            out.append(UInt8(ascii: "-"))
            appendUnsigned(value.magnitude, to: &out)
        } else {
            appendUnsigned(UInt64(value), to: &out)
        }
    }

    static func appendUnsigned(_ value: UInt64, to out: inout [UInt8]) {
        if value >= 10 { appendUnsigned(value / 10, to: &out) }
        out.append(UInt8(ascii: "0") + UInt8(value % 10))
    }
}
