import Foundation
import Testing

/// README command 1 and 2 as a newcomer types them: the README's first commands are
/// `scripts/serve` and `scripts/test`, and scripts/serve runs the release build of `serve` with
/// the repo's config.yaml from the repository root, whatever the current folder.
@Suite struct SetupScriptTests {
    @Test func readmeOpensWithTheTwoScripts() throws {
        let readme = try Tool.text("README.md")
        let section = try #require(readme.range(of: "## The two commands"), "no \"The two commands\" section")
        let rest = readme[section.upperBound...]
        let open = try #require(rest.range(of: "```sh\n"))
        let close = try #require(rest[open.upperBound...].range(of: "```"))
        let commands = rest[open.upperBound..<close.lowerBound].split(separator: "\n").map(String.init)
        #expect(commands == ["scripts/serve", "scripts/test"], "\(commands)")
        for command in commands {
            #expect(FileManager.default.isExecutableFile(atPath: Tool.file(command).path), "\(command) is not executable")
        }
    }

    /// A stand-in `swift` first on PATH records how scripts/serve calls it.
    @Test func serveRunsTheReleaseBuildWithTheRepositoryConfig() throws {
        let stubs = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: stubs, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: stubs) }
        let swift = stubs.appendingPathComponent("swift")
        try Data("#!/bin/sh\necho \"cwd=$(pwd)\"\necho \"args=$*\"\n".utf8).write(to: swift)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: swift.path)
        let path = stubs.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let outcome = try Tool.run(
            Tool.file("scripts/serve").path, ["--listen", "127.0.0.1:9"],
            environment: ["PATH": path, "TESSERA_NO_INSTALL": "1"], directory: URL(fileURLWithPath: "/")
        )
        #expect(outcome.status == 0, "\(outcome.output)")
        #expect(outcome.stdout.contains("args=run -c release tessera serve --config config.yaml --listen 127.0.0.1:9"), "\(outcome.stdout)")
        #expect(outcome.stdout.contains("cwd=\(Tool.root.standardizedFileURL.path)"), "\(outcome.stdout)")
    }
}
