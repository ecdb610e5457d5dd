namespace EvSysReview.Ingestion.Citations.EUtilities;

public sealed record EPostResult(string QueryKey, string WebEnv);

public sealed record EPostResponse(EPostResult? Result, EUtilitiesError? Error);

/// <summary>EPost's history handle (QueryKey + WebEnv) for a following EFetch.</summary>
public static class EPostResponseReader
{
    public static EPostResponse Read(Stream input)
    {
        var (root, error) = EUtilitiesXml.Load(input);
        if (error is not null) return new EPostResponse(null, error);
        if (EUtilitiesXml.ExpectRoot(root!, "ePostResult") is { } wrongRoot) return new EPostResponse(null, wrongRoot);
        var queryKey = root!.Element("QueryKey")?.Value.Trim();
        var webEnv = root.Element("WebEnv")?.Value.Trim();
        return string.IsNullOrEmpty(queryKey) || string.IsNullOrEmpty(webEnv)
            ? new EPostResponse(null, new EUtilitiesError(EUtilitiesErrorKind.MalformedResponse, "ePostResult without QueryKey and WebEnv"))
            : new EPostResponse(new EPostResult(queryKey, webEnv), null);
    }
}
