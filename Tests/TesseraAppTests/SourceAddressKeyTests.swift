import Glibc
import Testing
import TesseraHTTP
@testable import TesseraApp

/// The failure limits key an address without its port, an IPv6 address by its /64 (one host's or
/// site's block), and an IPv4-mapped address as the IPv4 address it carries.
struct SourceAddressKeyTests {
    static func peer(_ text: String, port: UInt16 = 443) -> PeerAddress {
        let family: UInt8 = text.contains(":") ? 6 : 4
        var raw = (UInt64(0), UInt64(0))
        let ok = withUnsafeMutableBytes(of: &raw) { inet_pton(family == 6 ? AF_INET6 : AF_INET, text, $0.baseAddress) }
        precondition(ok == 1, text)
        return PeerAddress(family: family, bytes: raw, port: port)
    }

    @Test(arguments: [
        ("203.0.113.7", "203.0.113.7", true), ("203.0.113.7", "203.0.113.8", false),
        ("2001:db8:1:2::1", "2001:db8:1:2:ffff::9", true), ("2001:db8:1:2::1", "2001:db8:1:3::1", false),
        ("::ffff:203.0.113.7", "203.0.113.7", true), ("::ffff:203.0.113.7", "::ffff:203.0.113.8", false),
        ("::1", "::2", true), ("::1", "127.0.0.1", false),
    ])
    func addressesShareAKeyExactlyWhenTheyShareAHostOrA64(_ a: String, _ b: String, _ same: Bool) {
        #expect((Self.peer(a, port: 1000).source == Self.peer(b, port: 2000).source) == same)
    }
}
