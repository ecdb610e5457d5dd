using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace EvSysReview.TestSupport;

/// <summary>Tokens for the refusal tests: valid, expired, signed with the wrong key, unsigned.</summary>
public static class TestTokens
{
    public const string SigningKey = "integration-test-signing-key-0123456789abcdef";
    public const string Issuer = "evsysreview";
    public const string Audience = "evsysreview-api";

    public static string Valid(string username) => Create(username, SigningKey, DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddHours(1));

    public static string Expired(string username) => Create(username, SigningKey, DateTime.UtcNow.AddHours(-2), DateTime.UtcNow.AddHours(-1));

    public static string ForgedSignature(string username) => Create(username, "an-attacker-key-that-is-not-the-real-one-42", DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddHours(1));

    /// <summary>alg=none: claims anyone could write.</summary>
    public static string Unsigned(string username)
    {
        var header = Base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        var exp = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        var payload = Base64Url($"{{\"sub\":\"{username}\",\"iss\":\"{Issuer}\",\"aud\":\"{Audience}\",\"exp\":{exp}}}");
        return $"{header}.{payload}.";
    }

    /// <summary>
    /// Settings every test host starts from. The bus is in memory unless the test names a broker:
    /// CI exports RABBITMQ_URI, and a host that picked it up by accident would share unprefixed
    /// queues with hosts of other test runs, whose consumers then take its messages (seen as a
    /// module that never learns a project's members). A test that sets RABBITMQ_URI still gets a
    /// queue prefix of its own unless it chooses one.
    /// </summary>
    public static Dictionary<string, string?> HostSettings() => new()
    {
        ["Auth:SigningKey"] = SigningKey,
        ["Auth:Issuer"] = Issuer,
        ["Auth:Audience"] = Audience,
        ["Auth:ClockSkew"] = "00:00:05",
        ["RABBITMQ_URI"] = "",
        ["Bus:QueuePrefix"] = $"t{Guid.NewGuid():N}"[..9] + "-",
    };

    private static string Create(string username, string key, DateTime notBefore, DateTime expires)
    {
        var token = new JwtSecurityToken(
            Issuer, Audience, [new Claim("sub", username)], notBefore, expires,
            new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256));
        return new JwtSecurityTokenHandler().WriteToken(token);
    }

    private static string Base64Url(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
