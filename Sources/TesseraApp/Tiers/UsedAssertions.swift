import TesseraConfig
import TesseraOAuth
import TesseraStore

/// Where this node records the `jti`s of the client assertions it accepted (contract:
/// private_key_jwt, `jti` used once): Redis when configured, else PostgreSQL
/// (`tessera_used_assertions`), each shared by every node using it; else (embedded mode)
/// `assertions.log` under `state.directory`, read back at start, so that a replay is refused on
/// every node and across restarts. Built once, with the first state: a reload keeps it.
enum UsedAssertions {
    static func replay(config: Config, tiers: StoreTiers?) throws(ServiceError) -> AssertionReplay {
        if let redis = tiers?.redis { return AssertionReplay(shared: RedisAssertionReplayStore(pool: redis)) }
        if let database = tiers?.database { return AssertionReplay(shared: PostgresAssertionReplayStore(pool: database)) }
        let directory = config.state.directory
        do {
            let (journal, contents) = try RevocationJournal.open(directory: directory, file: "assertions.log")
            for problem in contents.skipped {
                Log.warning("used assertion journal: skipped a damaged record", [("file", journal.path), ("where", problem)])
            }
            return AssertionReplay(journal: journal, recorded: contents.records)
        } catch {
            throw .runtime("cannot open the used assertion journal in \(directory) (state.directory): \(error)")
        }
    }
}
