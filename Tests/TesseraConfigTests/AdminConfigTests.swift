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

    @Test(arguments: [
        ("127.0.0.1:8081", "127.0.0.1:8081", true), ("0.0.0.0:8081", "127.0.0.1:8081", true), ("127.0.0.1:8081", "0.0.0.0:8081", true),
        ("[::]:8081", "127.0.0.1:8081", true), ("localhost:8081", "127.0.0.1:8081", true), ("[::1]:8081", "localhost:8081", true),
        ("[0:0:0:0:0:0:0:1]:8081", "[::1]:8081", true), ("[::ffff:127.0.0.1]:8081", "127.0.0.1:8081", true),
        ("127.0.0.1:0", "127.0.0.1:0", false), ("127.0.0.1:8081", "127.0.0.1:8082", false), ("127.0.0.2:8081", "127.0.0.1:8081", false),
        ("0.0.0.0:8081", "[::1]:8081", false),
    ])
    func listenersMeetOnOnePortAndOverlappingHosts(left: String, right: String, meet: Bool) throws {
        let (a, b) = (try HostPort(parsing: left), try HostPort(parsing: right))
        #expect(a.overlaps(b) == meet && b.overlaps(a) == meet, "\(left) \(right)")
    }

    @Test func theAdminListenerOnServerListenIsAnErrorNamingAdminListen() throws {
        for yaml in ["server:\n  listen: \"0.0.0.0:9000\"\nadmin:\n  listen: \"127.0.0.1:9000\"\n",
                     "server:\n  listen: \"127.0.0.1:8081\"\nadmin:\n  audience: a\n"] {
            #expect { try Self.parse(yaml) } throws: { error in
                (error as? ConfigError)?.keyPath == "admin.listen" && "\(error)".contains("server.listen")
            }
        }
        #expect(try Self.parse("server:\n  listen: \"127.0.0.1:0\"\nadmin:\n  listen: \"127.0.0.1:0\"\n").admin != nil)
    }
}
