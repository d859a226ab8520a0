import Foundation

/// Where the built `tessera` executable is, and one-shot runs of it (the CLI commands).
package enum TesseraCLI {
    /// The `tessera` built next to this test runner (`TESSERA_BINARY` overrides).
    package static let path: String? = locate()

    static func locate() -> String? {
        let files = FileManager.default
        if let override = ProcessInfo.processInfo.environment["TESSERA_BINARY"] {
            return files.isExecutableFile(atPath: override) ? override : nil
        }
        guard let runner = try? files.destinationOfSymbolicLink(atPath: "/proc/self/exe") else { return nil }
        // The runner is `.build/<triple>/debug/TesseraPackageTests.xctest`: look in its folder and a
        // few above it.
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

        package var stdoutLines: [String] { stdout.split(separator: "\n").map(String.init) }
        package var description: String {
            "\(signaled ? "signal" : "exit") \(status); stdout: \(stdout.prefix(300).debugDescription); stderr: \(stderr.prefix(600).debugDescription)"
        }
    }

    /// Runs `tessera arguments...` to completion (bounded by `timeout`), `stdin` as its input.
    package static func run(
        _ arguments: [String], stdin: String = "", environment: [String: String] = [:],
        directory: URL? = nil, timeout: Double = 30
    ) throws -> Outcome {
        try runProgram(try require(), arguments, stdin: stdin, environment: environment, directory: directory, timeout: timeout)
    }

    /// Runs any program to completion. Output goes to files, so a chatty process never blocks on
    /// a full pipe.
    package static func runProgram(
        _ executable: String, _ arguments: [String], stdin: String = "", environment: [String: String] = [:],
        directory: URL? = nil, timeout: Double = 30
    ) throws -> Outcome {
        let scratch = try TemporaryDirectory(prefix: "tessera-run")
        defer { scratch.remove() }
        let inURL = scratch.file("stdin"), outURL = scratch.file("stdout"), errURL = scratch.file("stderr")
        try Data(stdin.utf8).write(to: inURL)
        let pid = try Spawn.start(
            executable, arguments,
            environment: ProcessInfo.processInfo.environment.merging(environment) { $1 },
            directory: (directory ?? scratch.url).path, stdin: inURL.path, stdout: outURL.path, stderr: errURL.path)
        guard let exit = Spawn.wait(pid, timeout: timeout) else {
            _ = Spawn.kill(pid)
            throw HarnessError.timedOut("\(executable) \(arguments.joined(separator: " ")) did not finish within \(timeout) s")
        }
        return Outcome(
            status: exit.status, signaled: exit.signaled,
            stdout: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
    }
}
