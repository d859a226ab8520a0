import TesseraCore
import Glibc
import TesseraConfig
import TesseraHTTP
import TesseraOAuth
import TesseraTelemetry

/// The running service: the HTTP server with Tessera's handler, built from a `Config`.
package final class Service: @unchecked Sendable {
    // @unchecked: `watcher` is set once by `start`; the rest is immutable or synchronises itself.
    let metrics = Metrics()
    let box: StateBox
    let server: HTTPServer
    let readiness: Readiness
    /// The config the listeners, limits, pools and exporter were built from: what a reload that
    /// changes a restart-only key is compared with (not the last config loaded, which a previous
    /// reload may have changed without applying).
    private let inEffect: Config
    private let listen: HostPort
    /// Revocations outlive every reload: a rebuilt state must not bring a revoked token back.
    private let revocations: RevocationList
    /// Where revocations and cuts are recorded and read back from (contract rule 2).
    let durable: DurableRevocations
    /// `status_list:`; built once (a change needs a restart).
    private let statusLists: StatusLists?
    let policy: KeyRotationPolicy
    /// Serialises rebuilds (SIGHUP on the main thread, key changes on the watcher's queue, the
    /// bound port at start). A lock around code, so a `PthreadMutex`: a `Locked<Void>` had its
    /// empty value at the address of its mutex field, which ThreadSanitizer reported as a race.
    private let rebuilding = PthreadMutex()
    private var watcher: KeyWatcher?
    /// Where the signing keys are kept: the key directory, or PostgreSQL (`keys.encryption_key`).
    let keyStorage: any KeyStorage
    /// Who changed what (`msg=audit`): admin writes and refusals, scheduled key rotations.
    let audit: AuditTrail
    /// Applies other nodes' invalidations; told to re-read the keys when another node made one.
    private let sink = InvalidationSink()
    /// Redis and PostgreSQL behind the local tier; built once (changing them needs a restart).
    let tiers: StoreTiers
    private let settings: ServiceSettings
    let telemetry: RequestTelemetry
    /// The certificate new TLS connections get (`server.tls`); nil for plain HTTP.
    let tls: TLSContextBox?
    var hasTLS: Bool { tls != nil }
    /// `admin:`: the admin API's own listener; nil without that section.
    private(set) var admin: AdminListener?
    /// `scheme://HOST:PORT` of the admin listener once started, for the `tessera admin listening` line.
    package private(set) var adminAddress: String?

    package init(config fileConfig: Config, settings: ServiceSettings = ServiceSettings()) throws(ServiceError) {
        self.settings = settings
        policy = settings.keyPolicy
        let config = settings.apply(to: fileConfig)
        inEffect = config
        Self.applyLogging(config, settings)
        telemetry = RequestTelemetry(accessLog: config.logging.access, exporter: try Self.exporter(config, metrics: metrics),
                                     sampleRatio: config.tracing?.sampleRatio ?? 0)
        let sink = self.sink
        tiers = try StoreTiers(config: config, metrics: metrics) { message in sink.apply(message) }
        revocations = RevocationList(loaded: !tiers.isConfigured)
        durable = try DurableRevocations(config: config, tiers: tiers, list: revocations)
        keyStorage = try KeyStorages.make(config: config, tiers: tiers)
        statusLists = try StatusLists.build(config: config, tiers: tiers, revocations: revocations)
        audit = AuditTrail.open(config: config, pool: tiers.database)
        let state = try AppState.build(
            config: config, metrics: metrics, revocations: revocations, policy: policy, tiers: tiers, recorder: durable,
            storage: keyStorage, statusLists: statusLists)
        box = StateBox(state)
        sink.attach(box: box, clients: tiers.clients, revocations: revocations)
        listen = config.server.listen
        let limits = HTTPLimits(
            maxConnections: config.server.maxConnections,
            requestTimeout: config.server.requestTimeout,
            idleTimeout: config.server.idleTimeout,
            maxHeaderBytes: config.server.maxHeaderBytes,
            maxBodyBytes: config.server.maxBodyBytes)
        tls = try Self.tlsContext(config.server.tls)
        let security = TransportSecurity(tls: tls, trustedProxies: try Self.trustedProxies(config.server.trustedProxies))
        let options = HTTPServerOptions(host: listen.host, port: listen.port, workers: config.server.workers, limits: limits,
            security: security)
        let counter = ConnectionCounter()
        readiness = Readiness(tiers: tiers, revocations: revocations)
        let handler = TesseraHandler(box: box, metrics: metrics, readiness: readiness,
                                     tiers: tiers, telemetry: telemetry, openConnections: { counter.current })
        server = HTTPServer(options: options, handler: handler, connections: counter)
        if let section = config.admin {
            admin = try makeAdminListener(section, limits: limits, counter: counter)
        }
    }

    /// Starts accepting; returns the address as `HOST:PORT` with the port actually bound.
    package func start() throws(ServiceError) -> String {
        do {
            let port = try server.start()
            if listen.port == 0 { try adoptBoundPort(port) }
            telemetry.exporter?.start()
            tiers.start(revocations: durable)
            statusLists?.start()
            let host = listen.isIPv6 ? "[\(listen.host)]" : listen.host
            adminAddress = try admin?.start()
            Log.info("listening", [("address", "\(host):\(port)"), ("keys", "\(box.current.keyRing.verifiers.count)")])
            let interval = policy.applying(inEffect.keys).refreshSeconds
            let watcher = KeyWatcher(interval: interval) { [weak self] in self?.refreshKeys() }
            watcher.start(nextChange: box.current.keys.nextChange)
            self.watcher = watcher
            sink.attachKeys { [weak watcher] in watcher?.checkNow() }
            return "\(host):\(port)"
        } catch {
            throw .runtime("cannot listen on \(listen): \(error)")
        }
    }

    /// SIGHUP: re-reads the config file and the key directory. An invalid new config is logged
    /// and the running one kept. Listen address and server limits need a restart.
    package func reload(environment: [String: String]) {
        rebuilding.withLock {
            let current = box.current
            do {
                let config = settings.apply(to: try ConfigLoader.load(path: current.config.sourceFile, environment: environment),
                                            boundPort: server.port)
                let pending = RestartKeys.changed(from: inEffect, to: config)
                if !pending.isEmpty {
                    Log.warning("configuration changes that take effect after a restart",
                                [("keys", pending.joined(separator: ","))])
                }
                let next = try AppState.build(config: config, metrics: metrics, revocations: revocations, policy: policy,
                                              tiers: tiers, previous: current, recorder: durable, storage: keyStorage)
                try reloadTLS(config.server.tls)
                cutRemovedClients(from: current.config, to: config)
                let changed = Self.changedClients(from: current.config, to: config)
                dropReusableTokens(of: changed, in: next)
                box.replace(next)
                dropReusableTokens(of: changed, in: next)  // any stored meanwhile under the old state
                Self.applyLogging(config, settings)
                telemetry.accessLog.store(config.logging.access, ordering: .relaxed)
                watcher?.reschedule(nextChange: next.keys.nextChange)
                metrics.reloads.record(success: true)
                Log.info("configuration reloaded", [("clients", "\(config.clients.count)")])
            } catch let error as ConfigError {
                metrics.reloads.record(success: false)
                Log.error("reload refused, keeping the running configuration", [("reason", error.description)])
            } catch {
                metrics.reloads.record(success: false)
                Log.error("reload refused, keeping the running configuration", [("reason", "\(error)")])
            }
        }
    }

    /// The key watcher's tick: rebuilds the state when the keys in force changed (a key added,
    /// activated, retired or removed), and sweeps expired revocations. Returns the next moment a
    /// key activates or retires.
    func refreshKeys() -> Int64? {
        rebuilding.withLock {
            let current = box.current
            let now = Int64(time(nil))
            revocations.removeExpired(now: now)
            do {
                let policy = policy.applying(current.config.keys)
                do {
                    // The schedule's step; a key made here is read back just below.
                    _ = try KeyAdministration(config: current.config, policy: policy, storage: keyStorage,
                                              report: audit.schedulerReport()).rotateIfDue(now: now)
                } catch {
                    Log.error("scheduled key rotation failed, retrying", [("reason", "\(error)")])
                }
                let keys = try KeySet.read(config: current.config, now: now, policy: policy, storage: keyStorage)
                if keys.identity != current.keys.identity {
                    let next = try AppState.build(config: current.config, metrics: metrics, revocations: revocations,
                                                  policy: policy, tiers: tiers, previous: current, keys: keys, recorder: durable,
                                                  storage: keyStorage)
                    box.replace(next)
                    Log.info("signing keys changed", [("signer", keys.ring.signer.keyID.value),
                                                      ("published", "\(keys.ring.jwks.keys.count)")])
                }
                return keys.nextChange
            } catch {
                Log.error("key directory check failed, keeping the running keys", [("reason", "\(error)")])
                return nil
            }
        }
    }

    /// Rule 3: a client dropped from `clients:` has every token issued so far revoked (a cut,
    /// recorded durably), so re-adding it later does not bring them back.
    private func cutRemovedClients(from old: Config, to new: Config) {
        let kept = Set(new.clients.map { Array($0.id.utf8) })
        let now = Int64(time(nil))
        for client in old.clients where !kept.contains(Array(client.id.utf8)) {
            do {
                let notBefore = try durable.cut(clientID: client.id, now: now)
                tiers.revocationPublisher?.publishCut(clientID: client.id, notBefore: notBefore)
                Log.info("client removed from the configuration; its tokens are revoked", [("client_id", client.id)])
            } catch {
                Log.error("client removed, but the revocation of its tokens was not recorded durably",
                          [("client_id", client.id), ("reason", "\(error)")])
            }
        }
    }

    /// Ids of static clients whose entry changed or went away: their reusable tokens must go,
    /// even though a later change back would give the same client version again.
    static func changedClients(from old: Config, to new: Config) -> [String] {
        var next: [[UInt8]: StaticClientConfig] = [:]
        for client in new.clients { next[Array(client.id.utf8)] = client }
        return old.clients.filter { next[Array($0.id.utf8)] != $0 }.map(\.id)
    }

    private func dropReusableTokens(of clients: [String], in state: AppState) {
        for id in clients {
            state.tokens.caches.reuse.removeAll(clientID: id)
            if let redis = tiers.redis { try? SharedTokenReuse.dropAll(clientID: id, pool: redis) }
        }
    }

    /// The drain's second phase: the listener closes, requests in flight get at most `drain`.
    /// The stores stay up until `wait` returns: those requests may still need them.
    package func stop(drain: Duration) {
        watcher?.stop()
        admin?.stop(drain: drain)
        server.shutdown(drain: drain)
    }

    /// Listening on port 0 without an issuer in the file: the issuer names the port we got.
    private func adoptBoundPort(_ port: UInt16) throws(ServiceError) {
        try rebuilding.withLock { () throws(ServiceError) in
            let current = box.current
            let config = settings.apply(to: current.config, boundPort: port)
            guard config.issuer != current.config.issuer else { return }
            box.replace(try AppState.build(config: config, metrics: metrics, revocations: revocations, policy: policy,
                                           tiers: tiers, previous: current, storage: keyStorage))
        }
    }

    package func wait() {
        server.wait()
        admin?.server.wait()
        tiers.stop()
        durable.stop()
        statusLists?.stop()
        box.current.tokens.authenticator.assertions.replay.stop()
        telemetry.exporter?.stop()
    }
}
