using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EvSysReview.Extraction.Core.Forms;
using EvSysReview.TestSupport;

namespace EvSysReview.EndToEnd.Tests.LivingReview;

/// <summary>The team of one project, each member speaking only HTTP to the gateway.</summary>
public sealed class ReviewTeam(DistributedSystem system, Guid projectId)
{
    public const string Lead = "alice";
    public const string ReviewerA = "bob";
    public const string ReviewerB = "carol";
    public const string Methodologist = "dana";

    public Guid ProjectId => projectId;

    public string Api(string service) => $"/api/{service}/projects/{projectId}";

    public async Task<JsonElement> GetAsync(string user, string path)
    {
        var response = await system.As(user).GetAsync(path);
        await ExpectAsync(HttpStatusCode.OK, response, $"GET {path} as {user}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Sends a JSON body (extraction's options: its enums and field names) and checks the status.</summary>
    public async Task<JsonElement> SendAsync(string user, HttpMethod method, string path, object? body, HttpStatusCode expected = HttpStatusCode.OK, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body, body.GetType(), options: ExtractionJson.Options);
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        var response = await system.As(user).SendAsync(request);
        await ExpectAsync(expected, response, $"{method} {path} as {user}");
        var text = await response.Content.ReadAsStringAsync();
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public Task<JsonElement> PostAsync(string user, string path, object? body = null, HttpStatusCode expected = HttpStatusCode.OK) =>
        SendAsync(user, HttpMethod.Post, path, body ?? new { }, expected);

    public async Task<JsonElement> PostFileAsync(string user, string path, string file, string mediaType)
    {
        var content = new ByteArrayContent(await File.ReadAllBytesAsync(file));
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        var response = await system.As(user).PostAsync(path, content);
        await ExpectAsync(HttpStatusCode.Accepted, response, $"POST {path} as {user}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Polls a GET until <paramref name="condition"/> holds for its body; returns that body.</summary>
    public async Task<JsonElement> WhenAsync(string user, string path, Func<JsonElement, bool> condition, string because, int seconds = 60)
    {
        JsonElement last = default;
        await Eventually.HoldsAsync(async () =>
        {
            var response = await system.As(user).GetAsync(path);
            if (!response.IsSuccessStatusCode) return false;
            last = await response.Content.ReadFromJsonAsync<JsonElement>();
            return condition(last);
        }, $"{because} (last answer: {(last.ValueKind == JsonValueKind.Undefined ? "none" : last.ToString())})", TimeSpan.FromSeconds(seconds));
        return last;
    }

    public static async Task ExpectAsync(HttpStatusCode expected, HttpResponseMessage response, string what)
    {
        if (response.StatusCode != expected)
            throw new Xunit.Sdk.XunitException($"{what}: expected {(int)expected}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}
