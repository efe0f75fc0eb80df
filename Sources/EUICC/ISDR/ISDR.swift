import Crypto
import Foundation
import RSPCore
import RSPCrypto

/// The ISD-R of the software eUICC (SGP.22 §2.2.1, §5.7): the ES10a/b/c functions, the RSP session,
/// profile installation, the ISD-Ps with their profiles, and the notifications.
///
/// One actor so that every ES10 function runs alone, as on a card. Every change of the persistent
/// state is saved through `storage` before it becomes visible (`commit`), so a failed write leaves the
/// eUICC as it was.
public actor ISDR {
    public nonisolated let identity: EUICCIdentity
    public nonisolated let configuration: EUICCConfiguration
    let environment: EUICCEnvironment
    let testSeams: TestSeams?
    let storage: any EUICCStateStorage

    /// The persistent state: profiles, notifications, default SM-DP+ address.
    public private(set) var state: EUICCState
    /// The RSP session in progress, if any (memory only).
    var session: RSPSession?
    /// A LoadBoundProfilePackage in progress, if any (memory only).
    var installation: ProfileInstallation?
    /// Server certificates already parsed (memory only; parsing only, every check still runs).
    var serverCertificates = ParsedCertificateCache()

    /// An ISD-R with the given identity; the state comes from `storage` (empty if it holds none).
    public init(
        identity: EUICCIdentity, configuration: EUICCConfiguration = EUICCConfiguration(),
        environment: EUICCEnvironment = EUICCEnvironment(), storage: any EUICCStateStorage = InMemoryEUICCStateStorage()
    ) throws {
        try self.init(identity: identity, configuration: configuration, environment: environment, storage: storage, seams: nil)
    }

    /// **Test seam, not a production path**: the same ISD-R with fixed challenge / one-time key (see `TestSeams`).
    public init(
        identity: EUICCIdentity, configuration: EUICCConfiguration = EUICCConfiguration(),
        environment: EUICCEnvironment = EUICCEnvironment(), storage: any EUICCStateStorage = InMemoryEUICCStateStorage(),
        testSeams: TestSeams
    ) throws {
        try self.init(identity: identity, configuration: configuration, environment: environment, storage: storage, seams: testSeams)
    }

    private init(
        identity: EUICCIdentity, configuration: EUICCConfiguration, environment: EUICCEnvironment,
        storage: any EUICCStateStorage, seams: TestSeams?
    ) throws {
        self.identity = identity
        self.configuration = configuration
        self.environment = environment
        self.storage = storage
        self.testSeams = seams
        self.state = try storage.load() ?? EUICCState(
            defaultDpAddress: configuration.initialDefaultDpAddress, supportedVersions: configuration.initialSupportedVersions,
            features: configuration.initialFeatures)
    }

    /// The SGP.22 versions this card offers (EUICCInfo1 `svn` … `highestSvn`).
    public var supportedVersions: VersionRange { state.supportedVersions }
    /// The functions this card offers (EUICCInfo1 feature list).
    public var features: RSPFeatures { state.features }

    /// Saves `newState`, then makes it the current state.
    func commit(_ newState: EUICCState) throws {
        try storage.save(newState)
        state = newState
    }

    /// A card reset: the RSP session and any installation in progress are lost (nothing half-installed
    /// stays, since an installation only commits at its end).
    public func reset() {
        session = nil
        installation = nil
    }

    /// Signs with SK.EUICC.ECDSA (SGP.22 §2.6.5): r‖s over SHA-256 of `data`.
    func sign(_ data: [UInt8]) throws -> [UInt8] {
        let key = identity.euicc.privateKey
        if let seams = testSeams {
            for candidate in seams.replayableSignatures {
                if let signature = try? RSPSignature(rawRepresentation: candidate),
                    signature.isValid(for: data, publicKey: key.publicKey)
                {
                    return signature.rawRepresentation
                }
            }
        }
        return try RSPSignature.sign(data, with: key).rawRepresentation
    }

    /// The current time, for certificate validity.
    var now: Date { environment.now() }
}
