// swift-tools-version: 6.1
import PackageDescription

// Dependencies point downward only (see ARCHITECTURE.md):
// RSPCore ← RSPCrypto ← {ProfilePackage, RSPStore} ← {SMDPPlus, SMDS, EUICC, LPA} ← RSPHTTP ← OpenRSPCLI
// (RSPHTTP reaches the domain modules only through RSPCore protocols: ES9PlusService, APDUTransport.)
let asn1 = Target.Dependency.product(name: "SwiftASN1", package: "swift-asn1")
let x509 = Target.Dependency.product(name: "X509", package: "swift-certificates")
let crypto = Target.Dependency.product(name: "Crypto", package: "swift-crypto")
let logging = Target.Dependency.product(name: "Logging", package: "swift-log")

let package = Package(
    name: "OpenRSP",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "openrsp", targets: ["OpenRSPCLI"]),
        .library(name: "RSPCore", targets: ["RSPCore"]),
        .library(name: "RSPCrypto", targets: ["RSPCrypto"]),
        .library(name: "ProfilePackage", targets: ["ProfilePackage"]),
        .library(name: "RSPStore", targets: ["RSPStore"]),
        .library(name: "SMDPPlus", targets: ["SMDPPlus"]),
        .library(name: "EUICC", targets: ["EUICC"]),
        .library(name: "LPA", targets: ["LPA"]),
        .library(name: "SMDS", targets: ["SMDS"]),
        .library(name: "RSPHTTP", targets: ["RSPHTTP"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        // Benchmarks/ only (swift package benchmark); MallocInterposer: allocation counts without the runtime interposer.
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .target(name: "RSPCore", dependencies: [asn1]),
        .target(
            name: "RSPCrypto",
            dependencies: ["RSPCore", asn1, x509, crypto, .product(name: "CryptoExtras", package: "swift-crypto")]
        ),
        .target(name: "ProfilePackage", dependencies: ["RSPCore", "RSPCrypto", asn1]),
        .target(
            name: "RSPStore",
            dependencies: [
                "RSPCore", "RSPCrypto", logging,
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        // Domain modules: no HTTP, no SQL; stores and transports come in as protocol values.
        .target(
            name: "SMDPPlus",
            dependencies: [
                "RSPCore", "RSPCrypto", "ProfilePackage", "RSPStore", asn1, x509, crypto, logging,
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),
        .target(name: "EUICC", dependencies: ["RSPCore", "RSPCrypto", "ProfilePackage", asn1, x509, crypto, logging]),
        .target(name: "LPA", dependencies: ["RSPCore", "RSPCrypto", asn1, x509, crypto, logging]),
        .target(name: "SMDS", dependencies: ["RSPCore", "RSPCrypto", "RSPStore", asn1, x509, crypto, logging]),
        .target(
            name: "RSPHTTP",
            dependencies: [
                // Bindings only: the domain modules come in through ES9PlusService and APDUTransport.
                "RSPCore", "RSPCrypto", asn1, x509, crypto, logging,
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),
        .executableTarget(
            name: "OpenRSPCLI",
            dependencies: [
                "RSPCore", "RSPCrypto", "ProfilePackage", "RSPStore", "SMDPPlus", "SMDS", "EUICC", "LPA", "RSPHTTP", x509, crypto,
                logging,
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        // Locating the interoperability vectors, shared by the test targets.
        .target(name: "RSPTestSupport", dependencies: ["RSPCore", "RSPCrypto", asn1, x509, crypto], path: "Tests/RSPTestSupport"),
        .testTarget(name: "RSPCoreTests", dependencies: ["RSPCore", "RSPTestSupport"]),
        .testTarget(name: "RSPCryptoTests", dependencies: ["RSPCrypto", "RSPCore", "ProfilePackage", "RSPTestSupport"]),
        .testTarget(name: "ProfilePackageTests", dependencies: ["ProfilePackage", "RSPTestSupport"]),
        .testTarget(
            name: "RSPStoreTests",
            dependencies: [
                "RSPStore", "RSPTestSupport", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "SMDPPlusTests",
            dependencies: [
                "SMDPPlus", "RSPStore", "RSPCrypto", "RSPTestSupport", logging,
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .testTarget(name: "SMDSTests", dependencies: ["SMDS", "RSPStore", "RSPCrypto", "RSPTestSupport"]),
        .testTarget(name: "EUICCTests", dependencies: ["EUICC", "RSPCrypto", "ProfilePackage", "RSPTestSupport"]),
        .testTarget(name: "LPATests", dependencies: ["LPA", "EUICC", "SMDPPlus", "RSPStore", "RSPTestSupport"]),
        .testTarget(
            name: "RSPHTTPTests",
            dependencies: [
                "RSPHTTP", "RSPTestSupport", .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOHTTP1", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .testTarget(name: "OpenRSPCLITests", dependencies: ["OpenRSPCLI", "RSPTestSupport"]),
        // `swift package --disable-sandbox benchmark --target OpenRSPBenchmarks` (ordo-one/benchmark).
        .executableTarget(
            name: "OpenRSPBenchmarks",
            dependencies: [
                "RSPCore", "RSPCrypto", "ProfilePackage", "RSPStore", "SMDPPlus", "EUICC", "LPA", "RSPHTTP", asn1, x509, crypto, logging,
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            path: "Benchmarks/OpenRSPBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
