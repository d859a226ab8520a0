import CFuzzer
import Foundation

/// What every fuzz target shares: a replay mode for builds without libFuzzer.
///
/// Built with `-sanitize=fuzzer` (and `-DFUZZING`), a target's `LLVMFuzzerTestOneInput` is driven
/// by libFuzzer's own `main`. Built normally (plain `swift build`), the same target is a small
/// executable that runs its harness once on each file named on the command line (folders are
/// walked), so a corpus or a crash file can be replayed under a debugger or any sanitizer.
package enum FuzzDriver {
    /// A target's `main`. Built with `-DFUZZING`: hands the command line to libFuzzer, which calls
    /// the harness with each input. Otherwise: runs the harness on every file named in the
    /// arguments. Exits with the status either returns.
    package static func main(_ harness: @escaping (UnsafeRawBufferPointer) -> Void) -> Never {
        #if FUZZING
        current = harness
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
            FuzzDriver.current?(UnsafeRawBufferPointer(start: data, count: size))
            return 0
        })
        #else
        exit(replay(Array(CommandLine.arguments.dropFirst()), harness))
        #endif
    }

    /// The harness libFuzzer's C callback calls (a C function pointer captures nothing): set once,
    /// before libFuzzer starts, and only read after, on libFuzzer's one thread.
    nonisolated(unsafe) private static var current: ((UnsafeRawBufferPointer) -> Void)?

    /// Runs `harness` on every file in `arguments` (files or folders); returns the exit status.
    package static func replay(_ arguments: [String], _ harness: (UnsafeRawBufferPointer) -> Void) -> Int32 {
        var files: [String] = []
        for argument in arguments {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) else {
                FileHandle.standardError.write(Data("no such file: \(argument)\n".utf8))
                return 2
            }
            if isDirectory.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: argument)) ?? []
                files += names.sorted().map { argument + "/" + $0 }
            } else {
                files.append(argument)
            }
        }
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else { continue }
            data.withUnsafeBytes { harness($0) }
        }
        print("replayed \(files.count) inputs")
        return 0
    }

    /// Traps with `message` when `condition` is false: a broken invariant is a finding.
    @inline(__always)
    package static func check(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
        if !condition() { fatalError("invariant broken: \(message())") }
    }
}
