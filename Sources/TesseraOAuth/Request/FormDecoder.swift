import Glibc
import TesseraJOSE

/// Decodes `application/x-www-form-urlencoded` bodies (WHATWG URL §5, as RFC 6749 Appendix B uses
/// it) straight from the request bytes: `&` separates pairs, the first `=` splits name from value,
/// `+` is a space and `%XX` a byte. Empty segments (`a=1&&b=2`) are skipped; a segment without `=`
/// is a name with an empty value. Unlike a browser, a `%` not followed by two hex digits and a
/// decoded name or value that is not valid UTF-8 are rejected (`invalid_request`): a token request is
/// machine-made and a lenient guess could change who is authenticated.
package enum FormDecoder {
    /// Calls `visit` with each decoded name and value. Both views are valid only during the call.
    /// Components without `%` or `+` are passed straight from `body` without copying.
    package static func forEachParameter(
        in body: UnsafeRawBufferPointer,
        _ visit: (_ name: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) throws(OAuthError) -> Void
    ) throws(OAuthError) {
        // The usual body (no escape, ASCII only) is split in place with no per-component check.
        if isPlainASCII(body) {
            try forEachPlainParameter(in: body, visit)
            return
        }
        var nameScratch: [UInt8] = []
        var valueScratch: [UInt8] = []
        var start = 0
        while start <= body.count {
            // memchr for the separators: a token parameter is ~450 bytes, scanned on every
            // introspection and revocation.
            var end = body.count
            var equals = -1
            if start < body.count, let base = body.baseAddress {
                if let amp = memchr(base + start, Int32(UInt8(ascii: "&")), body.count - start) {
                    end = base.distance(to: UnsafeRawPointer(amp))
                }
                if let eq = memchr(base + start, Int32(UInt8(ascii: "=")), end - start) {
                    equals = base.distance(to: UnsafeRawPointer(eq))
                }
            } else {
                end = start
            }
            if end > start {
                let nameEnd = equals < 0 ? end : equals
                let rawName = UnsafeRawBufferPointer(rebasing: body[start..<nameEnd])
                let rawValue = equals < 0
                    ? UnsafeRawBufferPointer(rebasing: body[end..<end])
                    : UnsafeRawBufferPointer(rebasing: body[(equals + 1)..<end])
                try withDecoded(rawName, scratch: &nameScratch) { (name) throws(OAuthError) in
                    // A client_id that is not UTF-8 is a client that cannot exist: `invalid_client`
                    // (contract rule 4), decided where the id is read (`ClientIdentifier.decode`).
                    let validate = !name.equals("client_id")
                    try withDecoded(rawValue, scratch: &valueScratch, validate: validate) { (value) throws(OAuthError) in
                        try visit(name, value)
                    }
                }
            }
            start = end + 1
        }
    }

    private static func withDecoded(
        _ raw: UnsafeRawBufferPointer, scratch: inout [UInt8], validate: Bool = true,
        _ body: (UnsafeRawBufferPointer) throws(OAuthError) -> Void
    ) throws(OAuthError) {
        if !needsDecoding(raw) {
            guard !validate || UTF8Validation.isValid(raw) else { throw OAuthError.invalidRequest("request parameter is not valid UTF-8") }
            try body(raw)
            return
        }
        scratch.removeAll(keepingCapacity: true)
        guard decodeComponent(raw, into: &scratch) else {
            throw OAuthError.invalidRequest("malformed percent-encoding in request body")
        }
        let valid = scratch.withUnsafeBytes { UTF8Validation.isValid($0) }
        guard valid || !validate else { throw OAuthError.invalidRequest("request parameter is not valid UTF-8") }
        var failure: OAuthError?
        scratch.withUnsafeBytes { bytes in
            do throws(OAuthError) { try body(bytes) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Whether `raw` holds a `%` or `+`: without either, decoding would return it unchanged.
    @inline(__always)
    package static func needsDecoding(_ raw: UnsafeRawBufferPointer) -> Bool {
        guard let base = raw.baseAddress else { return false }
        return memchr(base, Int32(UInt8(ascii: "%")), raw.count) != nil
            || memchr(base, Int32(UInt8(ascii: "+")), raw.count) != nil
    }

    /// Appends the decoded form of one component (`+` -> space, `%XX` -> byte) to `out`; false when a
    /// `%` is not followed by two hex digits.
    /// A form-urlencoded component as text; nil for a bad escape or invalid UTF-8. Short plain
    /// components (client ids) become a String without an intermediate array.
    package static func decodeString(_ raw: UnsafeRawBufferPointer) -> String? {
        if !needsDecoding(raw) {
            guard UTF8Validation.isValid(raw) else { return nil }
            return String(decoding: raw, as: UTF8.self)
        }
        var bytes: [UInt8] = []
        guard decodeComponent(raw, into: &bytes), bytes.withUnsafeBytes({ UTF8Validation.isValid($0) }) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    package static func decodeComponent(_ raw: UnsafeRawBufferPointer, into out: inout [UInt8]) -> Bool {
        out.reserveCapacity(out.count + raw.count)
        var index = 0
        var plainStart = 0
        while index < raw.count {
            let byte = raw[index]
            guard byte == UInt8(ascii: "+") || byte == UInt8(ascii: "%") else {
                index += 1
                continue
            }
            // Copy the run of plain bytes before this escape in one go.
            if plainStart < index { out.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[plainStart..<index])) }
            if byte == UInt8(ascii: "+") {
                out.append(UInt8(ascii: " "))
                index += 1
            } else {
                guard index + 2 < raw.count,
                    let high = hexValue(raw[index + 1]), let low = hexValue(raw[index + 2])
                else { return false }
                out.append(high << 4 | low)
                index += 3
            }
            plainStart = index
        }
        if plainStart < raw.count { out.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[plainStart..<raw.count])) }
        return true
    }

    @inline(__always)
    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
