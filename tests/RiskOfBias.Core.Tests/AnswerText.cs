namespace EvSysReview.RiskOfBias.Core.Tests;

// Test cases write answers the way the guidance tables do: "1.1=Y 1.2=PY 1.3=NI".
internal static class AnswerText
{
    public static Dictionary<string, string> Parse(string text) =>
        text.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('='))
            .ToDictionary(p => p[0], p => p[1]);
}
