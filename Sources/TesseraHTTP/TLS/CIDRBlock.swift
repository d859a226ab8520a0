import Glibc

/// An IPv4 or IPv6 address block (`10.0.0.0/8`, `fd00::/8`, or one address `192.0.2.7`),
/// matched against a connection's `PeerAddress` with two masked compares.
package struct CIDRBlock: Sendable, Equatable, CustomStringConvertible {
    /// 4 or 6.
    package let family: UInt8
    package let prefixLength: Int
    /// The address as two host-order 64-bit halves (IPv4 in the top 32 bits of `high`), masked.
    let high: UInt64
    let low: UInt64
    let maskHigh: UInt64
    let maskLow: UInt64

    /// Parses `address` or `address/prefix`; nil when either part is malformed or out of range.
    package init?(parsing text: String) {
        var address = Substring(text)
        var prefixText: Substring?
        if let slash = text.firstIndex(of: "/") {
            address = text[..<slash]
            prefixText = text[text.index(after: slash)...]
        }
        let family: UInt8 = address.contains(":") ? 6 : 4
        var raw = (UInt64(0), UInt64(0))
        let ok = withUnsafeMutableBytes(of: &raw) { out in
            String(address).withCString { inet_pton(family == 6 ? AF_INET6 : AF_INET, $0, out.baseAddress) == 1 }
        }
        guard ok else { return nil }
        let maxPrefix = family == 6 ? 128 : 32
        var prefix = maxPrefix
        if let prefixText {
            guard !prefixText.isEmpty, prefixText.utf8.count <= 3,
                  prefixText.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
                  let bits = Int(prefixText), bits <= maxPrefix else { return nil }
            prefix = bits
        }
        self.init(family: family, raw: raw, prefixLength: prefix)
    }

    private init(family: UInt8, raw: (UInt64, UInt64), prefixLength: Int) {
        self.family = family
        self.prefixLength = prefixLength
        maskHigh = prefixLength == 0 ? 0 : prefixLength >= 64 ? .max : ~UInt64(0) << UInt64(64 - prefixLength)
        maskLow = prefixLength <= 64 ? 0 : ~UInt64(0) << UInt64(128 - prefixLength)
        high = UInt64(bigEndian: raw.0) & maskHigh
        low = UInt64(bigEndian: raw.1) & maskLow
    }

    /// Whether `peer` lies in this block. An IPv4-mapped IPv6 peer (`::ffff:10.1.2.3`, what a
    /// dual-stack listener reports for IPv4 clients) is matched as the IPv4 address.
    package func contains(_ peer: PeerAddress) -> Bool {
        var peerFamily = peer.family
        var peerHigh = UInt64(bigEndian: peer.bytes.0)
        var peerLow = UInt64(bigEndian: peer.bytes.1)
        if peerFamily == 6, peerHigh == 0, peerLow >> 32 == 0xFFFF {
            peerFamily = 4
            peerHigh = peerLow << 32
            peerLow = 0
        }
        guard peerFamily == family else { return false }
        return peerHigh & maskHigh == high && peerLow & maskLow == low
    }

    package var description: String {
        var raw = (high.bigEndian, low.bigEndian)
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        _ = withUnsafeBytes(of: &raw) { inet_ntop(family == 6 ? AF_INET6 : AF_INET, $0.baseAddress, &text, socklen_t(text.count)) }
        return "\(String(cString: text))/\(prefixLength)"
    }
}
