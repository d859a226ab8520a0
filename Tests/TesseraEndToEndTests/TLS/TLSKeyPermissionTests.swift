import Foundation
import Glibc
import Testing
import TesseraTesting

/// `server.tls.private_key` follows the rule of every private key file (contract, "Key files"):
/// writable by group or others is refused at start (exit 2, naming the path and the `chmod`) and at
/// reload (the running configuration kept); readable by them loads with a warning naming it.
@Suite(.serialized, .timeLimit(.minutes(2)), .requires(TLSClients.installed, "python3 and curl are needed (scripts/test installs them)"))
struct TLSKeyPermissionTests {
    @Test func aTLSKeyWritableByOthersStopsTheStartWithExit2NamingItAndTheChmod() throws {
        let folder = try TemporaryDirectory(prefix: "tessera-tls-mode")
        defer { folder.remove() }
        let setup = try TLSEndToEndTests.setup(folder: folder)
        let key = folder.file("server.key").path
        chmod(key, 0o666)
        try Data(setup.yaml().utf8).write(to: folder.file("config.yaml"))
        let outcome = try TesseraBinary.run(["serve", "--config", folder.file("config.yaml").path, "--listen", "127.0.0.1:0"],
                                            currentDirectory: folder.url, timeout: 15)
        #expect(outcome.status == 2 && !outcome.signaled, "\(outcome)")
        #expect(outcome.stderrLines.count == 1, "\(outcome)")
        #expect(outcome.stderr.contains("server.tls.private_key") && outcome.stderr.contains(key), "\(outcome)")
        #expect(outcome.stderr.contains("chmod go-w \(key)"), "\(outcome)")
    }

    @Test func aTLSKeyReadableByOthersStartsWithAWarningNamingIt() throws {
        let folder = try TemporaryDirectory(prefix: "tessera-tls-mode")
        defer { folder.remove() }
        let setup = try TLSEndToEndTests.setup(folder: folder)
        let key = folder.file("server.key").path
        chmod(key, 0o644)
        let server = try TesseraProcess.start(setup)
        defer { server.stop() }
        let warning = server.stderr.split(separator: "\n").first { $0.contains(key) }
        #expect(warning.map { $0.contains("level=warning") } == true, "no warning naming \(key): \(server.stderr.suffix(800))")
    }

    @Test func aTLSKeyMadeWritableBeforeSIGHUPIsRefusedAndTheNodeKeepsServing() throws {
        try TLSEndToEndTests.withServer { server, folder, certs in
            let key = folder.file("server.key").path
            chmod(key, 0o666)
            kill(server.pid, SIGHUP)
            let logged = eventually(timeout: 5) {
                server.stderr.split(separator: "\n").contains { $0.contains("reload refused") && $0.contains(key) && $0.contains("chmod") }
            }
            #expect(logged, "no refusal naming \(key): \(server.stderr.suffix(800))")
            #expect(!server.stderr.contains("configuration reloaded"), "the reload was taken")
            let after = try #require(try TLSClients.python(port: server.port, ca: certs.caCertificate).first)
            #expect(after["status"] as? Int == 200, "\(after)")
        }
    }
}
