// swift-tools-version:6.0
import PackageDescription

// Module layout (docs/ARCHITECTURE.md): each library has one job and the arrows point one way:
// TesseraCore (clock, locks, threads, LRU, exact strings) is beneath everything; HTTP, JOSE (all
// OpenSSL crypto and bytes), Store (every Redis and PostgreSQL command), Config and Telemetry (log
// lines, trace context, the OTLP exporter) know nothing of each other; OAuth uses JOSE and Store;
// App wires everything; `tessera` is the command line. Hot helpers in Core and JOSE are public
// types with @inlinable members: this toolchain does not inline members of package types into
// other modules (docs/PERFORMANCE.md). The SourceRevision plugin bakes the git revision into Telemetry's BuildInfo.
// Release builds of the request path: generics specialized across modules, and no dynamic
// exclusivity checks (debug builds, which run the tests, keep them). Measured with callgrind:
// see docs/PERFORMANCE.md.
let optimized: [SwiftSetting] = [
    .unsafeFlags(["-cross-module-optimization", "-enforce-exclusivity=unchecked"], .when(configuration: .release)),
]

let package = Package(
    name: "Tessera",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "tessera", targets: ["tessera"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"])]
        ),
        .systemLibrary(name: "CLinux"),
        // Tessera's own C: the base64 cores and the per-thread counter shard.
        .target(name: "CTessera"),
        // Tessera's own C over OpenSSL (TLS context and callbacks, ticket keys, certificate names,
        // the HMAC key schedule), compiled once; COpenSSL's shim only wraps macros.
        .target(name: "CTesseraOpenSSL", dependencies: ["COpenSSL"]),
        .systemLibrary(name: "CHiredis", pkgConfig: "hiredis", providers: [.apt(["libhiredis-dev"])]),
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // The foundation beneath the others: the monotonic clock, the mutex, the LRU cache and the
        // expiring set (no system library, no I/O).
        .target(name: "TesseraCore", swiftSettings: optimized),
        .target(name: "TesseraHTTP", dependencies: ["CLinux", "COpenSSL", "CTesseraOpenSSL", "TesseraCore"], swiftSettings: optimized),
        .target(name: "TesseraJOSE", dependencies: ["COpenSSL", "CTessera", "CTesseraOpenSSL", "CZlib", "TesseraCore"], swiftSettings: optimized),
        .target(name: "TesseraStore", dependencies: ["CHiredis", "CLibPQ", "TesseraCore"], swiftSettings: optimized),
        .target(name: "TesseraTelemetry", dependencies: ["CTessera", "TesseraCore"], swiftSettings: optimized, plugins: ["SourceRevision"]),
        .plugin(name: "SourceRevision", capability: .buildTool()),
        .target(name: "TesseraConfig", dependencies: ["TesseraCore", .product(name: "Yams", package: "Yams")]),
        .target(name: "TesseraOAuth", dependencies: ["TesseraCore", "TesseraJOSE", "TesseraStore"], swiftSettings: optimized),
        .target(
            name: "TesseraApp",
            dependencies: ["CLinux", "CTessera", "TesseraCore", "TesseraHTTP", "TesseraJOSE", "TesseraStore", "TesseraConfig", "TesseraOAuth", "TesseraTelemetry"],
            swiftSettings: optimized
        ),
        .executableTarget(
            name: "tessera",
            dependencies: [
                "TesseraApp", "TesseraConfig", "TesseraJOSE", "TesseraOAuth", "TesseraStore", "TesseraTelemetry",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // libFuzzer targets (docs/TESTING.md, scripts/fuzz). A plain build makes corpus replayers;
        // `-Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING` makes the fuzzers.
        .target(name: "CFuzzer", path: "Fuzz/CFuzzer"),
        .target(name: "FuzzDriver", dependencies: ["CFuzzer"], path: "Fuzz/FuzzDriver"),
        .executableTarget(name: "FuzzHTTPParser", dependencies: ["FuzzDriver", "TesseraHTTP"], path: "Fuzz/FuzzHTTPParser"),
        .executableTarget(name: "FuzzTokenRequest", dependencies: ["FuzzDriver", "TesseraOAuth"], path: "Fuzz/FuzzTokenRequest"),
        .executableTarget(name: "FuzzJWT", dependencies: ["FuzzDriver", "TesseraJOSE"], path: "Fuzz/FuzzJWT"),
        .executableTarget(
            name: "FuzzClientAssertion", dependencies: ["FuzzDriver", "TesseraJOSE", "TesseraOAuth"], path: "Fuzz/FuzzClientAssertion"),
        .executableTarget(name: "FuzzConfig", dependencies: ["FuzzDriver", "TesseraConfig"], path: "Fuzz/FuzzConfig"),
        // The black-box harness of every test target that runs the built binary (docs/TESTING.md):
        // spawned servers, raw and one-shot HTTP, CLI runs, JWT decoding, private Redis, proxied
        // PostgreSQL, test certificates. Used only by test targets.
        .target(name: "TesseraTesting", dependencies: ["TesseraJOSE"], path: "Tests/TesseraTesting"),
        // Proofs against the binary: a regression test per defect and the model-based test.
        .testTarget(name: "TesseraTruthTests", dependencies: ["tessera", "TesseraTesting"]),
        .executableTarget(name: "FuzzClientCert", dependencies: ["FuzzDriver", "TesseraHTTP"], path: "Fuzz/FuzzClientCert"),
        .testTarget(name: "TesseraHTTPTests", dependencies: ["TesseraHTTP", "COpenSSL", "TesseraTesting"]),
        .testTarget(name: "TesseraJOSETests", dependencies: ["TesseraJOSE", "TesseraTesting"]),
        .testTarget(name: "TesseraCoreTests", dependencies: ["TesseraCore"]),
        .testTarget(name: "TesseraStoreTests", dependencies: ["TesseraCore", "TesseraStore"]),
        .testTarget(name: "TesseraStoreIntegrationTests", dependencies: ["TesseraCore", "TesseraStore", "TesseraOAuth", "tessera", "TesseraTesting"]),
        .testTarget(name: "TesseraConfigTests", dependencies: ["TesseraConfig", "TesseraCore"]),
        .testTarget(name: "TesseraTelemetryTests", dependencies: ["TesseraTelemetry", "TesseraTesting"]),
        // TesseraApp's own logic without a server: routing, metrics text, settings, key schedule.
        .testTarget(name: "TesseraAppTests", dependencies: ["TesseraApp", "TesseraConfig", "TesseraHTTP", "TesseraTesting"]),
        .testTarget(name: "TesseraOAuthTests", dependencies: ["TesseraCore", "TesseraOAuth", "TesseraJOSE", "TesseraTesting"]),
        .testTarget(
            name: "TesseraGatewayTests",
            dependencies: ["tessera", "TesseraJOSE", "TesseraTesting"],
            resources: [.copy("Resources/pyjwt_validate.py"), .copy("Resources/authlib_private_key_jwt.py")]
        ),
        .testTarget(
            name: "TesseraEndToEndTests",
            dependencies: ["tessera", "TesseraJOSE", "TesseraTesting"]
        ),
        // The deployment files (Dockerfile, compose, Kubernetes, alert rules, dashboard) and
        // scripts/cluster, checked with the tools their users run (docs/OPERATIONS.md).
        .testTarget(
            name: "TesseraDeployTests",
            dependencies: ["tessera", "TesseraConfig", "TesseraTesting", .product(name: "Yams", package: "Yams")]
        ),
        // Abuse of the running binary (slowloris, floods, garbage), on the TesseraTesting harness.
        .testTarget(
            name: "TesseraAbuseTests",
            dependencies: ["tessera", "TesseraJOSE", "TesseraTesting", "FuzzHTTPParser", "FuzzTokenRequest", "FuzzJWT", "FuzzConfig", "FuzzClientCert", "FuzzClientAssertion"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
