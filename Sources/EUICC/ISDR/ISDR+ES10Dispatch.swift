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
        let tlv: DERStructure.TLV
        do { tlv = try DERStructure.validateSingle(command) } catch { return .statusWord(StatusWord.incorrectData) }
        // The command was checked well-formed above: decoded from its TLV, it is not walked again.
        func decode<Request: DERImplicitlyTaggable>(_ type: Request.Type) throws -> Request {
            try DERReader.value(Request.self, from: tlv, in: command, identifier: Request.defaultIdentifier)
        }
        do {
            switch tlv.identifier {
            case GetEuiccInfo1Request.defaultIdentifier:
                _ = try decode(GetEuiccInfo1Request.self)
                return encode(getEUICCInfo1())
            case GetEuiccInfo2Request.defaultIdentifier:
                _ = try decode(GetEuiccInfo2Request.self)
                return encode(getEUICCInfo2())
            case GetEuiccChallengeRequest.defaultIdentifier:
                _ = try decode(GetEuiccChallengeRequest.self)
                return encode(getEuiccChallenge())
            case AuthenticateServerRequest.defaultIdentifier:
                return encode(authenticateServer(try decode(AuthenticateServerRequest.self)))
            case PrepareDownloadRequest.defaultIdentifier:
                return encode(prepareDownload(try decode(PrepareDownloadRequest.self)))
            case CancelSessionRequest.defaultIdentifier:
                return encode(cancelSession(try decode(CancelSessionRequest.self)))
            case ListNotificationRequest.defaultIdentifier:
                return encode(listNotification(try decode(ListNotificationRequest.self)))
            case RetrieveNotificationsListRequest.defaultIdentifier:
                return encode(retrieveNotificationsList(try decode(RetrieveNotificationsListRequest.self)))
            case NotificationSentRequest.defaultIdentifier:
                return encode(removeNotificationFromList(try decode(NotificationSentRequest.self)))
            case GetRatRequest.defaultIdentifier:
                _ = try decode(GetRatRequest.self)
                return encode(getRAT())
            case ProfileInfoListRequest.defaultIdentifier:
                return encode(getProfilesInfo(try decode(ProfileInfoListRequest.self)))
            case EnableProfileRequest.defaultIdentifier:
                return encode(enableProfile(try decode(EnableProfileRequest.self)))
            case DisableProfileRequest.defaultIdentifier:
                return encode(disableProfile(try decode(DisableProfileRequest.self)))
            case DeleteProfileRequest.defaultIdentifier:
                return encode(deleteProfile(try decode(DeleteProfileRequest.self)))
            case SetNicknameRequest.defaultIdentifier:
                return encode(setNickname(try decode(SetNicknameRequest.self)))
            case GetEuiccDataRequest.defaultIdentifier:
                return encode(try getEID(try decode(GetEuiccDataRequest.self)))
            case EuiccMemoryResetRequest.defaultIdentifier:
                return encode(euiccMemoryReset(try decode(EuiccMemoryResetRequest.self)))
            case EuiccConfiguredAddressesRequest.defaultIdentifier:
                _ = try decode(EuiccConfiguredAddressesRequest.self)
                return encode(getEuiccConfiguredAddresses())
            case SetDefaultDpAddressRequest.defaultIdentifier:
                return encode(setDefaultDpAddress(try decode(SetDefaultDpAddressRequest.self)))
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
