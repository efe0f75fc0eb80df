import Metrics
import RSPCore

/// How the downloads ended, through swift-metrics: each installation result that ended its order
/// (SGP.22 §5.6.4; a retried one is not counted again), by outcome and — for a failure — the
/// eUICC's bppCommandId and errorReason. Values the spec does not name count as "other", so the
/// series stay few.
struct InstallationMetrics: Sendable {
    static let label = "smdp_profile_installations_total"

    let factory: any MetricsFactory

    func record(_ finalResult: ProfileInstallationResultData.FinalResult) {
        let dimensions: [(String, String)] = switch finalResult {
        case .successResult:
            [("result", "success"), ("bpp_command", ""), ("error_reason", "")]
        case .errorResult(let error):
            [("result", "failure"), ("bpp_command", error.bppCommandId.name ?? "other"),
             ("error_reason", error.errorReason.name ?? "other")]
        }
        Counter(label: Self.label, dimensions: dimensions, factory: factory).increment()
    }
}
