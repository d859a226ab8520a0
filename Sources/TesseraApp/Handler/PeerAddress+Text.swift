import TesseraCore
import TesseraHTTP

extension PeerAddress {
    /// The most bytes `puttingHost` stores (an IPv6 address as inet_ntop writes it, or `unknown`).
    static let hostBound = 46

    /// Appends the address alone (`127.0.0.1`, `::1`): IPv4 without a String, IPv6 through
    /// inet_ntop.
    func appendHost(to out: inout [UInt8]) {
        guard family == 4 else {
            out.append(contentsOf: host.utf8)
            return
        }
        // Written into 16 bytes on the stack and appended once (a byte at a time into the
        // array cost ~270 instructions per access line, callgrind).
        var text: (UInt64, UInt64) = (0, 0)
        withUnsafeMutableBytes(of: &text) { text in
            let length = puttingIPv4(at: text.baseAddress!) - text.baseAddress!
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: text[..<length]).bindMemory(to: UInt8.self))
        }
    }

    /// The same bytes stored at `at` (room for `hostBound`); returns the address after them.
    func puttingHost(at: UnsafeMutableRawPointer) -> UnsafeMutableRawPointer {
        guard family == 4 else {
            var text = host
            return text.withUTF8 { at.putting(UnsafeRawBufferPointer($0)) }
        }
        return puttingIPv4(at: at)
    }

    private func puttingIPv4(at start: UnsafeMutableRawPointer) -> UnsafeMutableRawPointer {
        var raw = bytes
        return withUnsafeBytes(of: &raw) { octets in
            var at = start
            for index in 0..<4 {
                if index > 0 { at = at.putting(byte: UInt8(ascii: ".")) }
                let octet = octets[index]
                if octet >= 100 { at = at.putting(byte: UInt8(ascii: "0") + octet / 100) }
                if octet >= 10 { at = at.putting(byte: UInt8(ascii: "0") + octet / 10 % 10) }
                at = at.putting(byte: UInt8(ascii: "0") + octet % 10)
            }
            return at
        }
    }
}
