using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EvSysReview.Reviews;
using EvSysReview.Reviews.Accounts;
using EvSysReview.ServiceDefaults;
using EvSysReview.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace EvSysReview.Platform.Tests.Reviews;

/// <summary>
/// The built-in token issuer on a reviews host of its own: an unknown username costs the same
/// password check as a known one, and attempts per username are limited.
/// </summary>
public sealed class SignInTests
{
    private const string AliceHash = "pbkdf2-sha256$100000$A/e8RQ189rEDtw0Y/z5khg==$t4eX9i36/U7kEtHWXagzqISE9rrqIZ0Zizgxzx6J/Us=";

    /// <summary>The real check, counting which hashes it was given.</summary>
    private sealed class RecordingVerifier : IPasswordVerifier
    {
        public ConcurrentQueue<string> Hashes { get; } = new();

        public bool Verify(string password, string encodedHash)
        {
            Hashes.Enqueue(encodedHash);
            return PasswordHash.Verify(password, encodedHash);
        }
    }

    private static Task<RunningHost> StartAsync(RecordingVerifier verifier, Dictionary<string, string?> extra)
    {
        var settings = TestTokens.HostSettings();
        settings["Storage:DataDirectory"] = Directory.CreateTempSubdirectory("evsys-signin-").FullName;
        settings["Auth:Users:0:Username"] = "alice";
        settings["Auth:Users:0:PasswordHash"] = AliceHash;
        foreach (var (key, value) in extra) settings[key] = value;
        return RunningHost.StartAsync(
            (args, configure) => ServiceHost.Create(args, builder => builder.AddReviews(), app => app.MapReviews(), builder =>
            {
                configure(builder);
                builder.Services.AddSingleton<IPasswordVerifier>(verifier);
            }),
            settings);
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    [Fact]
    public async Task An_unknown_username_is_checked_against_a_decoy_as_costly_as_the_costliest_user_hash_and_answered_alike()
    {
        var verifier = new RecordingVerifier();
        var costly = PasswordHash.Create("zed-pass", 150_000);
        await using var host = await StartAsync(verifier, new() { ["Auth:Users:1:Username"] = "zed", ["Auth:Users:1:PasswordHash"] = costly });
        var client = host.Client();

        var unknown = await client.PostAsJsonAsync("/api/auth/token", new { username = "mallory", password = "lead-demo-pass" });
        var wrong = await client.PostAsJsonAsync("/api/auth/token", new { username = "alice", password = "guess" });

        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        var (unknownProblem, wrongProblem) = (await Json(unknown), await Json(wrong));
        Assert.Equal(wrongProblem.GetProperty("detail").GetString(), unknownProblem.GetProperty("detail").GetString());
        Assert.Equal("password", unknownProblem.GetProperty("field").GetString());
        var hashes = verifier.Hashes.ToArray();
        Assert.Equal(2, hashes.Length);
        Assert.NotEqual(AliceHash, hashes[0]);
        Assert.NotEqual(costly, hashes[0]);
        Assert.Equal(150_000, PasswordHash.Iterations(hashes[0]));
        Assert.False(PasswordHash.Verify("lead-demo-pass", hashes[0]));
        Assert.Equal(AliceHash, hashes[1]);
    }

    [Fact]
    public async Task The_attempt_after_the_limit_for_a_username_is_refused_with_429_and_Retry_After_even_with_the_right_password()
    {
        var verifier = new RecordingVerifier();
        await using var host = await StartAsync(verifier, new() { ["Auth:SignInAttemptsPerMinute"] = "3" });
        var client = host.Client();

        for (var attempt = 0; attempt < 3; attempt++)
        {
            var wrong = await client.PostAsJsonAsync("/api/auth/token", new { username = "alice", password = $"guess-{attempt}" });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        var refused = await client.PostAsJsonAsync("/api/auth/token", new { username = "alice", password = "lead-demo-pass" });
        var otherUser = await client.PostAsJsonAsync("/api/auth/token", new { username = "bob", password = "guess" });

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        Assert.Equal("username", (await Json(refused)).GetProperty("field").GetString());
        // One attempt every 20 seconds once the burst of three is spent.
        var retryAfter = refused.Headers.RetryAfter!.Delta!.Value;
        Assert.InRange(retryAfter, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(20));
        Assert.Equal(HttpStatusCode.Unauthorized, otherUser.StatusCode);
        // The refused attempt never reached the password check.
        Assert.Equal(4, verifier.Hashes.Count);
    }
}
