import Foundation
import Testing
import TesseraTesting

/// `TESSERA_CONFIG`: the default config path of every command; `--config` overrides it.
extension CommandLineTests {
    static let environmentIssuer = "https://from-tessera-config.test"

    /// A folder with `conf/tessera.yaml` (issuer `environmentIssuer`, no stores) and no
    /// `./config.yaml`, so that only TESSERA_CONFIG can lead a command to the file.
    static func environmentConfigFolder() throws -> (directory: TemporaryDirectory, config: URL) {
        let directory = try TemporaryDirectory(prefix: "tessera-cli-env")
        let folder = directory.file("conf")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var setup = ServerSetup()
        setup.issuer = environmentIssuer
        let config = folder.appendingPathComponent("tessera.yaml")
        try Data(setup.yaml().utf8).write(to: config)
        return (directory, config)
    }

    @Test func serveReadsTheConfigNamedByTesseraConfig() throws {
        let (directory, config) = try Self.environmentConfigFolder()
        var setup = ServerSetup()
        setup.environment["TESSERA_CONFIG"] = config.path
        let server = try TesseraProcess.start(arguments: ["serve", "--listen", "127.0.0.1:0"], directory: directory, setup: setup)
        defer { server.stop() }
        let metadata = try server.get("/.well-known/oauth-authorization-server")
        #expect(metadata.json["issuer"] as? String == Self.environmentIssuer, "\(metadata.body)")
    }

    @Test func configOptionOverridesTesseraConfig() throws {
        let (directory, config) = try Self.environmentConfigFolder()
        var setup = ServerSetup()
        setup.environment["TESSERA_CONFIG"] = "/nonexistent/tessera-e2e/from-environment.yaml"
        let server = try TesseraProcess.start(
            arguments: ["serve", "--config", config.path, "--listen", "127.0.0.1:0"], directory: directory, setup: setup
        )
        defer { server.stop() }
        let metadata = try server.get("/.well-known/oauth-authorization-server")
        #expect(metadata.json["issuer"] as? String == Self.environmentIssuer, "\(metadata.body)")
    }

    /// An explicit path, like `--config`: a missing file is a config error naming it.
    @Test func missingFileNamedByTesseraConfigExits2NamingIt() throws {
        let path = "/nonexistent/tessera-e2e/from-environment.yaml"
        let outcome = try TesseraBinary.run(
            ["serve", "--listen", "127.0.0.1:0"], environment: ["TESSERA_CONFIG": path], timeout: 15
        )
        #expect(outcome.status == 2 && !outcome.signaled, "status \(outcome.status)")
        #expect(outcome.stderr.contains(path), "stderr does not name the file: \(outcome.stderr)")
    }

    /// The store commands (what `docker compose run --rm migrate client add ...` runs) read it
    /// too: this config has no `database:`, and the error names the file it came from.
    @Test(arguments: [["migrate"], ["client", "add", "svc", "--audience", "api"], ["client", "list"]])
    func storeCommandsReadTheConfigNamedByTesseraConfig(arguments: [String]) throws {
        let (directory, config) = try Self.environmentConfigFolder()
        defer { directory.remove() }
        let outcome = try TesseraBinary.run(
            arguments, environment: ["TESSERA_CONFIG": config.path], currentDirectory: directory.url, timeout: 15
        )
        #expect(outcome.status == 2 && !outcome.signaled, "status \(outcome.status), stderr \(outcome.stderr)")
        #expect(outcome.stderr.contains("tessera.yaml") && outcome.stderr.contains("database"), "stderr: \(outcome.stderr)")
    }
}
