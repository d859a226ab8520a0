import Foundation
import Testing
import TesseraTesting

/// What `client add` refuses (exit 2, one line of stderr naming what is wrong, nothing stored):
/// rule 4's ids, scopes, audiences and certificate names, an argument that is not UTF-8, a client
/// with no audience, and a static client's id. And what it keeps apart: scopes that differ in bytes.
@Suite(.requires(Services.running, Services.skipMessage), .timeLimit(.minutes(2)))
struct ClientAddRefusalTests {
    static let valid = ["--scope", "read", "--audience", "api"]

    struct Case: CustomTestStringConvertible, Sendable {
        var arguments: [String]
        var field: String
        var testDescription: String { "\(field): \(arguments.joined(separator: " ").debugDescription)" }
    }

    @Test(arguments: [
        Case(arguments: ["bad\u{1}id"] + valid, field: "client id"),
        Case(arguments: ["bad\u{7F}id"] + valid, field: "client id"),
        Case(arguments: ["svc", "--scope", "read wr\u{1B}ite", "--audience", "api"], field: "--scope"),
        Case(arguments: ["svc", "--scope", "read", "--audience", "api\u{1}x"], field: "--audience"),
        Case(arguments: ["svc", "--scope", "read", "--audience", "api", "--audience", "line\nbreak"], field: "--audience"),
        Case(arguments: ["svc", "--tls-subject", "CN=svc\r,O=x"] + valid, field: "--tls-subject"),
        Case(arguments: ["svc", "--tls-san-dns", "svc.example\t"] + valid, field: "--tls-san-dns"),
        Case(arguments: ["svc", "--tls-san-uri", "spiffe://x/\u{1F}"] + valid, field: "--tls-san-uri"),
        Case(arguments: ["svc", "--scope", "read"], field: "--audience"),
    ])
    func refusedWithExit2OnOneLineNamingTheField(_ test: Case) throws {
        let fixture = try CLIFixture.migrated(redis: nil)
        defer { fixture.done() }
        let outcome = try fixture.tessera(["client", "add"] + test.arguments)
        #expect(outcome.status == 2 && outcome.stderrLines.count == 1, "\(outcome)")
        #expect(outcome.stderr.contains(test.field), "\(outcome)")
        #expect(try fixture.tessera(["client", "list"]).stdout.isEmpty, "a refused client was stored")
    }

    /// Swift repairs an argument that is not UTF-8 into U+FFFD; the binary reads the raw bytes first.
    @Test func anArgumentThatIsNotUTF8IsRefusedNotRepaired() throws {
        let fixture = try CLIFixture.migrated(redis: nil)
        defer { fixture.done() }
        let arguments: [[UInt8]] = [Array("client".utf8), Array("add".utf8), Array("bad".utf8) + [0xFF] + Array("id".utf8)]
            + (Self.valid + ["--config", fixture.config]).map { Array($0.utf8) }
        let outcome = try TesseraBinary.run(raw: arguments, timeout: 30)
        #expect(outcome.status == 2 && outcome.stderrLines.count == 1, "\(outcome)")
        #expect(outcome.stderr.contains("not valid UTF-8") && outcome.stderr.contains("bad\\xffid"), "\(outcome)")
        #expect(try fixture.tessera(["client", "list"]).stdout.isEmpty, "the repaired id was stored")
    }

    @Test func theIdOfAStaticClientIsRefused() throws {
        let kms = try TestClient.generated("Kms", scopes: ["read"], audiences: ["api"])
        let fixture = try CLIFixture(redis: nil, extra: """
            clients:
              - id: Kms
                secret_hash: "\(kms.secretHash)"
                scopes: [read]
                audiences: [api]

            """)
        defer { fixture.done() }
        #expect(try fixture.tessera(["migrate"]).status == 0)
        let outcome = try fixture.tessera(["client", "add", "Kms"] + Self.valid)
        #expect(outcome.status == 2 && outcome.stderrLines.count == 1, "\(outcome)")
        #expect(outcome.stderr.contains("static client \"Kms\"") && outcome.stderr.contains("config.yaml"), "\(outcome)")
        #expect(try fixture.tessera(["client", "list"]).stdout.isEmpty, "a shadowed client was stored")
        // Byte identity: KELVIN SIGN + "ms" is canonically equivalent to "Kms" and another client.
        let kelvin = try fixture.tessera(["client", "add", "\u{212A}ms"] + Self.valid)
        #expect(kelvin.status == 0, "\(kelvin)")
    }

    /// "é" precomposed and "e" + combining acute are canonically equivalent and two scopes.
    @Test func repeatedScopesAndAudiencesAreMergedByBytes() throws {
        let fixture = try CLIFixture.migrated(redis: nil)
        defer { fixture.done() }
        let added = try fixture.tessera(["client", "add", "svc", "--scope", "caf\u{E9} cafe\u{301} caf\u{E9} read",
                                         "--audience", "api", "--audience", "\u{212B}pi", "--audience", "\u{C5}pi", "--audience", "api"])
        #expect(added.status == 0, "\(added)")
        let show = try fixture.tessera(["client", "show", "svc"])
        let scopes = show.stdoutLines.first { $0.hasPrefix("scopes: ") }.map { $0.dropFirst(8).split(separator: " ").map(String.init) }
        #expect(scopes.map { $0.map { Array($0.utf8) }.sorted { $0.lexicographicallyPrecedes($1) } }
                == ["read", "caf\u{E9}", "cafe\u{301}"].map { Array($0.utf8) }.sorted { $0.lexicographicallyPrecedes($1) },
                "\(show.stdout)")
        let audiences = show.stdoutLines.first { $0.hasPrefix("audiences: ") }.map { $0.dropFirst(11).split(separator: " ").map(String.init) }
        #expect(audiences.map { Set($0.map { Array($0.utf8) }) } == Set(["api", "\u{212B}pi", "\u{C5}pi"].map { Array($0.utf8) }),
                "\(show.stdout)")
        #expect(audiences?.count == 3, "\(show.stdout)")
    }
}
