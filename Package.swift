// swift-tools-version:6.0
import PackageDescription

// Layers, lowest first; each depends only on those above it in this list.
//   COpenSSL, CZlib, CCurl,   C libraries behind module maps and shims; CEpoll is Linux's
//   CPostgres, CEpoll         epoll header
//   URLText                   pure (no imports): the one percent-encoder/decoder
//   ServiceMetrics            counters, histograms and sampled gauges in Prometheus' text format
//   GrantModel                pure (no imports): ApiScope, JSON, checks, diffs, risk, validation,
//                             accounts API types
//   Transport                 POSIX sockets, epoll, OpenSSL TLS, self-signed certificates
//                             (OpenSSL, CEpoll)
//   CryptoPrimitives          random bytes, SHA-256, HMAC, scrypt, constant-time compare, hex,
//                             Base64 (OpenSSL)
//   Gzip                      zlib gzip streams
//   ParticipantTokens         participant JWTs: HS256 compact tokens and MeshAgent's claims
//                             (GrantModel, CryptoPrimitives)
//   HTTPServer                HTTP/1.1 parsing, connections, Dispatch server, HTTP dates;
//                             knows no routes (Transport)
//   HTTPApp                   router, middleware, request context, urlencoded forms, static
//                             files, compression, request metrics, JSON log lines
//                             (HTTPServer, Gzip, CryptoPrimitives, ServiceMetrics)
//   HTTPClient                outbound HTTP over libcurl with our own deadlines, size caps,
//                             redirect rules (CCurl only)
//   AccountsAPI               typed client for MeshAgent's accounts REST API (GrantModel, HTTPClient)
//   AccountsServer            the embedded accounts API on SQLite through GRDB (GrantModel, HTTPApp)
//   Console                   the admin console: sessions, pages, editor, audit log
//                             (GrantModel, HTTPApp, AccountsAPI, CryptoPrimitives, GRDB for
//                             SQLite, CPostgres for PostgreSQL)
//   grantdesk                 the thin executable: command line over Console and AccountsServer
//   ParserFuzz                libFuzzer entry point over HTTPServer's request parser
// Mutex (Synchronization) needs macOS 15.
let package = Package(
    name: "GrantDesk",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "grantdesk", targets: ["grantdesk"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"])]
        ),
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .systemLibrary(
            name: "CPostgres",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .systemLibrary(name: "CEpoll"),
        .target(name: "URLText"),
        .target(name: "ServiceMetrics"),
        .target(name: "GrantModel"),
        .target(name: "Transport", dependencies: ["COpenSSL", "CEpoll"]),
        .target(name: "CryptoPrimitives", dependencies: ["COpenSSL"]),
        .target(name: "Gzip", dependencies: ["CZlib"]),
        .target(name: "ParticipantTokens", dependencies: ["GrantModel", "CryptoPrimitives"]),
        .target(
            name: "HTTPServer",
            dependencies: ["Transport", .product(name: "Logging", package: "swift-log")]
        ),
        .target(
            name: "HTTPApp",
            dependencies: [
                "HTTPServer", "URLText", "Gzip", "CryptoPrimitives", "ServiceMetrics",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(name: "HTTPClient", dependencies: ["CCurl"]),
        .target(name: "AccountsAPI", dependencies: ["URLText", "GrantModel", "HTTPClient"]),
        .target(
            name: "AccountsServer",
            dependencies: [
                "GrantModel", "HTTPApp", "URLText", "CryptoPrimitives", "ParticipantTokens",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Console",
            dependencies: [
                "GrantModel", "HTTPApp", "AccountsAPI", "CryptoPrimitives", "URLText", "ServiceMetrics",
                "ParticipantTokens", "CPostgres",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "grantdesk",
            dependencies: [
                "Console", "AccountsServer", "AccountsAPI", "GrantModel", "HTTPApp", "HTTPServer", "CryptoPrimitives",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(name: "ParserFuzz", dependencies: ["HTTPServer"]),
        // One test-support target for every test tier (as HummingbirdTesting is): temporary
        // directories, the test clock, the raw plain/TLS client, our server on port 0, the embedded
        // accounts API on port 0, fake upstreams, and the console harness.
        .target(
            name: "GrantDeskTesting",
            dependencies: [
                "Console", "AccountsServer", "AccountsAPI", "HTTPClient", "HTTPApp", "HTTPServer", "Transport", "GrantModel",
                "URLText", "CryptoPrimitives",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/GrantDeskTesting"
        ),
        .testTarget(name: "GrantModelTests", dependencies: ["GrantModel"]),
        .testTarget(name: "ServiceMetricsTests", dependencies: ["ServiceMetrics"]),
        .testTarget(name: "TransportTests", dependencies: ["Transport", "CryptoPrimitives", "GrantDeskTesting"]),
        .testTarget(name: "CryptoPrimitivesTests", dependencies: ["CryptoPrimitives", "Gzip"]),
        .testTarget(name: "ParticipantTokensTests", dependencies: ["ParticipantTokens", "GrantModel", "CryptoPrimitives"]),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer", "Transport", "CryptoPrimitives", "GrantDeskTesting"]),
        .testTarget(name: "HTTPAppTests", dependencies: ["HTTPApp", "HTTPServer", "URLText", "Gzip", "GrantDeskTesting"]),
        .testTarget(
            name: "AccountsTests",
            dependencies: [
                "AccountsAPI", "AccountsServer", "HTTPClient", "HTTPApp", "HTTPServer", "GrantModel", "URLText", "GrantDeskTesting",
                "ParticipantTokens",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "ConsoleTests",
            dependencies: [
                "Console", "AccountsServer", "AccountsAPI", "HTTPApp", "HTTPServer", "URLText", "ServiceMetrics",
                "GrantDeskTesting", "ParticipantTokens", "GrantModel", "CryptoPrimitives",
            ]
        ),
    ]
)
