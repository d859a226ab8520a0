import ArgumentParser
@preconcurrency import Foundation  // stdout (Glibc through Foundation): a C global, locked by stdio itself
import TesseraApp
import TesseraConfig

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the token service.")

    @Option(help: "The config file (default ./config.yaml; built-in defaults when that file does not exist).")
    var config: String?

    @Option(help: "HOST:PORT to listen on, overriding server.listen (port 0 picks a free port).")
    var listen: String?

    func run() throws {
        // The environment is read here, once, and handed down.
        let environment = ProcessInfo.processInfo.environment
        var address: HostPort?
        if let listen {
            do {
                address = try HostPort(parsing: listen)
            } catch {
                printError("--listen: \(error.message)")
                throw Reported(code: ExitStatus.usage)
            }
        }
        let settings: ServiceSettings
        do {
            settings = try ServiceSettings(environment: environment, listen: address)
        } catch {
            printError(error.description)
            throw Reported(code: ExitStatus.usage)
        }
        let loaded = try loadConfig(path: config, environment: environment)
        // The file's own server.listen was checked with it; --listen replaces that one.
        if let address, let admin = loaded.admin,
           let conflict = AdminConfig.listenConflict(admin.listen, server: address, serverName: "--listen") {
            printError(ConfigError(file: loaded.sourceFile ?? "", keyPath: "admin.listen", message: conflict).description)
            throw Reported(code: ExitStatus.usage)
        }
        // Signals are taken synchronously by this thread; every thread started from here on
        // inherits the blocked mask, so none of them is interrupted.
        var signals = sigset_t()
        sigemptyset(&signals)
        for signal in [SIGTERM, SIGINT, SIGHUP] { sigaddset(&signals, signal) }
        pthread_sigmask(SIG_BLOCK, &signals, nil)

        let service: Service
        do {
            service = try Service(config: loaded, settings: settings)
            let address = try service.start()
            print("tessera listening on \(service.scheme)://\(address)")
            if let admin = service.adminAddress { print("tessera admin listening on \(admin)") }
            fflush(stdout)
            // From here on, log lines are written by a thread of their own.
            Log.startBuffering()
        } catch {
            printError("tessera: \(error)")
            throw Reported(code: error.isConfiguration ? ExitStatus.usage : ExitStatus.runtimeFailure)
        }
        while true {
            var received: Int32 = 0
            guard sigwait(&signals, &received) == 0 else { continue }
            if received == SIGHUP {
                service.reload(environment: ProcessInfo.processInfo.environment)
                continue
            }
            Drain.run(service, signal: received, signals: &signals)
            return
        }
    }
}

/// Loads the config or reports the one-line error and exits 2.
func loadConfig(path: String?, environment: [String: String]) throws -> Config {
    do {
        return try ConfigLoader.load(path: ConfigPath.resolve(path, environment: environment), environment: environment)
    } catch {
        printError(error.description)
        throw Reported(code: ExitStatus.usage)
    }
}
