import Foundation
import Testing
@testable import TesseraConfig

@Suite struct ConfigLoaderTests {
    private func temporaryFolder() throws -> String {
        let path = NSTemporaryDirectory() + "tessera-config-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func relativeKeyDirectoryIsResolvedAgainstTheConfigFilesFolder() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = folder + "/config.yaml"
        try "keys:\n  directory: ./state/../signing-keys\n".write(toFile: file, atomically: true, encoding: .utf8)
        let config = try ConfigLoader.load(path: file, environment: [:])
        #expect(config.keys.directory == folder + "/signing-keys")
        #expect(config.sourceFile == file)
    }

    @Test func absoluteKeyDirectoryIsKept() throws {
        let config = try ConfigLoader.parse(yaml: "keys:\n  directory: /var/lib/tessera/keys\n", file: "/etc/t/config.yaml", environment: [:])
        #expect(config.keys.directory == "/var/lib/tessera/keys")
    }

    @Test func relativeConfigPathResolvesKeysAgainstTheCurrentDirectory() throws {
        let config = try ConfigLoader.parse(yaml: "", file: "sub/config.yaml", environment: [:])
        let expected = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("sub/keys").standardizedFileURL.path
        #expect(config.keys.directory == expected)
    }

    @Test func explicitPathThatDoesNotExistIsAnError() {
        #expect {
            try ConfigLoader.load(path: "/nonexistent/tessera/config.yaml", environment: [:])
        } throws: { error in
            (error as? ConfigError)?.description == "/nonexistent/tessera/config.yaml: no such file"
        }
    }

    @Test func explicitPathThatIsADirectoryIsAnError() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(throws: ConfigError.self) { try ConfigLoader.load(path: folder, environment: [:]) }
    }

    @Test func loadReportsErrorsWithThePathAsGiven() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = folder + "/tessera.yaml"
        try "server:\n  workers: lots\n".write(toFile: file, atomically: true, encoding: .utf8)
        #expect {
            try ConfigLoader.load(path: file, environment: [:])
        } throws: { error in
            (error as? ConfigError)?.description == "\(file): server.workers: expected an integer, got \"lots\""
        }
    }

    @Test func withoutPathAndWithoutConfigFileTheDefaultsApply() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let config = try ConfigLoader.load(path: nil, environment: [:], workingDirectory: folder)
        var expected = Config.defaults
        expected.keys.directory = folder + "/keys"
        expected.state.directory = folder + "/state"
        #expect(config == expected)
        #expect(config.sourceFile == nil)
    }

    @Test func withoutPathTheConfigFileInTheWorkingDirectoryIsUsed() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "server:\n  workers: 3\n".write(toFile: folder + "/config.yaml", atomically: true, encoding: .utf8)
        let config = try ConfigLoader.load(path: nil, environment: [:], workingDirectory: folder)
        #expect(config.server.workers == 3)
        #expect(config.sourceFile == "config.yaml")
        #expect(config.keys.directory == folder + "/keys")
    }

    @Test func errorsInTheDefaultFileNameItAsConfigYaml() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "database:\n  url: postgres://h/db\n  max_open_conns: ten\n".write(
            toFile: folder + "/config.yaml", atomically: true, encoding: .utf8
        )
        #expect {
            try ConfigLoader.load(path: nil, environment: [:], workingDirectory: folder)
        } throws: { error in
            (error as? ConfigError)?.description == "config.yaml: database.max_open_conns: expected an integer, got \"ten\""
        }
    }
}
