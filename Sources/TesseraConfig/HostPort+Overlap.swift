#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension HostPort {
    /// Whether binding both would take the same socket address: the same port (0 never collides,
    /// each gets its own free port) on hosts that meet. A wildcard meets every host of its family,
    /// `::` every host (Linux binds it dual-stack), `localhost` both loopbacks; otherwise the
    /// addresses compare as bytes, so `[::1]` and `[0:0:0:0:0:0:0:1]` are one.
    package func overlaps(_ other: HostPort) -> Bool {
        guard port != 0, port == other.port else { return false }
        let mine = addresses
        let theirs = other.addresses
        if mine.contains(where: \.isAnyIPv6) || theirs.contains(where: \.isAnyIPv6) { return true }
        return mine.contains { left in
            theirs.contains { right in left == right || (left.isAnyIPv4 && right.isIPv4) || (right.isAnyIPv4 && left.isIPv4) }
        }
    }

    /// The host as the bytes of the addresses it binds (IPv4-mapped IPv6 as the IPv4 address).
    private var addresses: [[UInt8]] {
        if host == "localhost" { return [[127, 0, 0, 1], Array(repeating: 0, count: 15) + [1]] }
        var buffer = (UInt64(0), UInt64(0))
        let family = isIPv6 ? AF_INET6 : AF_INET
        let parsed = withUnsafeMutableBytes(of: &buffer) { raw -> [UInt8]? in
            guard inet_pton(family, host, raw.baseAddress) == 1 else { return nil }
            return Array(raw.prefix(family == AF_INET6 ? 16 : 4))
        }
        guard let bytes = parsed else { return [Array(host.utf8)] }
        if bytes.count == 16, bytes.prefix(10).allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF {
            return [Array(bytes.suffix(4))]
        }
        return [bytes]
    }
}

extension [UInt8] {
    fileprivate var isIPv4: Bool { count == 4 }
    fileprivate var isAnyIPv4: Bool { self == [0, 0, 0, 0] }
    fileprivate var isAnyIPv6: Bool { count == 16 && allSatisfy { $0 == 0 } }
}
