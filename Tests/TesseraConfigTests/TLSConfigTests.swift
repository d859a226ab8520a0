import Testing
@testable import TesseraConfig

/// `server.tls` and `server.trusted_proxies` (CONTRACT "TLS and client authentication beyond secrets").
struct TLSConfigTests {
    static func parse(_ yaml: String, file: String = "/etc/tessera/config.yaml") throws -> Config {
        try ConfigLoader.parse(yaml: yaml, file: file, environment: [:])
    }

    @Test func contractExampleParsesWithPathsBesideTheConfigFile() throws {
        let yaml = """
        server:
          tls:
            certificate: ./tls/server.pem
            private_key: ./tls/server.key
            client_ca: ./tls/clients-ca.pem
            min_version: "1.2"
          trusted_proxies: []
        """
        let config = try Self.parse(yaml)
        #expect(config.server.tls == TLSConfig(
            certificate: "/etc/tessera/tls/server.pem", privateKey: "/etc/tessera/tls/server.key",
            clientCA: "/etc/tessera/tls/clients-ca.pem", minVersion: .tls12))
        #expect(config.server.trustedProxies == [])
    }

    @Test func withoutTLSTheServerSpeaksPlainHTTP() throws {
        #expect(try Self.parse("server:\n  workers: 2\n").server.tls == nil)
        #expect(Config.defaults.server.tls == nil)
        #expect(Config.defaults.server.trustedProxies == [])
    }

    @Test func absolutePathsAreKeptAndMinVersionDefaultsTo12() throws {
        let config = try Self.parse("server:\n  tls:\n    certificate: /a/cert.pem\n    private_key: /b/key.pem\n")
        #expect(config.server.tls == TLSConfig(certificate: "/a/cert.pem", privateKey: "/b/key.pem", clientCA: nil, minVersion: .tls12))
    }

    @Test(arguments: ["\"1.3\"", "1.3", "'1.3'"])
    func minVersion13QuotedOrNot(text: String) throws {
        let config = try Self.parse("server:\n  tls:\n    certificate: c\n    private_key: k\n    min_version: \(text)\n")
        #expect(config.server.tls?.minVersion == .tls13)
    }

    @Test func trustedProxiesKeepTheirEntries() throws {
        let config = try Self.parse("server:\n  trusted_proxies: [10.0.0.0/8, \"fd00::/8\", 192.0.2.7, \"::1\"]\n")
        #expect(config.server.trustedProxies == ["10.0.0.0/8", "fd00::/8", "192.0.2.7", "::1"])
    }

    @Test(arguments: [
        ("server:\n  tls:\n    private_key: k\n", "server.tls.certificate", "is required when server.tls is set"),
        ("server:\n  tls:\n    certificate: c\n", "server.tls.private_key", "is required"),
        ("server:\n  tls:\n    certificate: \"\"\n    private_key: k\n", "server.tls.certificate", "must not be empty"),
        ("server:\n  tls:\n    certificate: c\n    private_key: k\n    client_ca: \"\"\n", "server.tls.client_ca", "must not be empty"),
        ("server:\n  tls:\n    certificate: c\n    private_key: k\n    min_version: \"1.1\"\n", "server.tls.min_version", "expected \"1.2\" or \"1.3\", got \"1.1\""),
        ("server:\n  tls:\n    certificate: c\n    private_key: k\n    min_version: 1.20\n", "server.tls.min_version", "expected \"1.2\" or \"1.3\""),
        ("server:\n  tls:\n    certificate: c\n    private_key: k\n    ciphers: HIGH\n", "server.tls.ciphers", "unknown key"),
        ("server:\n  tls:\n    certificate: c\n    privatekey: k\n", "server.tls.privatekey", "did you mean `private_key`?"),
        ("server:\n  tls: yes\n", "server.tls", "expected a mapping"),
        ("server:\n  tls:\n    certificate: [a]\n    private_key: k\n", "server.tls.certificate", "expected a string"),
        ("server:\n  trusted_proxies: 10.0.0.0/8\n", "server.trusted_proxies", "expected a list"),
        ("server:\n  trusted_proxies: [10.0.0.0/8, proxy.local]\n", "server.trusted_proxies[1]", "expected an IPv4 or IPv6 address or CIDR"),
        ("server:\n  trusted_proxies: [10.0.0.0/33]\n", "server.trusted_proxies[0]", "prefix length must be 0 to 32"),
        ("server:\n  trusted_proxies: [\"::/129\"]\n", "server.trusted_proxies[0]", "prefix length must be 0 to 128"),
        ("server:\n  trusted_proxies: [\"10.0.0.0/\"]\n", "server.trusted_proxies[0]", "prefix length"),
        ("server:\n  trusted_proxies: [[a]]\n", "server.trusted_proxies[0]", "expected a CIDR string"),
        ("server:\n  trusted_proxy: []\n", "server.trusted_proxy", "unknown key (expected one of: listen,"),
    ])
    func badValueNamesItsKeyPath(yaml: String, keyPath: String, fragment: String) {
        #expect {
            try Self.parse(yaml, file: "config.yaml")
        } throws: { error in
            guard let error = error as? ConfigError else { return false }
            return error.keyPath == keyPath && error.message.contains(fragment)
        }
    }
}
