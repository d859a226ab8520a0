import Foundation
import TesseraTesting

/// The repository, and the programs the deployment tests run (python, promtool, swift, curl,
/// scripts/cluster). Under TESSERA_REQUIRE_SERVICES=1 (scripts/test, CI) a missing tool fails
/// the tests that need it; elsewhere those tests are skipped.
enum Tool {
    /// The repository root: this file is Tests/TesseraDeployTests/Tool.swift.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func file(_ path: String) -> URL { root.appendingPathComponent(path) }

    static func text(_ path: String) throws -> String { try String(contentsOf: file(path), encoding: .utf8) }

    /// The interpreter scripts/test prepared (TESSERA_PYTHON), else python3 from PATH.
    static let python: String? = TestPython.path

    /// Whether `python` imports every module named.
    static func pythonHas(_ modules: String...) -> Bool {
        guard let python else { return false }
        return (try? run(python, ["-c", "import " + modules.joined(separator: ", ")]).status) == 0
    }

    /// The absolute path of an executable on PATH (or in /usr/sbin, where Debian puts nginx).
    static func which(_ name: String) -> String? {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin") + ":/usr/sbin:/sbin"
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
        var output: String { stdout + stderr }
    }

    /// Runs a program to completion, its output in files (no pipe fills up), bounded by
    /// `timeout` (then killed, status -1).
    static func run(
        _ executable: String, _ arguments: [String], environment: [String: String?] = [:],
        directory: URL? = nil, timeout: TimeInterval = 120
    ) throws -> Outcome {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-deploy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("out"), errURL = scratch.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        defer { try? out.close(); try? err.close() }

        var merged = ProcessInfo.processInfo.environment
        for (key, value) in environment { merged[key] = value }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = merged
        process.currentDirectoryURL = directory ?? root
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        var status: Int32 = -1
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        } else {
            process.waitUntilExit()
            status = process.terminationStatus
        }
        return Outcome(
            status: status,
            stdout: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        )
    }
}
