/// An `htu` as RFC 9449 §4.3 compares it: without query and fragment, after RFC 3986 §6.2.2
/// syntax-based normalisation (scheme and host in lower case, percent-encodings in upper case and
/// decoded where they stand for an unreserved character, dot segments removed) and §6.2.3
/// scheme-based normalisation (the default port dropped, an empty path read as `/`). Nil for
/// anything that is not an absolute http(s) URI.
package enum TargetURI {
    /// Longer than any URL of this server; a longer `htu` is refused unread.
    static let maximumLength = 2048

    package static func normalize(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        guard bytes.count <= maximumLength, let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { return nil }
        let scheme = String(decoding: bytes[..<colon].map(lower), as: UTF8.self)
        guard scheme == "http" || scheme == "https" else { return nil }
        var rest = bytes[(colon + 1)...]
        guard rest.starts(with: "//".utf8) else { return nil }
        rest = rest.dropFirst(2)
        let end = rest.firstIndex { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") } ?? rest.endIndex
        rest = rest[..<end]
        let slash = rest.firstIndex(of: UInt8(ascii: "/")) ?? rest.endIndex
        guard var authority = normalizedPercent(rest[..<slash], lowercase: true),
            var path = normalizedPercent(rest[slash...], lowercase: false)
        else { return nil }
        guard !authority.contains(UInt8(ascii: "@")) else { return nil }
        // The port follows the first colon after the host (an IPv6 literal ends with `]`): digits
        // only, and dropped when empty or the scheme's default (RFC 3986 §6.2.3).
        let hostEnd = authority.lastIndex(of: UInt8(ascii: "]")).map { $0 + 1 } ?? authority.startIndex
        let portColon = authority[hostEnd...].firstIndex(of: UInt8(ascii: ":"))
        // No host (`https://:443/`): not an http(s) URI, whether or not a port follows. Checked on
        // the host itself, so that dropping a default port never leaves an empty authority that a
        // second normalisation would refuse.
        guard (portColon ?? authority.endIndex) > authority.startIndex else { return nil }
        if let portColon {
            let port = authority[(portColon + 1)...]
            guard port.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
            if port.isEmpty || port.elementsEqual((scheme == "http" ? "80" : "443").utf8) { authority.removeSubrange(portColon...) }
        }
        if path.isEmpty { path = [UInt8(ascii: "/")] }
        return scheme + "://" + String(decoding: authority, as: UTF8.self) + String(decoding: removeDotSegments(path), as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    private static func lower(_ byte: UInt8) -> UInt8 {
        (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte)
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "~")
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }

    /// `%xx` in upper case, or the character itself when unreserved; nil for a broken escape or a
    /// byte that may not appear in a URI (controls, spaces, non-ASCII). `lowercase` (the host):
    /// letters in lower case, but never an escape's hex digits.
    private static func normalizedPercent(_ part: ArraySlice<UInt8>, lowercase: Bool) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(part.count)
        var index = part.startIndex
        while index < part.endIndex {
            let byte = part[index]
            guard byte > 0x20 && byte < 0x7F else { return nil }
            guard byte == UInt8(ascii: "%") else {
                out.append(lowercase ? lower(byte) : byte)
                index += 1
                continue
            }
            guard index + 2 < part.endIndex, let high = hexValue(part[index + 1]), let low = hexValue(part[index + 2]) else {
                return nil
            }
            let decoded = high << 4 | low
            if isUnreserved(decoded) {
                out.append(lowercase ? lower(decoded) : decoded)
            } else {
                out.append(contentsOf: [UInt8(ascii: "%"), hexDigits[Int(high)], hexDigits[Int(low)]])
            }
            index += 3
        }
        return out
    }

    /// RFC 3986 §5.2.4 on an absolute path.
    private static func removeDotSegments(_ path: [UInt8]) -> [UInt8] {
        var output: [ArraySlice<UInt8>] = []
        let segments = path.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).dropFirst()
        for (position, segment) in segments.enumerated() {
            let last = position == segments.count - 1
            if segment.elementsEqual(".".utf8) {
                if last { output.append([]) }
            } else if segment.elementsEqual("..".utf8) {
                if !output.isEmpty { output.removeLast() }
                if last { output.append([]) }
            } else {
                output.append(segment)
            }
        }
        var result: [UInt8] = []
        for segment in output {
            result.append(UInt8(ascii: "/"))
            result.append(contentsOf: segment)
        }
        return result.isEmpty ? [UInt8(ascii: "/")] : result
    }
}
