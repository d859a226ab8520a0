import Foundation

/// Where the built `tessera` executable is, and one-shot runs of it (CLI commands).
enum TesseraBinary {
    /// The `tessera` built next to this test runner (`TESSERA_BINARY` overrides).
    static let path: String? = locate()

    static func locate() -> String? {
        let files = FileManager.default
        if let override = ProcessInfo.processInfo.environment["TESSERA_BINARY"] {
            return files.isExecutableFile(atPath: override) ? override : nil
        }
        guard let runner = try? files.destinationOfSymbolicLink(atPath: "/proc/self/exe") else { return nil }
        // The runner is `.build/<triple>/debug/TesseraPackageTests.xctest`; look in its folder, then
        // walk up a few levels to catch layouts that nest it deeper.
        var folder = URL(fileURLWithPath: runner).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("tessera").path
            var isDirectory: ObjCBool = false
            if files.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue,
               files.isExecutableFile(atPath: candidate) {
                return candidate
            }
            folder = folder.deletingLastPathComponent()
        }
        return nil
    }

    static func require() throws -> String {
        guard let path else { throw HarnessError.binaryNotFound }
        return path
    }

    /// The result of one finished run.
    struct Outcome {
        var status: Int32
        /// True when the process ended by a signal rather than `exit`.
        var signaled: Bool
        var stdout: String
        var stderr: String

        var stdoutLines: [String] { stdout.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) }
        var stderrLines: [String] { stderr.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) }
    }

    /// Runs `tessera arguments...` to completion (bounded by `timeout`), with `stdin` as its
    /// standard input.
    static func run(
        _ arguments: [String],
        stdin: String = "",
        environment: [String: String] = [:],
        currentDirectory: URL? = nil,
        timeout: Double = 60
    ) throws -> Outcome {
        try runProgram(try require(), arguments, stdin: stdin, environment: environment, currentDirectory: currentDirectory, timeout: timeout)
    }

    /// Runs any program to completion. Output goes to files, so a chatty process never blocks
    /// on a full pipe.
    static func runProgram(
        _ executable: String,
        _ arguments: [String],
        stdin: String = "",
        environment: [String: String] = [:],
        currentDirectory: URL? = nil,
        timeout: Double = 60
    ) throws -> Outcome {
        let scratch = try TemporaryDirectory(prefix: "tessera-cli")
        defer { scratch.remove() }
        let inURL = scratch.url.appendingPathComponent("stdin")
        let outURL = scratch.url.appendingPathComponent("stdout")
        let errURL = scratch.url.appendingPathComponent("stderr")
        try Data(stdin.utf8).write(to: inURL)

        let pid = try Spawn.start(
            executable, arguments,
            environment: ProcessInfo.processInfo.environment.merging(environment) { $1 },
            directory: (currentDirectory ?? scratch.url).path,
            stdin: inURL.path, stdout: outURL.path, stderr: errURL.path
        )
        guard let exit = Spawn.wait(pid, timeout: timeout) else {
            _ = Spawn.kill(pid)
            throw HarnessError.timedOut("\(executable) \(arguments.joined(separator: " ")) did not finish within \(timeout) s")
        }
        return Outcome(
            status: exit.status,
            signaled: exit.signaled,
            stdout: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        )
    }
}
