import Foundation
import Testing
import TesseraTesting

/// The fuzz targets' replay executables (built by every `swift build`) run their harness on the
/// committed seed corpus and on `Fuzz/regressions/<target>` (inputs that once crashed or hung):
/// each must finish cleanly, in this build's configuration (debug, or a sanitizer in CI).
struct FuzzCorpusReplayTests {
    static let targets = ["FuzzHTTPParser", "FuzzTokenRequest", "FuzzJWT", "FuzzConfig", "FuzzClientCert", "FuzzClientAssertion"]
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test(arguments: targets)
    func seedCorpusAndRegressionsReplayCleanly(target: String) throws {
        let binary = try #require(TesseraBinary.path.map {
            URL(fileURLWithPath: $0).deletingLastPathComponent().appendingPathComponent(target).path
        }, "tessera binary not found")
        #expect(FileManager.default.isExecutableFile(atPath: binary), "\(binary) not built")
        var inputs = [Self.repository.appendingPathComponent("Fuzz/corpus/\(target)").path]
        let regressions = Self.repository.appendingPathComponent("Fuzz/regressions/\(target)").path
        if FileManager.default.fileExists(atPath: regressions) { inputs.append(regressions) }
        let pid = try Spawn.start(
            binary, inputs, environment: ProcessInfo.processInfo.environment, directory: Self.repository.path,
            stdin: "/dev/null", stdout: "/dev/null", stderr: "/dev/null")
        let exit = Spawn.wait(pid, timeout: 60)
        if exit == nil { _ = Spawn.kill(pid) }
        #expect(exit == Spawn.Exit(status: 0, signaled: false), "\(target) replay: \(exit.map { "\($0)" } ?? "timed out")")
    }
}
