import Foundation

/// The Python the tests run (PyJWT, Authlib, the OTLP collector, TLS clients, deployment checks):
/// `TESSERA_PYTHON`, which scripts/test prepares and exports, else the first `python3` on PATH,
/// else /usr/bin/python3. Whether its absence skips or fails a test is `TestServices.required`.
package enum TestPython {
    /// Every interpreter to try, in order (some may not exist).
    package static let candidates: [String] = {
        let environment = ProcessInfo.processInfo.environment
        var candidates: [String] = []
        if let prepared = environment["TESSERA_PYTHON"], !prepared.isEmpty { candidates.append(prepared) }
        for folder in (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") { candidates.append("\(folder)/python3") }
        candidates.append("/usr/bin/python3")
        return candidates
    }()

    /// The interpreter: the first candidate that is an executable file, if any.
    package static let path: String? = candidates.first { FileManager.default.isExecutableFile(atPath: $0) }

    /// `path`, or /usr/bin/python3 so that a missing interpreter fails where it is run.
    package static var pathOrDefault: String { path ?? "/usr/bin/python3" }

    /// Whether `python` (the interpreter by default) imports every module named.
    package static func imports(_ modules: [String], python: String? = path) -> Bool {
        guard let python, FileManager.default.isExecutableFile(atPath: python) else { return false }
        return (try? TesseraBinary.runProgram(python, ["-c", "import " + modules.joined(separator: ", ")], timeout: 30))?.status == 0
    }

    /// The first candidate that imports every module named (for modules a venv may lack).
    package static func first(importing modules: [String]) -> String? {
        candidates.first { imports(modules, python: $0) }
    }

    /// Runs the interpreter to completion with `arguments`; stdout and stderr kept apart.
    package static func run(_ arguments: [String], stdin: String = "", environment: [String: String] = [:], timeout: Double = 30) throws -> TesseraBinary.Outcome {
        try TesseraBinary.runProgram(pathOrDefault, arguments, stdin: stdin, environment: environment, timeout: timeout)
    }
}
