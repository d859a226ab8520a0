import TesseraHTTP

extension PeerAddress {
    /// Appends the address alone (`127.0.0.1`, `::1`): IPv4 without a String, IPv6 through
    /// inet_ntop.
    func appendHost(to out: inout [UInt8]) {
        guard family == 4 else {
            out.append(contentsOf: host.utf8)
            return
        }
        // Written into 16 bytes on the stack and appended once (a byte at a time into the
        // array cost ~270 instructions per access line, callgrind).
        var raw = bytes
        var text: (UInt64, UInt64) = (0, 0)
        withUnsafeBytes(of: &raw) { octets in
            withUnsafeMutableBytes(of: &text) { text in
                var length = 0
                for index in 0..<4 {
                    if index > 0 { text[length] = UInt8(ascii: "."); length += 1 }
                    let octet = octets[index]
                    if octet >= 100 { text[length] = UInt8(ascii: "0") + octet / 100; length += 1 }
                    if octet >= 10 { text[length] = UInt8(ascii: "0") + octet / 10 % 10; length += 1 }
                    text[length] = UInt8(ascii: "0") + octet % 10
                    length += 1
                }
                out.append(contentsOf: UnsafeRawBufferPointer(rebasing: text[..<length]).bindMemory(to: UInt8.self))
            }
        }
    }
}
