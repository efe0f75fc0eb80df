import RSPCore

/// The steps of a profile download (SGP.22 §3.1.3), reported as they start so a user
/// interface can narrate them.
public enum DownloadProgress: Hashable, Sendable, CustomStringConvertible {
    case readingEuiccInformation
    case initiatingAuthentication(smdpAddress: String)
    case authenticatingServer
    case authenticatingClient
    /// The profile the SM-DP+ offers (SGP.22 §3.1.3.3: shown to the end user for confirmation).
    case profileMetadata(StoreMetadataRequest)
    case preparingDownload
    case gettingBoundProfilePackage
    case installingProfile(segments: Int)
    case sendingInstallationResult
    case installed(iccid: ICCID)
    case cancellingSession(CancelSessionReason)

    public var description: String {
        switch self {
        case .readingEuiccInformation: return "Reading the eUICC information and challenge"
        case .initiatingAuthentication(let address): return "Contacting the SM-DP+ at \(address)"
        case .authenticatingServer: return "The eUICC is verifying the SM-DP+"
        case .authenticatingClient: return "The SM-DP+ is verifying the eUICC"
        case .profileMetadata(let metadata):
            return "Profile offered: \(metadata.profileName) from \(metadata.serviceProviderName) (ICCID \(metadata.iccid))"
        case .preparingDownload: return "Preparing the download"
        case .gettingBoundProfilePackage: return "Downloading the bound profile package"
        case .installingProfile(let segments): return "Installing the profile (\(segments) segments)"
        case .sendingInstallationResult: return "Sending the installation result to the SM-DP+"
        case .installed(let iccid): return "Profile \(iccid) installed"
        case .cancellingSession(let reason): return "Cancelling the download session (\(reason))"
        }
    }
}
