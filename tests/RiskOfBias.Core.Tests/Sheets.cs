using EvSysReview.RiskOfBias.Core.Assessments;
using EvSysReview.RiskOfBias.Core.Tools;

namespace EvSysReview.RiskOfBias.Core.Tests;

internal static class Sheets
{
    public static readonly RiskOfBiasTool Rob2 = ToolCatalogue.BuiltIn.Get(ToolCatalogue.Rob2);
    public static readonly RiskOfBiasTool Syrcle = ToolCatalogue.BuiltIn.Get(ToolCatalogue.Syrcle);
    public static readonly RiskOfBiasTool RobinsI = ToolCatalogue.BuiltIn.Get(ToolCatalogue.RobinsI);

    // Low in every RoB 2 domain: D1.R3, D2.P1.R1 + D2.P2.R1, D3.R1, D4.R3, D5.R2.
    public const string Rob2AllLow = "1.1=Y 1.2=Y 1.3=N 2.1=N 2.2=N 2.6=Y 3.1=Y 4.1=N 4.2=N 4.3=N 5.1=Y 5.2=N 5.3=N";

    public static AnswerSheet Fill(RiskOfBiasTool tool, string answers, AnswerSheet? start = null) =>
        AnswerText.Parse(answers).Aggregate(start ?? AnswerSheet.Empty(tool),
            (sheet, a) => sheet.WithAnswer(tool, a.Key, a.Value, $"quote for {a.Key}"));
}
