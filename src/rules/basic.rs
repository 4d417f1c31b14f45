//! Basic credentials: `Basic base64(user-id ":" password)` (RFC 7617).

use super::{Context, RequestFacts, Rule, declare_rule, each_problem};
use crate::auth::Problem;

const BUILD: &str = "build it as `Basic @{base64(concat(variables('user'), ':', variables('password')))}`, or set the HTTP action's authentication to Basic with username and password";

declare_rule! {
    /// ## What it finds
    /// A Basic credential that is not valid base64: characters outside the standard alphabet (base64url's
    /// `-` and `_` included), a length that cannot be base64, or misplaced padding.
    ///
    /// ## Why it breaks the request
    /// The server cannot decode the user name and password: 401.
    ///
    /// ## Example
    /// ```json
    /// {"method": "GET", "uri": "https://api.example.com/items", "headers": {"Authorization": "Basic dXNlcj*wYXNz"}}
    /// ```
    ///
    /// ## Fix
    /// Encode `user:password` with `base64()`, or use the action's Basic authentication.
    pub struct BasicInvalidBase64 { name: "basic-invalid-base64", severity: Error, summary: "a Basic credential that is not valid base64" }
}

impl Rule for BasicInvalidBase64 {
    fn check(&self, cx: &mut Context, f: &RequestFacts) {
        each_problem(f, |site, p| {
            let Problem::BasicInvalidBase64 { range, why } = p else {
                return;
            };
            cx.at_value(&Self::META, site, range.clone(), format!("the Basic credential is not valid base64: {why}"))
                .label("not base64")
                .help(BUILD);
        });
    }
}

declare_rule! {
    /// ## What it finds
    /// A Basic credential that decodes to text with no `:` between user name and password.
    ///
    /// ## Why it breaks the request
    /// Basic is `base64(user:password)`. Only the password, only the user, or an API key was encoded, so
    /// the server cannot split it: 401.
    ///
    /// ## Example
    /// ```json
    /// {"method": "GET", "uri": "https://api.example.com/items", "headers": {"Authorization": "Basic bm90LWEtcGFpcg=="}}
    /// ```
    ///
    /// ## Fix
    /// Encode `user:password` (with the colon). For an API key, use the header the API documents instead.
    pub struct BasicMissingColon { name: "basic-missing-colon", severity: Error, summary: "a Basic credential that decodes without user:password" }
}

impl Rule for BasicMissingColon {
    fn check(&self, cx: &mut Context, f: &RequestFacts) {
        each_problem(f, |site, p| {
            let Problem::BasicMissingColon { range, text } = p else {
                return;
            };
            let what =
                if *text { "text with no ':' between user and password" } else { "binary data, not user:password" };
            cx.at_value(&Self::META, site, range.clone(), format!("the Basic credential decodes to {what}"))
                .label("no user:password inside")
                .help(BUILD);
        });
    }
}

declare_rule! {
    /// ## What it finds
    /// `Basic user:password` sent without base64 encoding.
    ///
    /// ## Why it breaks the request
    /// The server base64-decodes what follows `Basic` and gets garbage: 401. The password is also in
    /// clear text in the flow and in run history.
    ///
    /// ## Example
    /// ```json
    /// {"method": "GET", "uri": "https://api.example.com/items", "headers": {"Authorization": "Basic apiuser:not-a-real-password"}}
    /// ```
    ///
    /// ## Fix
    /// Use the HTTP action's Basic authentication (with the password from a secure parameter or Key
    /// Vault), or encode it: `base64(concat(user, ':', password))`.
    pub struct BasicPlaintext { name: "basic-plaintext", severity: Error, summary: "Basic user:password not encoded" }
}

impl Rule for BasicPlaintext {
    fn check(&self, cx: &mut Context, f: &RequestFacts) {
        each_problem(f, |site, p| {
            let Problem::BasicPlaintext { range, user } = p else {
                return;
            };
            cx.at_value(
                &Self::META,
                site,
                range.clone(),
                format!("the Basic credential for user \"{}\" is plain text, not base64", user.escape_debug()),
            )
            .label("user:password in clear")
            .help(BUILD);
        });
    }
}

declare_rule! {
    /// ## What it finds
    /// A Basic credential that was base64-encoded twice: it decodes to base64 text that decodes to
    /// `user:password`.
    ///
    /// ## Why it breaks the request
    /// The server decodes once and finds no `user:password`: 401. Typically the value was already encoded
    /// in a variable or Key Vault secret and `base64()` was applied again.
    ///
    /// ## Example
    /// ```json
    /// {"method": "GET", "uri": "https://api.example.com/items", "headers": {"Authorization": "Basic ZFhObGNqcHdZWE56ZDI5eVpBPT0="}}
    /// ```
    ///
    /// ## Fix
    /// Encode once: drop the extra `base64()`, or store the plain password and encode in the flow.
    pub struct BasicDoubleEncoded { name: "basic-double-encoded", severity: Error, summary: "a Basic credential base64-encoded twice" }
}

impl Rule for BasicDoubleEncoded {
    fn check(&self, cx: &mut Context, f: &RequestFacts) {
        each_problem(f, |site, p| {
            let Problem::BasicDoubleEncoded { range } = p else {
                return;
            };
            cx.at_value(&Self::META, site, range.clone(), "the Basic credential is base64-encoded twice".to_string())
                .label("decodes to base64, not to user:password")
                .help("encode once: remove one base64() (the value was probably stored already encoded)");
        });
    }
}

declare_rule! {
    /// ## What it finds
    /// A Basic credential whose decoded `user:password` ends in a line break: the base64 was made with
    /// `echo "user:password" | base64` (echo adds a line break, which base64 encodes) or copied from a
    /// file with a final newline.
    ///
    /// ## Why it breaks the request
    /// The server decodes the password with the line break at its end, and that password is wrong: 401.
    /// Nothing shows it: the header looks like any other Basic credential.
    ///
    /// ## Example
    /// ```json
    /// {"method": "GET", "uri": "https://api.example.com/items", "headers": {"Authorization": "Basic c3ZjOkZBS0UtcGFzc3dvcmQK"}}
    /// ```
    ///
    /// ## Fix
    /// Encode without the line break (`echo -n "user:password" | base64`, or `printf %s`), or build the
    /// header in the flow with `base64()`, or use the HTTP action's Basic authentication.
    pub struct BasicTrailingNewline { name: "basic-trailing-newline", severity: Error, summary: "a Basic credential whose decoded password ends in a line break" }
}

impl Rule for BasicTrailingNewline {
    fn check(&self, cx: &mut Context, f: &RequestFacts) {
        each_problem(f, |site, p| {
            let Problem::BasicTrailingNewline { range, user, crlf } = p else {
                return;
            };
            let brk = if *crlf { "a line break (CR LF)" } else { "a line break (LF)" };
            cx.at_value(
                &Self::META,
                site,
                range.clone(),
                format!("the Basic credential for user \"{user}\" decodes to a password that ends in {brk}"),
            )
            .label("password ends in a line break")
            .help("encode user:password without the line break (`echo -n \"user:password\" | base64`, or `printf %s`), or build it as `Basic @{base64(concat(variables('user'), ':', variables('password')))}`");
        });
    }
}
