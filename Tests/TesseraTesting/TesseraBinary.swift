import Foundation

/// Where the built `tessera` executable is, and one-shot runs of it (CLI commands).
package enum TesseraBinary {
    /// The `tessera` built next to this test runner (`TESSERA_BINARY` overrides).
    package static let path: String? = locate()

    package static func locate() -> String? {
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

    package static func require() throws -> String {
        guard let path else { throw HarnessError.binaryNotFound }
        return path
    }

    /// The result of one finished run.
    package struct Outcome: CustomStringConvertible {
        package var status: Int32
        /// True when the process ended by a signal rather than `exit`.
        package var signaled: Bool
        package var stdout: String
        package var stderr: String

        package var stdoutLines: [String] { stdout.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) }
        package var stderrLines: [String] { stderr.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) }
        package var description: String {
            "\(signaled ? "signal" : "exit") \(status); stdout: \(stdout.prefix(300).debugDescription); stderr: \(stderr.prefix(600).debugDescription)"
        }
    }

    /// Runs `tessera arguments...` to completion (bounded by `timeout`), with `stdin` as its
    /// standard input.
    package static func run(
        _ arguments: [String],
        stdin: String = "",
        environment: [String: String] = [:],
        currentDirectory: URL? = nil,
        timeout: Double = 60
    ) throws -> Outcome {
        try runProgram(try require(), arguments, stdin: stdin, environment: environment, currentDirectory: currentDirectory, timeout: timeout)
    }

    /// `run` with each argument given as raw bytes (see `Spawn.start(_:raw:...)`), e.g. bytes that
    /// are not UTF-8.
    package static func run(raw arguments: [[UInt8]], environment: [String: String] = [:], timeout: Double = 60) throws -> Outcome {
        try runProgram(try require(), raw: arguments, environment: environment, timeout: timeout)
    }

    /// Runs any program to completion. Output goes to files, so a chatty process never blocks
    /// on a full pipe.
    package static func runProgram(
        _ executable: String,
        _ arguments: [String],
        stdin: String = "",
        environment: [String: String] = [:],
        currentDirectory: URL? = nil,
        timeout: Double = 60
    ) throws -> Outcome {
        try runProgram(executable, raw: arguments.map { Array($0.utf8) }, stdin: stdin, environment: environment,
                       currentDirectory: currentDirectory, timeout: timeout)
    }

    static func runProgram(
        _ executable: String,
        raw arguments: [[UInt8]],
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
            executable, raw: arguments,
            environment: ProcessInfo.processInfo.environment.merging(environment) { $1 },
            directory: (currentDirectory ?? scratch.url).path,
            stdin: inURL.path, stdout: outURL.path, stderr: errURL.path
        )
        guard let exit = Spawn.wait(pid, timeout: timeout) else {
            _ = Spawn.kill(pid)
            let shown = arguments.map { String(decoding: $0, as: UTF8.self) }.joined(separator: " ")
            throw HarnessError.timedOut("\(executable) \(shown) did not finish within \(timeout) s")
        }
        return Outcome(
            status: exit.status,
            signaled: exit.signaled,
            stdout: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        )
    }
}
