using BenchmarkDotNet.Attributes;
using EvSysReview.ServiceDefaults.Security;
using EvSysReview.TestSupport;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace EvSysReview.Benchmarks.Security;

/// <summary>
/// What the gateway and every service spend validating a reviewer's bearer token on each request
/// (decode, parse, HMAC-SHA256, claims), with the parameters the hosts set: the answer to "would
/// remembering validated tokens pay?" (docs/performance.md: 2.5 µs, not kept).
/// `dotnet tests/Benchmarks/bin/Release/net10.0/EvSysReview.Benchmarks.dll --filter '*TokenValidation*'`
/// </summary>
[MemoryDiagnoser]
public class TokenValidationBenchmarks
{
    private readonly string _token = TestTokens.Valid("reviewer-1");
    // The hosts' own parameters (AddTokenValidation's), for the test issuer's key.
    private readonly TokenValidationParameters _parameters = AuthenticationExtensions.ValidationParameters(new AuthSettings
    {
        Issuer = TestTokens.Issuer,
        Audience = TestTokens.Audience,
        SigningKey = TestTokens.SigningKey,
    });

    private readonly JsonWebTokenHandler _handler = new();

    [Benchmark]
    public Task<TokenValidationResult> FullValidation() => _handler.ValidateTokenAsync(_token, _parameters);
}
