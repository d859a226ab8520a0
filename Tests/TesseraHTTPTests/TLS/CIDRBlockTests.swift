import Glibc
import Testing
@testable import TesseraHTTP

/// `server.trusted_proxies` entries and the peer addresses they match.
struct CIDRBlockTests {
    static func peer(_ text: String) -> PeerAddress {
        let family: UInt8 = text.contains(":") ? 6 : 4
        var raw = (UInt64(0), UInt64(0))
        let ok = withUnsafeMutableBytes(of: &raw) { inet_pton(family == 6 ? AF_INET6 : AF_INET, text, $0.baseAddress) }
        precondition(ok == 1, text)
        return PeerAddress(family: family, bytes: raw, port: 443)
    }

    @Test(arguments: [
        ("10.0.0.0/8", "10.1.2.3", true),
        ("10.0.0.0/8", "11.0.0.1", false),
        ("192.168.1.7", "192.168.1.7", true),
        ("192.168.1.7", "192.168.1.8", false),
        ("192.168.1.7/32", "192.168.1.7", true),
        ("172.16.0.0/12", "172.31.255.255", true),
        ("172.16.0.0/12", "172.32.0.0", false),
        ("0.0.0.0/0", "203.0.113.9", true),
        ("0.0.0.0/0", "::1", false),
        ("10.0.0.1/8", "10.200.0.1", true), // host bits in the entry are ignored
        ("127.0.0.1", "::ffff:127.0.0.1", true), // dual-stack listener, IPv4 client
        ("10.0.0.0/8", "::ffff:11.0.0.1", false),
        ("::1", "::1", true),
        ("::1", "127.0.0.1", false),
        ("fd00::/8", "fd12:3456::1", true),
        ("fd00::/8", "fe80::1", false),
        ("2001:db8::/64", "2001:db8::ffff:1", true),
        ("2001:db8::/64", "2001:db8:0:1::1", false),
        ("2001:db8::/127", "2001:db8::1", true),
        ("2001:db8::/127", "2001:db8::2", false),
        ("::/0", "2001:db8::1", true),
    ])
    func blockMatchesExactlyItsAddresses(cidr: String, address: String, expected: Bool) throws {
        let block = try #require(CIDRBlock(parsing: cidr))
        #expect(block.contains(Self.peer(address)) == expected)
    }

    @Test(arguments: ["", "10.0.0.0/", "10.0.0.0/33", "::/129", "10.0.0/8", "10.0.0.0/-1", "10.0.0.0/8/8",
                      "example.com", "10.0.0.0 /8", "1.2.3.4/0x8", "10.0.0.0/0008", "fe80::1%eth0"])
    func malformedEntryIsRefused(text: String) {
        #expect(CIDRBlock(parsing: text) == nil)
    }

    @Test func unknownPeerIsNeverTrusted() throws {
        let proxies = try TrustedProxies(parsing: ["0.0.0.0/0", "::/0"])
        #expect(!proxies.contains(.unknown))
        #expect(proxies.contains(Self.peer("198.51.100.1")))
    }

    @Test func emptyListTrustsNobody() {
        #expect(!TrustedProxies.none.contains(Self.peer("127.0.0.1")))
    }

    @Test func listRefusesItsFirstMalformedEntry() {
        #expect(throws: HTTPError.badRequest("not an IP address or CIDR: nope")) { try TrustedProxies(parsing: ["10.0.0.0/8", "nope"]) }
    }

    @Test func descriptionRoundTrips() throws {
        for text in ["10.0.0.0/8", "2001:db8::/32", "::1/128"] {
            #expect(CIDRBlock(parsing: text)?.description == text)
        }
    }
}
