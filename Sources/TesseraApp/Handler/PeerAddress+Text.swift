import TesseraHTTP

extension PeerAddress {
    /// Appends the address alone (`127.0.0.1`, `::1`): IPv4 without a String, IPv6 through
    /// inet_ntop.
    func appendHost(to out: inout [UInt8]) {
        guard family == 4 else {
            out.append(contentsOf: host.utf8)
            return
        }
        var raw = bytes
        withUnsafeBytes(of: &raw) { octets in
            for index in 0..<4 {
                if index > 0 { out.append(UInt8(ascii: ".")) }
                let octet = Int(octets[index])
                if octet >= 100 { out.append(UInt8(ascii: "0") + UInt8(octet / 100)) }
                if octet >= 10 { out.append(UInt8(ascii: "0") + UInt8(octet / 10 % 10)) }
                out.append(UInt8(ascii: "0") + UInt8(octet % 10))
            }
        }
    }
}
