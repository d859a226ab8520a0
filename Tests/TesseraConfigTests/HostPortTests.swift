import Testing
import TesseraConfig

@Suite struct HostPortTests {
    @Test(arguments: [
        ("127.0.0.1:8080", HostPort(host: "127.0.0.1", port: 8080)),
        ("0.0.0.0:0", HostPort(host: "0.0.0.0", port: 0)),
        ("localhost:65535", HostPort(host: "localhost", port: 65535)),
        ("[::1]:443", HostPort(host: "::1", port: 443)),
        ("[::]:8080", HostPort(host: "::", port: 8080)),
        ("[fe80::1:2]:1", HostPort(host: "fe80::1:2", port: 1)),
    ])
    func validListenAddressesParse(text: String, expected: HostPort) throws {
        #expect(try HostPort(parsing: text) == expected)
    }

    @Test(arguments: [
        "", "8080", ":8080", "127.0.0.1", "127.0.0.1:", "127.0.0.1:65536", "127.0.0.1:-1", "127.0.0.1:80a",
        "256.0.0.1:80", "1.2.3:80", "host.example:80", "::1:80", "[::1]", "[::1]80", "[nope]:80", "[::1:80",
        "127.0.0.1:123456",
    ])
    func invalidListenAddressesAreRejected(text: String) {
        #expect(throws: ConfigError.self) { try HostPort(parsing: text) }
    }

    @Test func descriptionBracketsIPv6() {
        #expect(HostPort(host: "::1", port: 80).description == "[::1]:80")
        #expect(HostPort(host: "127.0.0.1", port: 80).description == "127.0.0.1:80")
    }
}
