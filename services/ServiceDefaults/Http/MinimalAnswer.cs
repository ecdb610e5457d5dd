using Microsoft.AspNetCore.Http;

namespace EvSysReview.ServiceDefaults;

/// <summary>
/// RFC 7240's `Prefer: return=minimal`: a client that does not read the answer's body (the
/// screening page goes on to the next record) asks for none, and a command that honours it answers
/// 204 with `Preference-Applied: return=minimal`. Without the header the answer is unchanged.
/// </summary>
public static class MinimalAnswer
{
    public const string Preference = "return=minimal";

    public static bool Preferred(HttpRequest request)
    {
        foreach (var value in request.Headers["Prefer"])
        {
            if (value is null) continue;
            foreach (var part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                // A preference may carry parameters after ';' (RFC 7240 §2); the token is compared case-insensitively.
                if (part.Split(';', 2)[0].Trim().Equals(Preference, StringComparison.OrdinalIgnoreCase)) return true;
            }
        }

        return false;
    }

    public static IResult NoContent(HttpResponse response)
    {
        response.Headers["Preference-Applied"] = Preference;
        return TypedResults.NoContent();
    }
}
