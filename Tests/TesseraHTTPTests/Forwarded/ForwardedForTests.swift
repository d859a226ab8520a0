import Testing
@testable import TesseraHTTP

/// `ForwardedFor`: the client address of a request from a trusted proxy, read from the right of
/// `X-Forwarded-For` / `Forwarded: for=`, never believing what the client itself wrote. The peer
/// is 10.0.0.1; the trusted proxies are 10.0.0.0/8 and fd00::/8.
struct ForwardedForTests {
    static let trusted = TrustedProxies(blocks: [CIDRBlock(parsing: "10.0.0.0/8")!, CIDRBlock(parsing: "fd00::/8")!])
    static let peer = CIDRBlockTests.peer("10.0.0.1")

    /// The client address (`host` text) for these header lines, in order.
    static func client(_ lines: [(String, String)]) -> String {
        var text = ""
        var fields: [HTTPHeaderField] = []
        for (name, value) in lines {
            let nameStart = text.utf8.count
            text += name
            let valueStart = text.utf8.count + 2
            text += ": " + value
            fields.append(HTTPHeaderField(name: nameStart..<(nameStart + name.utf8.count), value: valueStart..<text.utf8.count))
            text += "\r\n"
        }
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { bytes in
            // As the parser names them.
            for i in fields.indices { fields[i].known = HTTPFieldName.classify(bytes, fields[i].name) }
            return ForwardedFor.client(fields: fields, bytes: bytes, peer: peer, trusted: trusted)
        }.host
    }

    @Test(arguments: [
        // X-Forwarded-For
        ([("X-Forwarded-For", "203.0.113.7")], "203.0.113.7"),
        ([("x-forwarded-for", " 203.0.113.7 ")], "203.0.113.7"),
        ([("X-Forwarded-For", "203.0.113.7, 10.0.0.9")], "203.0.113.7"),  // a second trusted proxy
        ([("X-Forwarded-For", "198.51.100.66, 203.0.113.7")], "203.0.113.7"),  // spoofed entry on the left
        ([("X-Forwarded-For", "198.51.100.66"), ("X-Forwarded-For", "203.0.113.7")], "203.0.113.7"),  // lines join
        ([("X-Forwarded-For", "203.0.113.7,,")], "203.0.113.7"),  // empty list elements
        ([("X-Forwarded-For", "203.0.113.7:4711")], "203.0.113.7"),
        ([("X-Forwarded-For", "2001:db8::17")], "2001:db8::17"),
        ([("X-Forwarded-For", "[2001:db8::17]:4711")], "2001:db8::17"),
        ([("X-Forwarded-For", "\"203.0.113.7\"")], "203.0.113.7"),
        ([("X-Forwarded-For", "::ffff:203.0.113.7")], "203.0.113.7"),
        ([("X-Forwarded-For", "10.0.0.7, 10.0.0.9")], "10.0.0.7"),  // all trusted: the leftmost
        ([("X-Forwarded-For", "fd00::5")], "fd00::5"),
        // Garbage where the answer lies: the peer.
        ([("X-Forwarded-For", "unknown")], "10.0.0.1"),
        ([("X-Forwarded-For", "203.0.113.7, garbage")], "10.0.0.1"),
        ([("X-Forwarded-For", "203.0.113.7, 10.0.0.9, 256.1.1.1")], "10.0.0.1"),
        ([("X-Forwarded-For", "203.0.113.7:99999")], "10.0.0.1"),
        ([("X-Forwarded-For", "[2001:db8::17")], "10.0.0.1"),
        ([("X-Forwarded-For", "203.0.113.7 198.51.100.1")], "10.0.0.1"),
        ([("X-Forwarded-For", "")], "10.0.0.1"),
        ([("X-Forwarded-For", String(repeating: "1", count: 300))], "10.0.0.1"),
        // Garbage left of the answer is never read.
        ([("X-Forwarded-For", "<script>, 203.0.113.7")], "203.0.113.7"),
        // Forwarded (RFC 7239)
        ([("Forwarded", "for=203.0.113.7")], "203.0.113.7"),
        ([("Forwarded", "For=\"203.0.113.7:4711\";proto=https;by=10.0.0.1")], "203.0.113.7"),
        ([("Forwarded", "for=\"[2001:db8:cafe::17]:4711\"")], "2001:db8:cafe::17"),
        ([("Forwarded", "for=198.51.100.66, for=203.0.113.7")], "203.0.113.7"),
        ([("Forwarded", "for=198.51.100.66"), ("Forwarded", "for=203.0.113.7;proto=http")], "203.0.113.7"),
        ([("Forwarded", "for=203.0.113.7, for=10.0.0.9")], "203.0.113.7"),
        ([("Forwarded", "proto=http;by=\"a,b\", for=203.0.113.7")], "203.0.113.7"),  // comma inside quotes
        ([("Forwarded", "for=\"\\203.0.113.7\"")], "203.0.113.7"),  // quoted-pair
        ([("Forwarded", "for=unknown")], "10.0.0.1"),
        ([("Forwarded", "for=_hidden")], "10.0.0.1"),
        ([("Forwarded", "proto=https")], "10.0.0.1"),  // a hop without for=
        ([("Forwarded", "for=203.0.113.7;for=198.51.100.1")], "10.0.0.1"),
        ([("Forwarded", "for=2001:db8::17")], "2001:db8::17"),
        ([("Forwarded", "for=\"203.0.113.7")], "10.0.0.1"),
        // Both headers: they must agree, or one was written by the client.
        ([("X-Forwarded-For", "203.0.113.7"), ("Forwarded", "for=\"203.0.113.7:1\"")], "203.0.113.7"),
        ([("X-Forwarded-For", "203.0.113.7"), ("Forwarded", "for=198.51.100.66")], "10.0.0.1"),
        // Neither.
        ([("Host", "example")], "10.0.0.1"),
    ] as [([(String, String)], String)])
    func clientAddress(lines: [(String, String)], expected: String) {
        #expect(Self.client(lines) == expected, "\(lines)")
    }
}
