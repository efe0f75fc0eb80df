import RSPCore
import SwiftASN1

/// The answer to one ES10 command: response data (possibly empty) with '90 00', or a status word alone.
public enum ES10Reply: Hashable, Sendable {
    case data([UInt8])
    case statusWord(UInt16)
}

extension ISDR {
    /// Runs one ES10 command — the data of one complete STORE DATA sequence (SGP.22 §5.7.2) — by its
    /// outer tag. While a Bound Profile Package is being loaded every sequence is BPP data. A command
    /// that does not decode gets '6A 80', an unknown tag '6A 88'.
    public func execute(_ command: [UInt8]) -> ES10Reply {
        if installation != nil || command.starts(with: BoundProfilePackageStream.boundProfilePackageTag) {
            do {
                switch try loadBoundProfilePackage(command) {
                case .needMoreData: return .data([])
                case .finished(let result): return encode(result)
                }
            } catch {
                return .statusWord(StatusWord.conditionsOfUseNotSatisfied)
            }
        }
        let identifier: ASN1Identifier
        do { identifier = try DERStructure.validateSingle(command).identifier } catch {
            return .statusWord(StatusWord.incorrectData)
        }
        do {
            switch identifier {
            case GetEuiccInfo1Request.defaultIdentifier:
                _ = try GetEuiccInfo1Request(derBytes: command)
                return encode(getEUICCInfo1())
            case GetEuiccInfo2Request.defaultIdentifier:
                _ = try GetEuiccInfo2Request(derBytes: command)
                return encode(getEUICCInfo2())
            case GetEuiccChallengeRequest.defaultIdentifier:
                _ = try GetEuiccChallengeRequest(derBytes: command)
                return encode(getEuiccChallenge())
            case AuthenticateServerRequest.defaultIdentifier:
                return encode(authenticateServer(try AuthenticateServerRequest(derBytes: command)))
            case PrepareDownloadRequest.defaultIdentifier:
                return encode(prepareDownload(try PrepareDownloadRequest(derBytes: command)))
            case CancelSessionRequest.defaultIdentifier:
                return encode(cancelSession(try CancelSessionRequest(derBytes: command)))
            case ListNotificationRequest.defaultIdentifier:
                return encode(listNotification(try ListNotificationRequest(derBytes: command)))
            case RetrieveNotificationsListRequest.defaultIdentifier:
                return encode(retrieveNotificationsList(try RetrieveNotificationsListRequest(derBytes: command)))
            case NotificationSentRequest.defaultIdentifier:
                return encode(removeNotificationFromList(try NotificationSentRequest(derBytes: command)))
            case GetRatRequest.defaultIdentifier:
                _ = try GetRatRequest(derBytes: command)
                return encode(getRAT())
            case ProfileInfoListRequest.defaultIdentifier:
                return encode(getProfilesInfo(try ProfileInfoListRequest(derBytes: command)))
            case EnableProfileRequest.defaultIdentifier:
                return encode(enableProfile(try EnableProfileRequest(derBytes: command)))
            case DisableProfileRequest.defaultIdentifier:
                return encode(disableProfile(try DisableProfileRequest(derBytes: command)))
            case DeleteProfileRequest.defaultIdentifier:
                return encode(deleteProfile(try DeleteProfileRequest(derBytes: command)))
            case SetNicknameRequest.defaultIdentifier:
                return encode(setNickname(try SetNicknameRequest(derBytes: command)))
            case GetEuiccDataRequest.defaultIdentifier:
                return encode(try getEID(try GetEuiccDataRequest(derBytes: command)))
            case EuiccMemoryResetRequest.defaultIdentifier:
                return encode(euiccMemoryReset(try EuiccMemoryResetRequest(derBytes: command)))
            case EuiccConfiguredAddressesRequest.defaultIdentifier:
                _ = try EuiccConfiguredAddressesRequest(derBytes: command)
                return encode(getEuiccConfiguredAddresses())
            case SetDefaultDpAddressRequest.defaultIdentifier:
                return encode(setDefaultDpAddress(try SetDefaultDpAddressRequest(derBytes: command)))
            default:
                return .statusWord(StatusWord.referencedDataNotFound)
            }
        } catch {
            return .statusWord(StatusWord.incorrectData)
        }
    }

    private func encode(_ response: some DERSerializable) -> ES10Reply {
        do { return .data(try response.derEncoded()) } catch { return .statusWord(StatusWord.incorrectData) }
    }
}
