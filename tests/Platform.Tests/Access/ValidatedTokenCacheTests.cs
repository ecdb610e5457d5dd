using System.Security.Claims;
using System.Text;
using EvSysReview.ServiceDefaults.Security;
using EvSysReview.TestSupport;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace EvSysReview.Platform.Tests.Access;

/// <summary>The cache in front of token validation answers only for the very token it validated, and only until it expires.</summary>
public sealed class ValidatedTokenCacheTests
{
    private readonly CountingHandler _inner = new();
    private readonly ValidatedTokenCache _cache;

    public ValidatedTokenCacheTests() => _cache = new ValidatedTokenCache(_inner);

    [Fact]
    public async Task A_token_is_validated_once_and_later_requests_each_get_an_identity_of_their_own()
    {
        var token = TestTokens.Valid("alice");

        var first = await _cache.ValidateTokenAsync(token, Parameters());
        var second = await _cache.ValidateTokenAsync(token, Parameters());
        first.ClaimsIdentity.AddClaim(new Claim("added-by-one-request", "x"));
        var third = await _cache.ValidateTokenAsync(token, Parameters());

        Assert.Equal(1, _inner.Validations);
        Assert.True(second.IsValid);
        Assert.Equal("alice", third.ClaimsIdentity.Name);
        Assert.NotSame(first.ClaimsIdentity, second.ClaimsIdentity);
        Assert.Null(third.ClaimsIdentity.FindFirst("added-by-one-request"));
    }

    [Fact]
    public async Task A_token_differing_from_a_cached_one_in_its_signature_is_refused()
    {
        var token = TestTokens.Valid("alice");
        Assert.True((await _cache.ValidateTokenAsync(token, Parameters())).IsValid);
        var lastChar = token[^1] == 'A' ? 'B' : 'A';

        var altered = await _cache.ValidateTokenAsync(token[..^1] + lastChar, Parameters());
        var forged = await _cache.ValidateTokenAsync(TestTokens.ForgedSignature("alice"), Parameters());

        Assert.False(altered.IsValid);
        Assert.False(forged.IsValid);
        Assert.IsAssignableFrom<SecurityTokenSignatureKeyNotFoundException>(forged.Exception);
        Assert.Equal(3, _inner.Validations);
    }

    [Fact]
    public async Task A_cached_token_is_refused_once_it_has_expired()
    {
        var token = TestTokens.ExpiringIn("alice", TimeSpan.FromSeconds(1));
        Assert.True((await _cache.ValidateTokenAsync(token, Parameters())).IsValid);

        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var later = await _cache.ValidateTokenAsync(token, Parameters());

        Assert.False(later.IsValid);
        Assert.IsType<SecurityTokenExpiredException>(later.Exception);
        Assert.Equal(2, _inner.Validations);
    }

    /// <summary>As the hosts validate (AuthenticationExtensions), without clock skew so the expiry test is short.</summary>
    private static TokenValidationParameters Parameters() => new()
    {
        ValidIssuer = TestTokens.Issuer,
        ValidAudience = TestTokens.Audience,
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        ValidateIssuerSigningKey = true,
        ClockSkew = TimeSpan.Zero,
        NameClaimType = "sub",
        IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(TestTokens.SigningKey)),
    };

    private sealed class CountingHandler : JsonWebTokenHandler
    {
        private int _validations;

        public CountingHandler() => MapInboundClaims = false;

        public int Validations => Volatile.Read(ref _validations);

        public override Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
        {
            Interlocked.Increment(ref _validations);
            return base.ValidateTokenAsync(token, validationParameters);
        }
    }
}
