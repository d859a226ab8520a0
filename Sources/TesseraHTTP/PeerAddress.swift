import Glibc

/// The remote end of a connection as the kernel reported it at accept: IPv4 or IPv6 address and
/// port, stored inline (no allocation per connection). Rendered as text only where a line or an
/// attribute needs it (access log, spans, trusted-proxy checks).
package struct PeerAddress: Sendable, Equatable {
    /// 4 (IPv4) or 6 (IPv6); 0 when unknown.
    package var family: UInt8
    /// Network byte order; IPv4 uses the first 4 bytes.
    package var bytes: (UInt64, UInt64)
    package var port: UInt16

    package static let unknown = PeerAddress(family: 0, bytes: (0, 0), port: 0)

    package init(family: UInt8, bytes: (UInt64, UInt64), port: UInt16) {
        self.family = family
        self.bytes = bytes
        self.port = port
    }

    package static func == (a: PeerAddress, b: PeerAddress) -> Bool {
        a.family == b.family && a.bytes.0 == b.bytes.0 && a.bytes.1 == b.bytes.1 && a.port == b.port
    }

    /// Reads a `sockaddr_in` or `sockaddr_in6`.
    package init(_ storage: UnsafePointer<sockaddr_storage>) {
        switch Int32(storage.pointee.ss_family) {
        case AF_INET:
            self = storage.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
                PeerAddress(family: 4, address: $0.pointee.sin_addr, port: $0.pointee.sin_port)
            }
        case AF_INET6:
            self = storage.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) {
                PeerAddress(family: 6, address: $0.pointee.sin6_addr, port: $0.pointee.sin6_port)
            }
        default:
            self = .unknown
        }
    }

    /// An IPv4-mapped IPv6 address (`::ffff:a.b.c.d`: an IPv4 client of a dual-stack listener, or
    /// that spelling in a forwarding header) as the IPv4 address it carries, so that both
    /// spellings of one client are one client; any other address as it is.
    package var unmapped: PeerAddress {
        guard family == 6, bytes.0 == 0, UInt64(bigEndian: bytes.1) >> 32 == 0xFFFF else { return self }
        var ipv4 = (UInt64(0), UInt64(0))
        withUnsafeMutableBytes(of: &ipv4) { out in
            withUnsafeBytes(of: bytes) { out.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[12..<16])) }
        }
        return PeerAddress(family: 4, bytes: ipv4, port: port)
    }

    /// Copies an `in_addr` or `in6_addr` (network byte order) and a network-order port.
    private init<Address>(family: UInt8, address: Address, port: in_port_t) {
        var raw = (UInt64(0), UInt64(0))
        withUnsafeMutableBytes(of: &raw) { out in
            withUnsafeBytes(of: address) { out.copyMemory(from: $0) }
        }
        self.init(family: family, bytes: raw, port: UInt16(bigEndian: port))
    }

    /// The address bytes: 4 for IPv4, 16 for IPv6, none when unknown.
    package var addressBytes: [UInt8] {
        var raw = bytes
        let count = family == 4 ? 4 : family == 6 ? 16 : 0
        return withUnsafeBytes(of: &raw) { Array($0.prefix(count)) }
    }

    /// The address alone: `127.0.0.1`, `::1`; `unknown` when the family is not known.
    package var host: String {
        guard family != 0 else { return "unknown" }
        var raw = bytes
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let ok = withUnsafeBytes(of: &raw) { src in
            inet_ntop(family == 4 ? AF_INET : AF_INET6, src.baseAddress, &text, socklen_t(text.count)) != nil
        }
        return ok ? String(cString: text) : "unknown"
    }
}
