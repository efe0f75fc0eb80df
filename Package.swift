// swift-tools-version: 6.1
import PackageDescription

// Dependencies point downward only (see ARCHITECTURE.md):
// RSPCore ← RSPCrypto ← {ProfilePackage, RSPStore} ← {SMDPPlus, SMDS, EUICC, LPA} ← RSPHTTP ← OpenRSPCLI
let package = Package(
    name: "OpenRSP",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "openrsp", targets: ["OpenRSPCLI"]),
        .library(name: "RSPCore", targets: ["RSPCore"]),
        .library(name: "RSPCrypto", targets: ["RSPCrypto"]),
        .library(name: "ProfilePackage", targets: ["ProfilePackage"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    ],
    targets: [
        .target(
            name: "RSPCore",
            dependencies: [.product(name: "SwiftASN1", package: "swift-asn1")]
        ),
        .target(
            name: "RSPCrypto",
            dependencies: [
                "RSPCore",
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "ProfilePackage",
            dependencies: ["RSPCore", "RSPCrypto", .product(name: "SwiftASN1", package: "swift-asn1")]
        ),
        .executableTarget(
            name: "OpenRSPCLI",
            dependencies: [
                "RSPCore", "RSPCrypto", "ProfilePackage",
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Locating the interoperability vectors, shared by the test targets.
        .target(name: "RSPTestSupport", path: "Tests/RSPTestSupport"),
        .testTarget(name: "RSPCoreTests", dependencies: ["RSPCore", "RSPTestSupport"]),
        .testTarget(name: "RSPCryptoTests", dependencies: ["RSPCrypto", "RSPCore", "ProfilePackage", "RSPTestSupport"]),
        .testTarget(name: "ProfilePackageTests", dependencies: ["ProfilePackage", "RSPTestSupport"]),
        .testTarget(name: "OpenRSPCLITests", dependencies: ["OpenRSPCLI", "RSPTestSupport"]),
    ]
)
