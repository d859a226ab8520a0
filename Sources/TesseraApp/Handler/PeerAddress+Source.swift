import TesseraHTTP
import TesseraOAuth

extension PeerAddress {
    /// The address as the failure limits key it: no port (a client connects from many), and an
    /// IPv6 address by its /64, the block one host or site is usually given: keyed by /128, one
    /// attacker with a /64 had 2^64 addresses, each with its own allowance of failures. An
    /// IPv4-mapped address (`::ffff:a.b.c.d`, an IPv4 client of a dual-stack listener) is keyed
    /// as the IPv4 address, not as the /64 every such client shares.
    var source: SourceAddress {
        guard family == 6 else { return SourceAddress(family: family, high: bytes.0, low: bytes.1) }
        return withUnsafeBytes(of: bytes) { raw in
            guard raw[0..<10].allSatisfy({ $0 == 0 }), raw[10] == 0xFF, raw[11] == 0xFF else {
                return SourceAddress(family: 6, high: bytes.0, low: 0)
            }
            var ipv4: UInt64 = 0
            withUnsafeMutableBytes(of: &ipv4) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[12..<16])) }
            return SourceAddress(family: 4, high: ipv4, low: 0)
        }
    }
}
