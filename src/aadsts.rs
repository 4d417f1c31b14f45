//! Microsoft Entra ID token-endpoint error codes (`AADSTSnnnn`) that flows meet, with what each means
//! and the verdict cause it leads to (`../shared/research/microsoft-and-formats.md` §C6, source ERR).

use crate::vocab::Cause;

/// One code.
#[derive(Debug)]
pub struct Code {
    pub number: u32,
    pub name: &'static str,
    pub meaning: &'static str,
    pub cause: Cause,
}

use Cause::*;

macro_rules! c {
    ($n:expr, $name:expr, $meaning:expr, $cause:expr) => {
        Code { number: $n, name: $name, meaning: $meaning, cause: $cause }
    };
}

pub static CODES: &[Code] = &[
    c!(
        50001,
        "InvalidResource",
        "the resource asked for is disabled or does not exist: check the exact resource URL (the audience)",
        AudienceMismatch
    ),
    c!(
        500011,
        "InvalidResourceServicePrincipalNotFound",
        "the resource is not in the tenant: wrong tenant, not consented, or a typo in the audience",
        AudienceMismatch
    ),
    c!(50011, "InvalidReplyTo", "the reply URL does not match the app registration", Unknown401),
    c!(50034, "UserAccountNotFound", "the user account does not exist in the tenant", PasswordChanged),
    c!(50053, "IdsLocked", "the account is locked (too many sign-in attempts or a malicious IP)", PasswordChanged),
    c!(50055, "InvalidPasswordExpiredPassword", "the password has expired", PasswordChanged),
    c!(50144, "InvalidPasswordExpiredOnPremPassword", "the on-premises password has expired", PasswordChanged),
    c!(50057, "UserDisabled", "the user account is disabled", PasswordChanged),
    c!(50058, "UserInformationNotProvided", "there is no signed-in session: the user must sign in again", GrantRevoked),
    c!(
        50076,
        "UserStrongAuthClientAuthNRequired",
        "multi-factor authentication is required (Conditional Access, per-user MFA or a new location)",
        MfaRequired
    ),
    c!(
        50079,
        "UserStrongAuthEnrollmentRequired",
        "the user must register for multi-factor authentication",
        MfaRequired
    ),
    c!(50126, "InvalidUserNameOrPassword", "the user name or password is wrong", PasswordChanged),
    c!(
        50173,
        "FreshTokenNeeded",
        "the grant was revoked (tokens revoked by an admin or the user): sign in again",
        GrantRevoked
    ),
    c!(
        50194,
        "InvalidApplicationForMultiTenant",
        "the app is not multi-tenant: use the tenant's own authority, not /common",
        Unknown401
    ),
    c!(53000, "DeviceNotCompliant", "Conditional Access requires a compliant device", ConditionalAccess),
    c!(53003, "BlockedByConditionalAccess", "a Conditional Access policy blocked the sign-in", ConditionalAccess),
    c!(
        530032,
        "BlockedByConditionalAccessOnSecurityPolicy",
        "the tenant's security policy blocked the sign-in",
        ConditionalAccess
    ),
    c!(530035, "BlockedBySecurityDefaults", "security defaults blocked the sign-in", ConditionalAccess),
    c!(
        65001,
        "DelegationDoesNotExist",
        "the user or an administrator has not consented to the app's permissions",
        ConsentMissing
    ),
    c!(
        65002,
        "ConsentMustBeConfiguredViaPreauthorization",
        "a Microsoft first-party client needs preauthorization for this resource: use an app registration of your own",
        ConsentMissing
    ),
    c!(
        650057,
        "InvalidResource",
        "the resource is not among the permissions the app requests: add it to the app's API permissions",
        ConsentMissing
    ),
    c!(70000, "InvalidGrant", "the grant (refresh token or code) is invalid or expired", GrantRevoked),
    c!(70002, "InvalidClient", "the client secret does not match the app registration", SecretExpired),
    c!(70008, "ExpiredOrRevokedGrant", "the refresh token expired from inactivity", GrantRevoked),
    c!(700082, "ExpiredOrRevokedGrantInactiveToken", "the refresh token expired from inactivity", GrantRevoked),
    c!(700084, "SpaRefreshTokenExpired", "the single-page-app refresh token reached its fixed lifetime", GrantRevoked),
    c!(
        70011,
        "InvalidScope",
        "the scope asked for is not valid (for client credentials, use <resource>/.default)",
        AudienceMismatch
    ),
    c!(
        70043,
        "BadTokenDueToInteractionRequired",
        "the refresh token expired under a Conditional Access sign-in frequency",
        GrantRevoked
    ),
    c!(
        700016,
        "UnauthorizedClient_DoesNotMatchRequest",
        "the application was not found in the tenant: wrong client ID or wrong tenant",
        Unknown401
    ),
    c!(
        700022,
        "InvalidMultipleResourcesScope",
        "the scope names more than one resource: ask for one resource per token",
        AudienceMismatch
    ),
    c!(700023, "InvalidResourcelessScope", "the scope names no resource", AudienceMismatch),
    c!(
        700027,
        "Client assertion failed signature validation",
        "the certificate used to sign the client assertion is not the one registered",
        SecretExpired
    ),
    c!(
        7000215,
        "InvalidClientSecretProvided",
        "the client secret is wrong (often the secret's ID was pasted instead of its value)",
        SecretExpired
    ),
    c!(
        7000218,
        "RequestBodyMustContainParameter",
        "the token request has neither client_secret nor client_assertion",
        SecretExpired
    ),
    c!(7000222, "InvalidClientSecretExpiredKeysProvided", "the client secret has expired", SecretExpired),
    c!(7000112, "UnauthorizedClientApplicationDisabled", "the application is disabled", Unknown401),
    c!(90002, "InvalidTenantName", "the tenant was not found (wrong tenant name, or another cloud)", Unknown401),
    c!(900144, "InvalidRequestParameter", "a required parameter is missing from the token request", Unknown401),
    c!(
        90009,
        "TokenForItselfMissingIdenticalAppIdentifier",
        "a token for the app itself needs the app's GUID as the resource",
        AudienceMismatch
    ),
    c!(
        901002,
        "AdalUnsupportedResourceParameter",
        "the v2.0 endpoint does not take `resource`: use `scope` = <resource>/.default",
        AudienceMismatch
    ),
    c!(9002313, "InvalidRequest", "the token request is malformed", Unknown401),
];

/// Every `AADSTS<digits>` in a text, in order, that authlint knows.
pub fn find_all(text: &str) -> Vec<&'static Code> {
    let mut out: Vec<&'static Code> = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("AADSTS") {
        let digits: String = rest[i + 6..].chars().take_while(char::is_ascii_digit).collect();
        if let Some(code) = digits.parse::<u32>().ok().and_then(|n| CODES.iter().find(|c| c.number == n))
            && !out.iter().any(|c| c.number == code.number)
        {
            out.push(code);
        }
        rest = &rest[i + 6..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every code of the research table (§C6) is known by its number, wherever it stands in a body.
    #[test]
    fn every_researched_code_is_found_by_number() {
        let codes = [
            50001, 500011, 50011, 50034, 50053, 50055, 50144, 50057, 50058, 50076, 50079, 50126, 50173, 50194, 53000,
            53003, 530032, 530035, 65001, 65002, 650057, 70000, 70002, 70008, 700082, 700084, 70011, 70043, 700016,
            700022, 700023, 700027, 7000215, 7000218, 7000222, 7000112, 90002, 900144, 90009, 901002, 9002313,
        ];
        for n in codes {
            let body = format!("{{\"error_description\":\"AADSTS{n}: something.\\r\\nTrace ID: x\"}}");
            let found = find_all(&body);
            assert_eq!(found.iter().map(|c| c.number).collect::<Vec<_>>(), [n], "{n}");
        }
        // A longer number is not a shorter code.
        assert!(find_all("AADSTS5000111").is_empty());
        assert_eq!(find_all("AADSTS50076 and again AADSTS50076, then AADSTS53003").len(), 2);
    }
}
