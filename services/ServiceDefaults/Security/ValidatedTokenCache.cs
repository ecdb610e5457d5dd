using System.Collections.Concurrent;
using Microsoft.IdentityModel.Tokens;

namespace EvSysReview.ServiceDefaults.Security;

/// <summary>
/// Remembers the tokens that passed validation until they expire, so a reviewer's second and later
/// requests do not parse, verify and turn the same JWT into claims again: a screener sends hundreds
/// of requests with one token, and in a profile of the gateway under load validation was about an
/// eighth of its CPU (2 % of the screening host's). The key is the whole token, signature included,
/// so a token that differs in any character (a forged signature, an edited claim) is never answered
/// from here; an expired one is not either (the same expiry and clock skew as the validation). Each
/// caller gets its own copy of the identity, so nothing a request adds to it reaches another.
/// A token validated once stays accepted until it expires even if the issuer's signing key is
/// rotated meanwhile, as with any bearer token already handed out.
/// </summary>
public sealed class ValidatedTokenCache(TokenHandler inner) : TokenHandler
{
    /// <summary>Far above the tokens a deployment has alive at once (one per signed-in user); the
    /// cache starts over when it is full, which costs a validation per token and nothing else.</summary>
    public const int Capacity = 4_096;

    private readonly ConcurrentDictionary<string, Validated> _validated = new(StringComparer.Ordinal);
    private int _count;

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        if (_validated.TryGetValue(token, out var known) && DateTime.UtcNow <= known.Until) return known.Copy();

        var result = await inner.ValidateTokenAsync(token, validationParameters);
        // Only a token that expires is kept (RequireExpirationTime refuses the others anyway).
        if (result.IsValid && result.SecurityToken is { ValidTo: var expires } && expires > DateTime.MinValue)
        {
            if (Interlocked.Increment(ref _count) > Capacity)
            {
                _validated.Clear();
                Interlocked.Exchange(ref _count, 1);
            }

            var validated = new Validated(result, expires + validationParameters.ClockSkew);
            _validated[token] = validated;
            // This caller too gets a copy: the kept identity is never handed out.
            return validated.Copy();
        }

        return result;
    }

    public override SecurityToken ReadToken(string token) => inner.ReadToken(token);

    public override int MaximumTokenSizeInBytes
    {
        get => inner.MaximumTokenSizeInBytes;
        set => inner.MaximumTokenSizeInBytes = value;
    }

    /// <param name="Until">The last moment the validation would still accept it (expiry plus clock skew).</param>
    private sealed record Validated(TokenValidationResult Result, DateTime Until)
    {
        public TokenValidationResult Copy() => new()
        {
            IsValid = true,
            SecurityToken = Result.SecurityToken,
            ClaimsIdentity = Result.ClaimsIdentity.Clone(),
            Issuer = Result.Issuer,
            TokenType = Result.TokenType,
        };
    }
}
