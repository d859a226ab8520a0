import Foundation
import Glibc

/// Child processes through posix_spawn and waitpid, so the harness never depends on a
/// run loop or dispatch source to learn that a child exited. Standard streams are files.
package enum Spawn {
    package struct Exit: Equatable, CustomStringConvertible {
        package var status: Int32
        /// True when the child died of a signal (`status` is then the signal number).
        package var signaled: Bool

        package init(status: Int32, signaled: Bool) {
            self.status = status
            self.signaled = signaled
        }

        package var description: String { signaled ? "killed by signal \(status)" : "exit \(status)" }
    }

    private typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    private typealias AddClosefrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    /// glibc's GNU extensions, which Swift's Glibc module does not declare.
    private static let gnu: (chdir: AddChdir?, closefrom: AddClosefrom?) = {
        let handle = dlopen(nil, RTLD_NOW)
        let chdir = dlsym(handle, "posix_spawn_file_actions_addchdir_np").map { unsafeBitCast($0, to: AddChdir.self) }
        let closefrom = dlsym(handle, "posix_spawn_file_actions_addclosefrom_np").map { unsafeBitCast($0, to: AddClosefrom.self) }
        return (chdir, closefrom)
    }()

    /// Starts `executable arguments...` in `directory` with the given streams (paths).
    package static func start(
        _ executable: String, _ arguments: [String], environment: [String: String], directory: String,
        stdin: String, stdout: String, stderr: String
    ) throws -> pid_t {
        try start(executable, raw: arguments.map { Array($0.utf8) }, environment: environment, directory: directory,
                  stdin: stdin, stdout: stdout, stderr: stderr)
    }

    /// `start` with each argument given as the bytes the child's argv gets: a Swift String cannot
    /// hold bytes that are not UTF-8, and a test of how the binary treats them needs them.
    package static func start(
        _ executable: String, raw arguments: [[UInt8]], environment: [String: String], directory: String,
        stdin: String, stdout: String, stderr: String
    ) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        _ = gnu.closefrom?(&actions, 3)
        var program = executable
        var argv = arguments
        if let chdir = gnu.chdir {
            _ = chdir(&actions, directory)
        } else {
            program = "/usr/bin/env"
            argv = ["-C", directory, executable].map { Array($0.utf8) } + arguments
        }
        let args: [UnsafeMutablePointer<CChar>?] = ([Array(program.utf8)] + argv).map { bytes in
            let copy = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count + 1)
            for (index, byte) in bytes.enumerated() { copy[index] = CChar(bitPattern: byte) }
            copy[bytes.count] = 0
            return copy
        } + [nil]
        let env = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            args.forEach { $0?.deallocate() }
            env.forEach { free($0) }
        }
        // The runner's threads may block signals; the child must start with none blocked and
        // the default dispositions, or it would never see SIGTERM.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGPIPE, SIGCHLD, SIGQUIT, SIGUSR1, SIGUSR2] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, program, &actions, &attributes, args, env)
        guard rc == 0 else {
            throw HarnessError.unexpected("posix_spawn \(program): \(String(cString: strerror(rc)))")
        }
        ChildRegistry.shared.add(pid)
        return pid
    }

    /// The exit of `pid` if it has ended (reaping it), else nil.
    package static func poll(_ pid: pid_t) -> Exit? {
        var status: Int32 = 0
        let rc = waitpid(pid, &status, WNOHANG)
        guard rc == pid else { return nil }
        ChildRegistry.shared.remove(pid)
        if status & 0x7f == 0 { return Exit(status: (status >> 8) & 0xff, signaled: false) }
        return Exit(status: status & 0x7f, signaled: true)
    }

    /// Waits up to `timeout` seconds for `pid` to end.
    package static func wait(_ pid: pid_t, timeout: Double) -> Exit? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let exit = poll(pid) { return exit }
            usleep(5_000)
        }
        return poll(pid)
    }

    /// SIGKILL and reap.
    package static func kill(_ pid: pid_t) -> Exit? {
        Glibc.kill(pid, SIGKILL)
        return wait(pid, timeout: 5)
    }
}
