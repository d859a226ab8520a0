/// Tessera's PostgreSQL schema as numbered migrations. `migrate` applies the missing ones in one
/// transaction under an advisory lock, so two nodes migrating at once do not collide, a failure
/// leaves the schema as it was, and running it again changes nothing.
package enum SchemaMigrator {
    package struct Migration: Sendable {
        package let version: Int
        package let summary: String
        package let sql: String
    }

    /// Never edit a released migration; add a new one.
    package static let migrations: [Migration] = [
        Migration(version: 1, summary: "clients and revocations", sql: """
            CREATE TABLE tessera_clients (
                id          text PRIMARY KEY,
                secret_hash text NOT NULL,
                scopes      text[] NOT NULL DEFAULT '{}',
                audiences   text[] NOT NULL DEFAULT '{}',
                introspect  boolean NOT NULL DEFAULT false,
                created_at  timestamptz NOT NULL DEFAULT now(),
                updated_at  timestamptz NOT NULL DEFAULT now()
            );
            CREATE TABLE tessera_revocations (
                jti        text PRIMARY KEY,
                client_id  text NOT NULL,
                expires_at bigint NOT NULL
            );
            CREATE INDEX tessera_revocations_expires_at ON tessera_revocations (expires_at);
            """),
        Migration(version: 2, summary: "client versions and per-client cuts", sql: """
            ALTER TABLE tessera_clients ADD COLUMN version bigint NOT NULL DEFAULT 1;
            CREATE TABLE tessera_client_cuts (
                client_id  text PRIMARY KEY,
                not_before bigint NOT NULL,
                expires_at bigint NOT NULL
            );
            """),
        Migration(version: 4, summary: "private_key_jwt client keys", sql: """
            ALTER TABLE tessera_clients ADD COLUMN IF NOT EXISTS jwks text;
            """),
        Migration(version: 5, summary: "mTLS client authentication", sql: """
            ALTER TABLE tessera_clients
                ADD COLUMN tls_subject_dn text,
                ADD COLUMN tls_san_dns text,
                ADD COLUMN tls_san_uri text,
                ADD COLUMN self_signed_certificates text[] NOT NULL DEFAULT '{}';
            """),
        Migration(version: 6, summary: "used client assertion ids", sql: """
            CREATE TABLE tessera_used_assertions (
                digest     bytea PRIMARY KEY,
                expires_at bigint NOT NULL
            );
            CREATE INDEX tessera_used_assertions_expires_at ON tessera_used_assertions (expires_at);
            """),
        Migration(version: 7, summary: "signing keys in the database", sql: """
            CREATE TABLE tessera_signing_keys (
                kid               text PRIMARY KEY,
                key_type          text NOT NULL,
                activation        bigint NOT NULL UNIQUE,
                created_at        bigint NOT NULL,
                slot              text UNIQUE,
                encryption_key_id text NOT NULL,
                nonce             text NOT NULL,
                private_key       text NOT NULL
            );
            """),
        Migration(version: 8, summary: "overlapping client secrets and per-client policy", sql: """
            ALTER TABLE tessera_clients
                ADD COLUMN secret_expires_at bigint,
                ADD COLUMN previous_secrets text[] NOT NULL DEFAULT '{}',
                ADD COLUMN previous_secrets_expire_at bigint[] NOT NULL DEFAULT '{}',
                ADD COLUMN token_ttl bigint,
                ADD COLUMN rate_rps integer,
                ADD COLUMN rate_burst integer,
                ADD COLUMN disabled boolean NOT NULL DEFAULT false,
                ADD COLUMN dpop_bound_access_tokens boolean NOT NULL DEFAULT false;
            """),
        Migration(version: 9, summary: "admin audit trail", sql: """
            CREATE TABLE tessera_audit (
                id         bigserial PRIMARY KEY,
                ts_ms      bigint NOT NULL,
                actor      text NOT NULL,
                source     text NOT NULL,
                request_id text NOT NULL,
                action     text NOT NULL,
                target     text NOT NULL,
                result     text NOT NULL,
                changes    text NOT NULL
            );
            CREATE INDEX tessera_audit_ts_ms ON tessera_audit (ts_ms);
            """),
        Migration(version: 10, summary: "token status lists", sql: """
            CREATE TABLE tessera_status_counter (
                id    int PRIMARY KEY,
                epoch text NOT NULL,
                next  bigint NOT NULL
            );
            INSERT INTO tessera_status_counter (id, epoch, next)
                VALUES (1, substr(md5(random()::text || clock_timestamp()::text), 1, 10), 0);
            CREATE TABLE tessera_status_log (
                seq        bigserial PRIMARY KEY,
                entry      text NOT NULL,
                expires_at bigint NOT NULL
            );
            CREATE INDEX tessera_status_log_expires_at ON tessera_status_log (expires_at);
            """),
        Migration(version: 11, summary: "the secret method a client registered", sql: """
            ALTER TABLE tessera_clients ADD COLUMN secret_method text NOT NULL DEFAULT 'client_secret_basic';
            """),
    ]

    /// An arbitrary constant naming Tessera's migration lock.
    static let lockKey = 0x7e55_e4a0

    /// Applies what is missing; returns the versions applied now (empty when up to date).
    @discardableResult
    package static func migrate(_ connection: PostgresConnection) throws(StoreError) -> [Int] {
        try connection.exec("BEGIN")
        do {
            try connection.exec("SELECT pg_advisory_xact_lock(\(lockKey))")
            try connection.exec("""
                CREATE TABLE IF NOT EXISTS tessera_schema_migrations (
                    version    integer PRIMARY KEY,
                    summary    text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """)
            let rows = try connection.exec("SELECT version FROM tessera_schema_migrations")
            let applied = Set(rows.rows.compactMap { $0.first.flatMap { $0.flatMap { Int($0) } } })
            var done: [Int] = []
            for migration in migrations where !applied.contains(migration.version) {
                try connection.exec(migration.sql)
                try connection.exec(
                    "INSERT INTO tessera_schema_migrations (version, summary) VALUES (\(migration.version), '\(migration.summary)')")
                done.append(migration.version)
            }
            try connection.exec("COMMIT")
            return done
        } catch {
            _ = try? connection.exec("ROLLBACK")
            throw error
        }
    }

    /// The highest applied version, 0 for an empty database.
    package static func currentVersion(_ connection: PostgresConnection) throws(StoreError) -> Int {
        let exists = try connection.exec("SELECT to_regclass('tessera_schema_migrations') IS NOT NULL")
        guard exists.rows.first?.first == "t" else { return 0 }
        let rows = try connection.exec("SELECT coalesce(max(version), 0) FROM tessera_schema_migrations")
        return rows.rows.first?.first.flatMap { $0.flatMap { Int($0) } } ?? 0
    }
}
