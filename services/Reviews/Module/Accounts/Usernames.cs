using System.Buffers;
using System.Text;

namespace EvSysReview.Reviews.Accounts;

/// <summary>
/// Which usernames enter the system. A member is changed and removed at
/// <c>.../members/{username}</c>, so a username must survive as one route segment: '/' would split
/// it (and an escaped %2F reaches the route still escaped), "." and ".." are dropped from URLs
/// before any server sees them, and '\' becomes '/' in browsers. Rather than list what breaks, the
/// characters are those of ASP.NET Core Identity's default (letters, digits, . _ - @ +, which
/// covers e-mail addresses and Keycloak's usernames) plus '|', the separator in Auth0's subjects
/// ("auth0|…"); the other common identity providers' subjects (UUIDs, numbers, base64url) fit too.
/// ASCII letters only, so two names that look alike are never two people.
/// Names are matched exactly (an OpenID Connect subject is case-sensitive), so "Ana" and "ana"
/// would be two people; as usernames are mostly e-mail addresses and logins that people type in
/// any case, a name that differs from one already there only in letter case is refused instead.
/// </summary>
public static class Usernames
{
    public const int MaxLength = 100;

    public const string Rule = "A username is 1 to 100 of: ASCII letters, digits and . _ - @ + | (not \".\" or \"..\" alone), so that .../members/{username} can address it.";

    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-@+|");

    /// <summary>Why <paramref name="username"/> cannot be one (the rule and what breaks it), or null when it can.</summary>
    public static string? Refusal(string? username)
    {
        if (string.IsNullOrEmpty(username) || username.Length > MaxLength) return Rule;
        if (username is "." or "..") return $"{Rule} \"{username}\" is dropped from a URL's path.";
        var refused = username.AsSpan().IndexOfAnyExcept(Allowed);
        return refused < 0 ? null : $"{Rule} '{username[refused]}' is not one of them.";
    }

    /// <summary>Whether two usernames are the same but for ASCII letter case (not exactly the same).</summary>
    public static bool DifferOnlyInCase(string username, string other) =>
        !string.Equals(username, other, StringComparison.Ordinal) && Ascii.EqualsIgnoreCase(username, other);
}
