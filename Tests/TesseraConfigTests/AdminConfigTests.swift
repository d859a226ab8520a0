import Testing
@testable import TesseraConfig

/// `admin:` (CONTRACT "Admin API and audit trail").
struct AdminConfigTests {
    static func parse(_ yaml: String) throws -> Config {
        try ConfigLoader.parse(yaml: yaml, file: "/etc/tessera/config.yaml", environment: [:])
    }

    @Test func contractExampleParses() throws {
        let config = try Self.parse("""
        admin:
          listen: "127.0.0.1:8081"
          tls: {}
          audience: tessera-admin
          metrics: false
          audit_retention: 90d
        """)
        #expect(config.admin == AdminConfig(listen: HostPort(host: "127.0.0.1", port: 8081), tls: nil, audience: "tessera-admin",
                                            metrics: false, auditRetention: .seconds(90 * 86_400)))
    }

    @Test func withoutTheSectionThereIsNoAdminListener() throws {
        #expect(try Self.parse("issuer: \"http://127.0.0.1:8080\"\n").admin == nil)
    }

    @Test func tlsPathsAreResolvedBesideTheConfigFile() throws {
        let config = try Self.parse("admin:\n  tls:\n    certificate: ./a.pem\n    private_key: ./a.key\n  audit_retention: 12h\n")
        #expect(config.admin?.tls?.certificate == "/etc/tessera/a.pem")
        #expect(config.admin?.auditRetention == .seconds(12 * 3600))
    }

    @Test(arguments: [
        ("admin:\n  listen: nowhere\n", "admin.listen"),
        ("admin:\n  audience: \"\"\n", "admin.audience"),
        ("admin:\n  metrics: maybe\n", "admin.metrics"),
        ("admin:\n  audit_retention: forever\n", "admin.audit_retention"),
        ("admin:\n  port: 8081\n", "admin.port"),
        ("admin:\n  tls:\n    private_key: k\n", "admin.tls.certificate"),
    ])
    func badValuesNameTheirKey(yaml: String, keyPath: String) throws {
        #expect { try Self.parse(yaml) } throws: { error in
            (error as? ConfigError)?.keyPath == keyPath
        }
    }
}
