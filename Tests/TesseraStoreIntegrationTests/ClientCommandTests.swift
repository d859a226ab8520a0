import Foundation
import Testing
import TesseraTesting

/// `tessera migrate` and `tessera client ...` against a real PostgreSQL.
@Suite(.requires(Services.running, Services.skipMessage))
struct ClientCommandTests {
    @Test func migrateTwiceThenTheClientCommandsRoundTrip() throws {
        let fixture = try CLIFixture(redis: try Services.redis())
        defer { fixture.done() }
        let first = try fixture.tessera(["migrate"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("applied migrations 1, 2, 4, 5"), "\(first.stdout)")
        let second = try fixture.tessera(["migrate"])
        #expect(second.status == 0 && second.stdout.contains("up to date"), "\(second.stdout) \(second.stderr)")
        #expect(second.stderr.isEmpty, "stderr: \(second.stderr)")

        let secret = try fixture.addClient("svc-a")
        #expect(secret.count >= 43)
        let again = try fixture.tessera(["client", "add", "svc-a", "--audience", "api"])
        #expect(again.status == 1 && again.stderrLines.count == 1 && again.stderr.contains("already exists"))

        let chosen = try fixture.tessera(["client", "add", "svc-b", "--secret-stdin", "--scope", "read", "--audience", "api"], stdin: "my chosen secret\n")
        #expect(chosen.status == 0 && chosen.stdout.isEmpty, "a secret from stdin is not printed")

        let list = try fixture.tessera(["client", "list"])
        #expect(list.status == 0)
        #expect(list.stdoutLines.map { $0.split(separator: "\t").first.map(String.init) ?? "" } == ["svc-a", "svc-b"])
        let show = try fixture.tessera(["client", "show", "svc-a"])
        #expect(show.status == 0 && show.stdout.contains("scopes: read write") && show.stdout.contains("introspect: true"))
        #expect(!show.stdout.contains(secret))

        let rotated = try fixture.tessera(["client", "rotate-secret", "svc-a"])
        #expect(rotated.status == 0 && rotated.stdoutLines.count == 1 && rotated.stdoutLines[0] != secret)

        #expect(try fixture.tessera(["client", "remove", "svc-a"]).status == 0)
        let gone = try fixture.tessera(["client", "show", "svc-a"])
        #expect(gone.status == 1 && gone.stderrLines.count == 1, "\(gone.stderr)")
        #expect(try fixture.tessera(["client", "remove", "svc-a"]).status == 1)
    }

    @Test func clientCommandsBeforeMigrateExit1OnOneLineNamingMigrate() throws {
        let fixture = try CLIFixture(redis: nil)
        defer { fixture.done() }
        let outcome = try fixture.tessera(["client", "list"])
        #expect(outcome.status == 1 && outcome.stderrLines.count == 1, "\(outcome.status) \(outcome.stderr)")
        #expect(outcome.stderr.contains("tessera migrate"))
    }

    @Test func clientCommandsWithoutADatabaseSectionExit2OnOneLine() throws {
        let directory = try TemporaryDirectory(prefix: "tessera-cli-nodb")
        defer { directory.remove() }
        let config = directory.file("config.yaml")
        try Data("issuer: \"https://tessera.test\"\n".utf8).write(to: config)
        let outcome = try TesseraBinary.run(["client", "list", "--config", config.path])
        #expect(outcome.status == 2 && outcome.stderrLines.count == 1)
        #expect(outcome.stderr.contains("database"))
    }
}
